/**
 * examples/lambda-gateway.ts as users run it: built with the Lambda guide's pattern 2 esbuild command
 * in a project with only the guide's packages and the MCP SDK (bundled in), loaded in a fresh Node process, and invoked with its configuration in the
 * environment; a function in Account B calls a tool of the gateway in Account A on the emulator,
 * in both access patterns, and a caller the gateway does not allow gets its 403.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJavaScript } from '../../../scripts/bundle-options.mjs';
import {
  buildLambda,
  installedPackages,
  invokeInFreshProcess,
  LAMBDA_BUILDS,
  lambdaProject,
} from '../../../scripts/lambda-bundle.mjs';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ACCOUNT_A, CALLER_ROLE_ARN, REGION } from '../../fixtures/arns.js';
import { grant, PATTERNS } from '../client/access-patterns.js';
import { EXTERNAL_ID, INVOKER_ROLE_ARN } from '../client/setup.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const GATEWAY_ARN = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT_A}:gateway/tools-gateway-abcdefghij`;

let bundle: string;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  // The guide's pattern 2 install (the function runs both patterns) and the MCP SDK it imports.
  const build = LAMBDA_BUILDS['assume-role'];
  const project = lambdaProject('gateway', join(ROOT, 'examples/lambda-gateway.ts'), [
    ...installedPackages(build),
    '@modelcontextprotocol/sdk',
  ]);
  cleanups.push(project.cleanup);
  await buildJavaScript({ absWorkingDir: ROOT, outdir: join(project.packageDir, 'dist') });
  bundle = buildLambda(project.dir, build.command).bundle;
}, 120_000);
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

function environment(emulator: LocalAgentCore, pattern: string): Record<string, string> {
  const { accessKeyId, secretAccessKey } = emulator.credentialsFor(CALLER_ROLE_ARN);
  return {
    GATEWAY_ARN,
    GATEWAY_URL: emulator.gatewayUrl(GATEWAY_ARN),
    ...(pattern === 'assume-role' ? { INVOKER_ROLE_ARN, INVOKER_EXTERNAL_ID: EXTERNAL_ID } : {}),
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_REGION: REGION,
    // STS (pattern 2) goes to the emulator too.
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

describe.each(PATTERNS)(
  'a Lambda function in Account B calls a gateway tool in Account A (%s)',
  (pattern) => {
    let emulator: LocalAgentCore;
    beforeAll(async () => {
      emulator = await startLocalAgentCore();
    });
    afterAll(() => emulator.stop());

    it('answers the tool output', async () => {
      await grant(emulator, pattern, [{ resourceArns: [GATEWAY_ARN], actions: ['InvokeGateway'] }]);
      const result = await invokeInFreshProcess(
        bundle,
        { tool: 'echo-target___echo', arguments: { text: 'hello from Lambda' } },
        environment(emulator, pattern),
      );
      expect(result.stderr).toBe('');
      expect(result.answer).toEqual({ statusCode: 200, text: 'hello from Lambda' });
    }, 30_000);

    it('answers 403 when the gateway does not allow the caller, and logs the diagnosis', async () => {
      await grant(emulator, pattern, [{ resourceArns: [GATEWAY_ARN], actions: ['GetGateway'] }]);
      const result = await invokeInFreshProcess(
        bundle,
        { tool: 'echo-target___echo', arguments: { text: 'x' } },
        environment(emulator, pattern),
      );
      expect(result.answer).toEqual({ statusCode: 403, error: 'The gateway refused this caller.' });
      expect(result.stderr).toContain('bedrock-agentcore:InvokeGateway');
    }, 30_000);
  },
);
