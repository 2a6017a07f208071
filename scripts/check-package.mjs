#!/usr/bin/env node
// Packaging check: pack the library as CI would publish it and use the tarball as users will.
//
// 1. A clean copy of the repository (the tracked files only: no dist/, no node_modules/), `npm ci`,
//    `npm pack`: the `prepack` script must build, so the tarball holds dist/ without a prior build.
// 2. The full install (the tarball and every AWS SDK peer): import every entry, require() the root,
//    type-check a consumer against the published declarations, run the CLI.
// 3. The README's minimal install (the tarball and the data-plane client only): every entry's
//    declarations type-check without the optional peers, the root entry loads, and
//    `npx agentcore-xacct demo`, an Account A function, `client.connect` and a gateway call name
//    the missing optional peer and its install command in one line.
// Exits non-zero on the first failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const check = (condition, message) => {
  if (!condition) throw new Error(message);
};
const npmInstall = (cwd, specs) =>
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...specs], cwd);
const newApp = (dir) => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  return dir;
};

// Type-checks `source` as a consumer in `dir` with skipLibCheck off (TypeScript's default), so a
// .d.ts that references something not installed there fails here, not in a user's build.
const typeCheck = (dir, source) => {
  writeFileSync(join(dir, 'consumer.ts'), source);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        strict: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        noEmit: true,
        types: ['node'],
      },
      files: ['consumer.ts'],
    }),
  );
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], dir);
};
const typesNode = `@types/node@${pkg.devDependencies['@types/node']}`;

const work = mkdtempSync(join(tmpdir(), 'agentcore-xacct-pack-'));
try {
  // 1. A clean copy, packed without a prior build.
  const clean = join(work, 'clean');
  const tracked = run('git', ['ls-files', '-z'], root).split('\0').filter(Boolean);
  for (const file of tracked) {
    mkdirSync(dirname(join(clean, file)), { recursive: true });
    try {
      copyFileSync(join(root, file), join(clean, file));
    } catch (error) {
      if (error.code !== 'ENOENT') throw error; // deleted in the working tree, not yet committed
    }
  }
  run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], clean);
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], clean));
  const { filename, files } = packed[0];
  const tarball = join(work, filename);
  const paths = files.map((f) => f.path);
  check(
    paths.some((p) => p.startsWith('dist/')),
    'the tarball has no dist/: prepack did not build',
  );
  const leaked = paths.filter(
    (p) => /^(src|test|\.ci|scripts|bench|examples)\//.test(p) || p.endsWith('.test.js'),
  );
  check(leaked.length === 0, `tarball contains files users do not need: ${leaked.join(', ')}`);
  for (const entry of [...Object.values(pkg.exports), ...Object.values(pkg.bin)]) {
    const targets = typeof entry === 'string' ? [entry] : Object.values(entry);
    for (const target of targets) {
      check(paths.includes(target.replace(/^\.\//, '')), `${target} (exports or bin) is not in the tarball`);
    }
  }
  // A source map either carries its sources (sourcesContent) or points at files in the tarball:
  // none may point at src/, which is not shipped (declaration maps did: declarationMap is off).
  for (const map of paths.filter((p) => p.endsWith('.map'))) {
    const { sources = [], sourcesContent = [] } = JSON.parse(readFileSync(join(clean, map), 'utf8'));
    const nowhere = sources.filter(
      (source, i) => typeof sourcesContent[i] !== 'string' && !paths.includes(join(dirname(map), source)),
    );
    check(nowhere.length === 0, `${map} points at sources not in the tarball: ${nowhere.join(', ')}`);
  }
  // Every AccessDenied message links to it (src/diagnose/summary.ts: TROUBLESHOOTING_FILE).
  check(paths.includes('docs/troubleshooting.md'), 'docs/troubleshooting.md is not in the tarball');
  console.log(`packed ${filename} from a clean copy (prepack built it): ${files.length} files`);

  // 2. The full install.
  const app = newApp(join(work, 'app'));
  const peers = Object.keys(pkg.peerDependencies).map(
    (name) => `${name}@${pkg.devDependencies[name] ?? pkg.peerDependencies[name]}`,
  );
  npmInstall(app, [tarball, ...peers, typesNode]);

  const subpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json');
  const specifiers = subpaths.map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));
  const esm = `
    for (const s of ${JSON.stringify(specifiers)}) {
      const m = await import(s);
      const names = Object.keys(m);
      if (names.length === 0) throw new Error(s + ' exports nothing');
      console.log('import ' + s + ': ' + names.length + ' exports');
    }`;
  process.stdout.write(run(process.execPath, ['--input-type=module', '-e', esm], app));
  const cjs = `const m = require(${JSON.stringify(pkg.name)}); if (Object.keys(m).length === 0) throw new Error('require() gave nothing'); console.log('require ${pkg.name}: ' + Object.keys(m).length + ' exports');`;
  process.stdout.write(run(process.execPath, ['--no-warnings', '-e', cjs], app));
  const importEvery = specifiers.map((s, i) => `import * as m${i} from '${s}';\nvoid m${i};`).join('\n');
  // With the peers installed, their own clients and configurations are what the options take, and
  // what is not one is refused (each @ts-expect-error fails the check if it type-checks).
  const peerClients = `
import { BedrockAgentCoreControlClient, type BedrockAgentCoreControlClientConfig } from '@aws-sdk/client-bedrock-agentcore-control';
import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { ApplyAccessFixOptions, AssumeRoleAccess, ControlPlaneAccess } from 'agentcore-xacct';
declare const controlConfig: BedrockAgentCoreControlClientConfig;
declare const iamConfig: IAMClientConfig;
type StsConfig = NonNullable<Parameters<typeof fromTemporaryCredentials>[0]['clientConfig']>;
declare const stsConfig: StsConfig;
export const owner: ControlPlaneAccess = { client: new BedrockAgentCoreControlClient({ region: 'eu-west-1' }) };
export const ownerConfig: ControlPlaneAccess = { clientConfig: controlConfig };
export const fix: ApplyAccessFixOptions = { owner, caller: { client: new IAMClient({}) } };
export const fixConfig: ApplyAccessFixOptions = { caller: { clientConfig: iamConfig } };
export const role: AssumeRoleAccess = { mode: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/r', stsClientConfig: stsConfig };
// @ts-expect-error a string is not a client
export const notAClient: ControlPlaneAccess = { client: 'eu-west-1' };
// @ts-expect-error a misspelt configuration member
export const misspelt: ControlPlaneAccess = { clientConfig: { regoin: 'eu-west-1' } };
`;
  typeCheck(app, `${importEvery}\n${peerClients}`);
  console.log(
    'declarations type-check in a consumer with every peer (skipLibCheck: false), real SDK clients accepted',
  );
  const version = run('npx', ['--no-install', 'agentcore-xacct', '--version'], app).trim();
  check(version === pkg.version, `npx agentcore-xacct --version printed ${version}`);
  console.log(`npx agentcore-xacct --version: ${version}`);

  // 3. The README's minimal install: the package and the data-plane client.
  const minimal = newApp(join(work, 'minimal'));
  const dataPlane = '@aws-sdk/client-bedrock-agentcore';
  // (and TypeScript's node types, as any TypeScript project has): every entry's declarations
  // type-check without the optional peers.
  npmInstall(minimal, [tarball, `${dataPlane}@${pkg.devDependencies[dataPlane]}`, typesNode]);
  typeCheck(minimal, `${importEvery}\n`);
  console.log('minimal install: every entry type-checks (skipLibCheck: false) without the optional peers');
  process.stdout.write(
    run(
      process.execPath,
      ['--input-type=module', '-e', esm.replace(JSON.stringify(specifiers), '["agentcore-xacct"]')],
      minimal,
    ),
  );
  const demo = spawnSync('npx', ['--no-install', 'agentcore-xacct', 'demo'], {
    cwd: minimal,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const control = '@aws-sdk/client-bedrock-agentcore-control';
  const sts = '@aws-sdk/client-sts';
  const iam = '@aws-sdk/client-iam';
  const hint = `agentcore-xacct: The demo needs ${control}, ${sts}, ${iam}, optional peer dependencies that are not installed: run npm install ${control} ${sts} ${iam}\n`;
  // One message (wrapped to the 80 columns of a pipe: its continuation lines are indented).
  const stderr = demo.stderr.replace(/\n {2}/g, ' ');
  check(
    demo.status === 1 && stderr === hint && demo.stdout === '',
    `npx agentcore-xacct demo with the minimal install: exit ${demo.status}, stderr:\n${demo.stderr}\nexpected exit 1, stderr:\n${hint}`,
  );
  console.log(`minimal install, npx agentcore-xacct demo: ${stderr.trim()}`);
  const grant = `
    import { grantRuntimeAccess, isMissingDependencyError } from 'agentcore-xacct';
    try {
      await grantRuntimeAccess({
        runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
        principals: ['arn:aws:iam::222222222222:role/the-caller-role'],
        clientConfig: { region: 'eu-west-1' },
      });
      throw new Error('grantRuntimeAccess worked without the control-plane client');
    } catch (error) {
      if (!isMissingDependencyError(error)) throw error;
      console.log(error.message);
    }`;
  const message = run(process.execPath, ['--input-type=module', '-e', grant], minimal).trim();
  check(
    message.includes(`npm install ${control}`) && !message.includes('\n'),
    `grantRuntimeAccess without ${control}: ${message}`,
  );
  console.log(`minimal install, grantRuntimeAccess: ${message}`);
  // The optional peers of WebSocket sessions and gateways: named, with their install command,
  // before anything is sent (static credentials: no lookup, no request).
  const optionalPeers = `
    import { CrossAccountAgentClient, isMissingDependencyError } from 'agentcore-xacct';
    const client = new CrossAccountAgentClient({
      access: { mode: 'resource-policy', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } },
      retry: false,
    });
    for (const call of [
      () => client.connect({ runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij' }),
      () => client.gateway('arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij').listTools(),
    ]) {
      try {
        await call();
        throw new Error('worked without the optional peer');
      } catch (error) {
        if (!isMissingDependencyError(error)) throw error;
        console.log(error.message);
      }
    }
    client.destroy();`;
  const peerMessages = run(process.execPath, ['--input-type=module', '-e', optionalPeers], minimal)
    .trim()
    .split('\n');
  check(
    peerMessages.length === 2 &&
      peerMessages[0].endsWith('run npm install ws') &&
      peerMessages[1].endsWith('run npm install @modelcontextprotocol/sdk'),
    `connect and gateway without their optional peers: ${peerMessages.join(' | ')}`,
  );
  for (const line of peerMessages) console.log(`minimal install, ${line}`);
  console.log('packaging check passed');
} finally {
  rmSync(work, { recursive: true, force: true });
}
