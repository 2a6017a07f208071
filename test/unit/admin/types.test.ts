/**
 * Type tests: the option types forbid what the functions refuse (each `@ts-expect-error` fails
 * the type check if the misuse compiles). The calls are never run.
 */
import type { BedrockAgentCoreControlClient } from '@aws-sdk/client-bedrock-agentcore-control';
import { describe, expect, it } from 'vitest';
import {
  type AccountAudit,
  auditAccount,
  createCrossAccountMemory,
  fixDrift,
  grantGatewayAccess,
  grantHarnessAccess,
  grantMemoryAccess,
  grantRuntimeAccess,
  revokeGatewayAccess,
  revokeHarnessAccess,
  revokeMemoryAccess,
  revokeRuntimeAccess,
  verifyAccess,
} from '../../../src/admin/index.js';
import { CALLER_ROLE_ARN, GATEWAY_ARN, HARNESS_ARN, MEMORY_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';

declare const client: BedrockAgentCoreControlClient;
declare const audit: AccountAudit;
const clientConfig = { region: 'eu-west-1' };
const runtime = { runtimeArn: RUNTIME_ARN, principals: [CALLER_ROLE_ARN] };
const memory = { memoryArn: MEMORY_ARN, readers: [CALLER_ROLE_ARN] };
const revokeMemory = { memoryArn: MEMORY_ARN, principals: [CALLER_ROLE_ARN] };
const gateway = { gatewayArn: GATEWAY_ARN, principals: [CALLER_ROLE_ARN] };
const harness = { harnessArn: HARNESS_ARN, principals: [CALLER_ROLE_ARN] };
const delivery = { region: 'eu-west-1', accountId: '111111111111', executionRoleName: 'Role' };

const offlineVerify = { targets: [{ runtimeArn: RUNTIME_ARN }] };

// Never called: `client` exists only for the type checker.
function misuses(): unknown[] {
  const both = { ...runtime, client, clientConfig };
  const neither = { ...runtime };
  const unconfirmed = { ...runtime, client };
  return [
    // @ts-expect-error client and clientConfig together
    grantRuntimeAccess(both),
    // @ts-expect-error client and clientConfig together
    grantMemoryAccess({ ...memory, client, clientConfig }),
    // @ts-expect-error neither client nor clientConfig, and not a dry run
    grantRuntimeAccess(neither),
    // @ts-expect-error a revoke needs confirm: true (or dryRun)
    revokeRuntimeAccess(unconfirmed),
    // @ts-expect-error confirm must be literally true
    revokeMemoryAccess({ ...revokeMemory, client, confirm: false }),
    // @ts-expect-error verifyAccess always reads: it needs a client
    verifyAccess(offlineVerify),
    // @ts-expect-error client and clientConfig together
    createCrossAccountMemory({ ...delivery, client, clientConfig }),
    // @ts-expect-error client and clientConfig together
    grantGatewayAccess({ ...gateway, client, clientConfig }),
    // @ts-expect-error neither client nor clientConfig, and not a dry run
    grantHarnessAccess({ ...harness }),
    // @ts-expect-error a revoke needs confirm: true (or dryRun)
    revokeGatewayAccess({ ...gateway, client }),
    // @ts-expect-error harnesses take no actions list: InvokeHarness always comes with InvokeAgentRuntime
    grantHarnessAccess({ ...harness, client, actions: ['InvokeHarness'] }),
    // @ts-expect-error confirm must be literally true
    revokeHarnessAccess({ ...harness, clientConfig, confirm: false }),
    // @ts-expect-error the audit always reads: it needs a client
    auditAccount({ trustedAccounts: ['222222222222'] }),
    // @ts-expect-error client and clientConfig together
    auditAccount({ client, clientConfig }),
    // @ts-expect-error client and clientConfig together
    fixDrift(audit, { dryRun: false, client, clientConfig }),
    // @ts-expect-error dryRun is a boolean
    fixDrift(audit, { dryRun: 'no' }),
  ];
}

function uses(): unknown[] {
  return [
    grantRuntimeAccess({ ...runtime, client }),
    grantRuntimeAccess({ ...runtime, clientConfig, dryRun: true }),
    grantRuntimeAccess({ ...runtime, dryRun: true }),
    grantMemoryAccess({ ...memory, clientConfig }),
    revokeRuntimeAccess({ ...runtime, client, confirm: true }),
    revokeRuntimeAccess({ ...runtime, dryRun: true }),
    revokeMemoryAccess({ ...revokeMemory, clientConfig, dryRun: true }),
    verifyAccess({ ...offlineVerify, clientConfig }),
    createCrossAccountMemory({ ...delivery, dryRun: true }),
    grantGatewayAccess({ ...gateway, clientConfig }),
    grantHarnessAccess({ ...harness, qualifiers: ['DEFAULT'], dryRun: true }),
    revokeGatewayAccess({ ...gateway, client, confirm: true }),
    revokeHarnessAccess({ ...harness, clientConfig, dryRun: true }),
    verifyAccess({ targets: [{ gatewayArn: GATEWAY_ARN }, { harnessArn: HARNESS_ARN }], client }),
    auditAccount({ client, organizationId: 'o-a1b2c3d4e5', pacing: false }),
    auditAccount({ clientConfig, onProgress: (p) => p.listed + p.read }),
    fixDrift(audit),
    fixDrift(audit, { dryRun: false }),
    fixDrift(audit, { dryRun: false, clientConfig }),
  ];
}

describe('admin option types', () => {
  it('compile as the type checker proves (tsc over test/)', () => {
    expect([misuses, uses].every((f) => typeof f === 'function')).toBe(true);
  });
});
