/**
 * The Lambda guide's build, exactly as documented: the command the guide shows, run in a function
 * project whose handler is examples/lambda-invoke.ts and whose node_modules holds the built
 * package; then the bundle is loaded in a fresh Node process (as Lambda does) and answers one
 * invocation from the emulator. The plain-SDK function builds and runs the same way.
 * Regression: the guide's command used to build a bundle that crashed on load with
 * `Dynamic require of "node:https" is not supported`.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJavaScript } from '../../../scripts/bundle-options.mjs';
import {
  buildLambda,
  invokeInFreshProcess,
  LAMBDA_BUNDLE_COMMAND,
  lambdaProject,
} from '../../../scripts/lambda-bundle.mjs';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { CALLER_ROLE_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { grantResourcePolicies } from '../client/setup.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const guide = readFileSync(join(ROOT, 'docs/guides/lambda.md'), 'utf8');

let emulator: LocalAgentCore;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  emulator = await startLocalAgentCore();
  await grantResourcePolicies(emulator, CALLER_ROLE_ARN, [RUNTIME_ARN]);
});
afterAll(async () => {
  for (const cleanup of cleanups) cleanup();
  await emulator.stop();
});

/** The function's configuration, pointed at the emulator with the caller role's keys. */
function environment(): Record<string, string> {
  const { accessKeyId, secretAccessKey } = emulator.credentialsFor(CALLER_ROLE_ARN);
  return {
    AGENT_RUNTIME_ARN: RUNTIME_ARN,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

describe('the Lambda guide', () => {
  it('shows the one build command the test runs', () => {
    const commands = [...guide.matchAll(/^(npx esbuild .*)$/gm)].map((m) => m[1]);
    expect(commands).toEqual([LAMBDA_BUNDLE_COMMAND]);
  });

  it('builds examples/lambda-invoke.ts into a function that loads and answers in a fresh process', async () => {
    // The package as installed: its package.json and the built dist/, nothing else.
    const project = lambdaProject('guide', join(ROOT, 'examples/lambda-invoke.ts'));
    cleanups.push(project.cleanup);
    const pkg = join(project.dir, 'node_modules/agentcore-xacct');
    mkdirSync(pkg, { recursive: true });
    copyFileSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
    await buildJavaScript({ absWorkingDir: ROOT, outdir: join(pkg, 'dist') });

    const { bundle, bytes } = buildLambda(project.dir);
    expect(bytes).toBeGreaterThan(100_000);

    const result = await invokeInFreshProcess(bundle, { prompt: 'Hello from Lambda' }, environment());
    expect(result.stderr).toBe('');
    expect(result.answer).toMatchObject({ statusCode: 200 });
    expect(JSON.parse((result.answer as { answer: string }).answer)).toMatchObject({
      echo: { prompt: 'Hello from Lambda' },
    });
  }, 60_000);

  it('builds the plain-SDK function the same way, and it answers too', async () => {
    const project = lambdaProject('raw', join(ROOT, 'bench/lambda-raw-handler.ts'));
    cleanups.push(project.cleanup);
    const { bundle } = buildLambda(project.dir);
    const result = await invokeInFreshProcess(bundle, { prompt: 'plain' }, environment());
    expect(result.answer).toMatchObject({ statusCode: 200 });
  }, 60_000);

  it('the old command (no require banner) builds a function that crashes on load', async () => {
    const project = lambdaProject('old', join(ROOT, 'bench/lambda-raw-handler.ts'));
    cleanups.push(project.cleanup);
    const old =
      'npx esbuild index.ts --bundle --platform=node --format=esm --minify --outfile=dist/index.mjs';
    const { bundle } = buildLambda(project.dir, old);
    await expect(invokeInFreshProcess(bundle, { prompt: 'x' }, environment())).rejects.toThrow(
      /Dynamic require of "[a-z:]+" is not supported/,
    );
  }, 60_000);
});
