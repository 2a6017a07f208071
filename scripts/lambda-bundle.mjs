// The Lambda function as docs/guides/lambda.md tells users to build it: the packages the guide
// tells them to install and the esbuild command it shows, per access pattern (a test checks that
// the guide shows exactly these), a throwaway project holding only those packages to run it in,
// and a fresh Node process that loads the bundle and calls its handler once. Shared by the Lambda
// tests (test/integration/lambda) and the benchmark (bench/client.mjs), so both build and run the
// function the way the guide says.
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

// The optional peers the package loads with import() for what a function that invokes an agent
// never does: Account A administration (the control plane, IAM) and the doctor (STS). esbuild
// resolves every import() it finds, used or not, so without these flags the build stops with
// "Could not resolve" in a project that does not have them; with them, the bundle leaves them out.
const NEVER_LOADED = [
  '@aws-sdk/client-bedrock-agentcore-control',
  '@aws-sdk/client-iam',
  '@aws-sdk/client-sts',
];
// Assume-role access (pattern 2) loads it, and only it: its fromTemporaryCredentials calls STS
// through the SDK's own nested STS client, already in the bundle with the default credential chain.
const CREDENTIAL_PROVIDERS = '@aws-sdk/credential-providers';

const command = (externals) =>
  'npx esbuild index.ts --bundle --platform=node --target=node22 --format=esm --minify ' +
  `--banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" ` +
  externals.map((name) => `--external:${name} `).join('') +
  '--outfile=dist/index.mjs';

/**
 * The guide's build per access pattern: its install commands and its esbuild command, run in the
 * function's project with its handler in index.ts. The banner gives the ES module bundle a
 * `require`: the AWS SDK inside it is CommonJS and requires Node's built-ins (`node:https`…),
 * which esbuild's ESM output cannot do by itself ("Dynamic require of "node:https" is not
 * supported" at load).
 */
export const LAMBDA_BUILDS = {
  // Pattern 1: the README's minimal install; the credential providers are left out too.
  'resource-policy': {
    install: [
      'npm install agentcore-xacct @aws-sdk/client-bedrock-agentcore',
      'npm install --save-dev esbuild',
    ],
    command: command([...NEVER_LOADED, CREDENTIAL_PROVIDERS]),
  },
  // Pattern 2: the credential providers installed too, and bundled.
  'assume-role': {
    install: [
      'npm install agentcore-xacct @aws-sdk/client-bedrock-agentcore',
      'npm install --save-dev esbuild',
      `npm install ${CREDENTIAL_PROVIDERS}`,
    ],
    command: command(NEVER_LOADED),
  },
};

/** The packages a build's install commands install, by name. */
export function installedPackages(build) {
  return build.install.flatMap((line) =>
    line
      .split(' ')
      .slice(2)
      .filter((word) => !word.startsWith('-')),
  );
}

/**
 * A function project in a temporary folder outside the repository (so nothing resolves from the
 * repository's node_modules), `index.ts` holding the handler, with only `packages` installed:
 * each links to the repository's copy of it (their own dependencies then resolve from there, as
 * from an install's), except `agentcore-xacct`, a real folder `packageDir` with the package's
 * package.json (the caller puts its dist/ there) and, beside it, the dependencies it declares, as
 * npm installs them. What the package's code and the handler can import is then exactly what
 * those packages are: an import() of a package not among them fails as in the user's project.
 * `node_modules/.bin/esbuild` is esbuild's, when it is among them.
 */
export function lambdaProject(name, handlerFile, packages) {
  const dir = mkdtempSync(join(tmpdir(), `agentcore-xacct-lambda-${name}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `fn-${name}`, private: true }));
  // The function's own (empty) tsconfig: the repository's would map the package to its sources.
  writeFileSync(join(dir, 'tsconfig.json'), '{}\n');
  copyFileSync(handlerFile, join(dir, 'index.ts'));
  const modules = join(dir, 'node_modules');
  const link = (pkg) => {
    mkdirSync(dirname(join(modules, pkg)), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', pkg), join(modules, pkg), 'dir');
  };
  const packageDir = join(modules, 'agentcore-xacct');
  for (const pkg of packages) {
    if (pkg !== 'agentcore-xacct') link(pkg);
    else {
      mkdirSync(packageDir, { recursive: true });
      copyFileSync(join(ROOT, 'package.json'), join(packageDir, 'package.json'));
      const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
      for (const dependency of Object.keys(dependencies))
        if (!packages.includes(dependency)) link(dependency);
    }
  }
  if (packages.includes('esbuild')) {
    mkdirSync(join(modules, '.bin'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules/esbuild/bin/esbuild'), join(modules, '.bin/esbuild'));
  }
  return { dir, packageDir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a command of the guide (pattern 1's by default) in the project; resolves to the bundle's path and size in bytes. */
export function buildLambda(dir, command = LAMBDA_BUILDS['resource-policy'].command) {
  execFileSync('sh', ['-c', command], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const bundle = join(dir, 'dist/index.mjs');
  return { bundle, bytes: statSync(bundle).size };
}

// Runs in the fresh process: load the bundle (which creates the client, outside the handler),
// call the handler once, and report the answer and the time each step took. An error thrown by
// the load or the handler is reported as Lambda's runtime reports it (errorType, errorMessage),
// on stdout: Node's own report of an uncaught error quotes the line that threw, the whole
// minified bundle, and a pipe may lose its end when the process exits (Node 22 did).
const RUNNER = `
try {
  const t0 = performance.now();
  const { handler } = await import(process.argv[1]);
  const t1 = performance.now();
  const event = JSON.parse(process.argv[2]);
  const context = { getRemainingTimeInMillis: () => 30000 };
  const answer = await handler(event, context);
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ answer, loadMs: t1 - t0, invokeMs: t2 - t1 }));
} catch (error) {
  process.stdout.write(JSON.stringify({ errorType: error?.name, errorMessage: error?.message }));
  process.exitCode = 1;
}
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
      if (code === 0) {
        resolve({ ...JSON.parse(stdout), stderr });
        return;
      }
      let thrown;
      try {
        thrown = JSON.parse(stdout);
      } catch {
        thrown = undefined;
      }
      reject(
        new Error(
          thrown?.errorType === undefined
            ? `the function exited with ${code}: ${stderr}`
            : `the function threw ${thrown.errorType}: ${thrown.errorMessage}`,
        ),
      );
    });
  });
}
