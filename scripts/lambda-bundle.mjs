// The Lambda function as docs/guides/lambda.md tells users to build it: the one esbuild command
// the guide shows (a test checks that the guide shows exactly this), a throwaway project to run it
// in, and a fresh Node process that loads the bundle and calls its handler once. Shared by the
// Lambda test (test/integration/lambda) and the benchmark (bench/client.mjs), so both build and
// run the function the way the guide says.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

/**
 * The command, run in the function's project with its handler in index.ts. The banner gives the
 * ES module bundle a `require`: the AWS SDK inside it is CommonJS and requires Node's built-ins
 * (`node:https`…), which esbuild's ESM output cannot do by itself ("Dynamic require of
 * "node:https" is not supported" at load).
 */
export const LAMBDA_BUNDLE_COMMAND =
  'npx esbuild index.ts --bundle --platform=node --target=node22 --format=esm --minify ' +
  `--banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" ` +
  '--outfile=dist/index.mjs';

/**
 * A function project in a temporary folder under node_modules/.cache (so the AWS SDK and esbuild
 * resolve from the repository's node_modules, as from the project's own): `index.ts` holds the
 * handler, `node_modules/agentcore-xacct` links to `packageDir` (a folder with the package's
 * package.json and dist/), and `node_modules/.bin/esbuild` is the repository's esbuild.
 */
export function lambdaProject(name, handlerFile, packageDir) {
  const cache = join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, `agentcore-xacct-lambda-${name}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `fn-${name}`, private: true }));
  // The function's own (empty) tsconfig: the repository's would map the package to its sources.
  writeFileSync(join(dir, 'tsconfig.json'), '{}\n');
  copyFileSync(handlerFile, join(dir, 'index.ts'));
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules/esbuild/bin/esbuild'), join(dir, 'node_modules/.bin/esbuild'));
  if (packageDir !== undefined) symlinkSync(packageDir, join(dir, 'node_modules/agentcore-xacct'), 'dir');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the guide's command in the project; resolves to the bundle's path and size in bytes. */
export function buildLambda(dir, command = LAMBDA_BUNDLE_COMMAND) {
  execFileSync('sh', ['-c', command], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const bundle = join(dir, 'dist/index.mjs');
  return { bundle, bytes: statSync(bundle).size };
}

// Runs in the fresh process: load the bundle (which creates the client, outside the handler),
// call the handler once, and report the answer and the time each step took.
const RUNNER = `
const t0 = performance.now();
const { handler } = await import(process.argv[1]);
const t1 = performance.now();
const event = JSON.parse(process.argv[2]);
const context = { getRemainingTimeInMillis: () => 30000 };
const answer = await handler(event, context);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ answer, loadMs: t1 - t0, invokeMs: t2 - t1 }));
`;

/**
 * Loads the bundle in a fresh Node process and calls `handler(event)` once, with `env` (the
 * function's configuration, e.g. AGENT_RUNTIME_ARN, credentials and AWS_ENDPOINT_URL).
 * Resolves to the handler's answer, the load time (module load and client construction) and the
 * first invocation's time, in ms, measured inside that process.
 */
export function invokeInFreshProcess(bundle, event, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', RUNNER, bundle, JSON.stringify(event)],
      { env: { PATH: process.env.PATH, ...env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the function exited with ${code}: ${stderr}`));
      else resolve({ ...JSON.parse(stdout), stderr });
    });
  });
}
