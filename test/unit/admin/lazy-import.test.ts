/**
 * The control-plane client package is an optional peer dependency: src/admin never imports it
 * statically, and loads it only when a function sends a request.
 */
import { build, type Metafile } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN_ROLE_ARN, CALLER_ROLE_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';

const loaded = vi.hoisted(() => new Set<string>());
vi.mock('@aws-sdk/client-bedrock-agentcore-control', async (importOriginal) => {
  loaded.add('@aws-sdk/client-bedrock-agentcore-control');
  return importOriginal();
});

describe('@aws-sdk/client-bedrock-agentcore-control', () => {
  it('is not a static import of src/admin (type-only imports are erased)', async () => {
    const result = await build({
      entryPoints: ['src/admin/index.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const edges = Object.values((result.metafile as Metafile).inputs).flatMap((input) => input.imports);
    const kinds = (name: string) => edges.filter((edge) => edge.path === name).map((edge) => edge.kind);
    expect(kinds('@aws-sdk/client-bedrock-agentcore-control')).toEqual(['dynamic-import']);
    // IAM (applyAccessFix's identity changes) is an optional peer too.
    expect(kinds('@aws-sdk/client-iam')).toEqual(['dynamic-import']);
    expect(edges.filter((edge) => edge.path.startsWith('@aws-sdk/')).map((edge) => edge.kind)).toEqual([
      'dynamic-import',
      'dynamic-import',
    ]);
  });

  it('is not loaded by a dry run without a client, and is loaded by one with a clientConfig', async () => {
    const { createCrossAccountMemory, grantRuntimeAccess, revokeRuntimeAccess } = await import(
      '../../../src/admin/index.js'
    );
    await grantRuntimeAccess({ runtimeArn: RUNTIME_ARN, principals: [CALLER_ROLE_ARN], dryRun: true });
    await revokeRuntimeAccess({ runtimeArn: RUNTIME_ARN, principals: [CALLER_ROLE_ARN], dryRun: true });
    await createCrossAccountMemory({
      region: 'eu-west-1',
      accountId: '111111111111',
      executionRoleName: 'MemoryCrossAccountRole',
      kinesis: { streamArn: 'arn:aws:kinesis:eu-west-1:222222222222:stream/s' },
      dryRun: true,
    });
    expect([...loaded]).toEqual([]);

    const { startLocalAgentCore } = await import('../../../src/testing/index.js');
    const emulator = await startLocalAgentCore();
    try {
      const plan = await grantRuntimeAccess({
        runtimeArn: RUNTIME_ARN,
        principals: [CALLER_ROLE_ARN],
        clientConfig: emulator.clientConfig(ADMIN_ROLE_ARN),
        dryRun: true,
      });
      expect(plan.currentRead).toBe(true);
    } finally {
      await emulator.stop();
    }
    expect([...loaded]).toEqual(['@aws-sdk/client-bedrock-agentcore-control']);
  });
});
