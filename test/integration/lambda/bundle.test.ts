/**
 * The Lambda guide's build, exactly as documented, per access pattern: the packages the guide
 * says to install (and only those: the project is outside the repository) and the esbuild command
 * it shows, on examples/lambda-invoke.ts; then the bundle is loaded in a fresh Node process (as
 * Lambda does) and answers one invocation from the emulator. The plain-SDK function builds and
 * runs the same way.
 * Regressions: the guide's command used to build a bundle that crashed on load with
 * `Dynamic require of "node:https" is not supported`; then, in a project with only the documented
 * packages, to stop with "Could not resolve" on the optional peers the package loads with import().
 */
import { readFileSync } from 'node:fs';
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
import { CALLER_ROLE_ARN, ENDPOINT_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { grant } from '../client/access-patterns.js';
import { EXTERNAL_ID, INVOKER_ROLE_ARN } from '../client/setup.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const guide = readFileSync(join(ROOT, 'docs/guides/lambda.md'), 'utf8');
// The plain-SDK function's packages: it assumes the role with fromTemporaryCredentials in pattern 2.
const PLAIN_SDK = ['@aws-sdk/client-bedrock-agentcore', '@aws-sdk/credential-providers', 'esbuild'];

let emulator: LocalAgentCore;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  emulator = await startLocalAgentCore();
});
afterAll(async () => {
  for (const cleanup of cleanups) cleanup();
  await emulator.stop();
});

/** The function's configuration, pointed at the emulator with the caller role's keys. */
function environment(pattern: keyof typeof LAMBDA_BUILDS): Record<string, string> {
  const { accessKeyId, secretAccessKey } = emulator.credentialsFor(CALLER_ROLE_ARN);
  return {
    AGENT_RUNTIME_ARN: RUNTIME_ARN,
    ...(pattern === 'assume-role' ? { INVOKER_ROLE_ARN, INVOKER_EXTERNAL_ID: EXTERNAL_ID } : {}),
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_REGION: 'eu-west-1',
    // STS (pattern 2) goes to the emulator too.
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** A project with the packages of `pattern`'s install and the package built into it. */
async function functionProject(name: string, pattern: keyof typeof LAMBDA_BUILDS) {
  const project = lambdaProject(
    name,
    join(ROOT, 'examples/lambda-invoke.ts'),
    installedPackages(LAMBDA_BUILDS[pattern]),
  );
  cleanups.push(project.cleanup);
  await buildJavaScript({ absWorkingDir: ROOT, outdir: join(project.packageDir, 'dist') });
  return project;
}

describe('the Lambda guide', () => {
  it('shows the install and build commands the tests run, and no other', () => {
    const builds = Object.values(LAMBDA_BUILDS);
    expect([...guide.matchAll(/^(npx esbuild .*)$/gm)].map((m) => m[1])).toEqual(
      builds.map((b) => b.command),
    );
    expect([...new Set([...guide.matchAll(/^(npm install .*)$/gm)].map((m) => m[1]))]).toEqual([
      ...new Set(builds.flatMap((b) => b.install)),
    ]);
  });

  for (const pattern of ['resource-policy', 'assume-role'] as const) {
    it(`builds examples/lambda-invoke.ts with only ${pattern}'s documented packages, and it answers in a fresh process`, async () => {
      await grant(emulator, pattern, [
        { resourceArns: [RUNTIME_ARN, ENDPOINT_ARN], actions: ['InvokeAgentRuntime'] },
      ]);
      const project = await functionProject(pattern, pattern);
      const { bundle, bytes } = buildLambda(project.dir, LAMBDA_BUILDS[pattern].command);
      expect(bytes).toBeGreaterThan(100_000);

      const result = await invokeInFreshProcess(
        bundle,
        { prompt: 'Hello from Lambda' },
        environment(pattern),
      );
      expect(result.stderr).toBe('');
      expect(result.answer).toMatchObject({ statusCode: 200 });
      expect(JSON.parse((result.answer as { answer: string }).answer)).toMatchObject({
        echo: { prompt: 'Hello from Lambda' },
      });
    }, 60_000);
  }

  it("pattern 1's bundle, configured for pattern 2, names the package it lacks and its install", async () => {
    const project = await functionProject('p1-as-p2', 'resource-policy');
    const { bundle } = buildLambda(project.dir, LAMBDA_BUILDS['resource-policy'].command);
    await expect(invokeInFreshProcess(bundle, { prompt: 'x' }, environment('assume-role'))).rejects.toThrow(
      /@aws-sdk\/credential-providers.*npm install @aws-sdk\/credential-providers/,
    );
  }, 60_000);

  it('without the --external flags, the minimal install does not build: the flags are what makes it', async () => {
    const project = await functionProject('no-externals', 'resource-policy');
    const bare = LAMBDA_BUILDS['resource-policy'].command.replace(/--external:\S+ /g, '');
    expect(() => buildLambda(project.dir, bare)).toThrow(/Could not resolve "@aws-sdk\/client-iam"/);
  }, 60_000);

  it('builds the plain-SDK function the same way, and it answers too', async () => {
    await grant(emulator, 'resource-policy', [
      { resourceArns: [RUNTIME_ARN, ENDPOINT_ARN], actions: ['InvokeAgentRuntime'] },
    ]);
    const project = lambdaProject('raw', join(ROOT, 'bench/lambda-raw-handler.ts'), PLAIN_SDK);
    cleanups.push(project.cleanup);
    const { bundle } = buildLambda(project.dir);
    const result = await invokeInFreshProcess(bundle, { prompt: 'plain' }, environment('resource-policy'));
    expect(result.answer).toMatchObject({ statusCode: 200 });
  }, 60_000);

  it('the old command (no require banner) builds a function that crashes on load', async () => {
    const project = lambdaProject('old', join(ROOT, 'bench/lambda-raw-handler.ts'), PLAIN_SDK);
    cleanups.push(project.cleanup);
    const old =
      'npx esbuild index.ts --bundle --platform=node --format=esm --minify --outfile=dist/index.mjs';
    const { bundle } = buildLambda(project.dir, old);
    await expect(
      invokeInFreshProcess(bundle, { prompt: 'x' }, environment('resource-policy')),
    ).rejects.toThrow(/Dynamic require of "[a-z:]+" is not supported/);
  }, 60_000);
});
