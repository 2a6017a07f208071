#!/usr/bin/env node
// Packaging check: pack the library as npm would publish it, install the tarball into an empty
// project (with the AWS SDK peers), then import every entry point and require() the root, the way
// users will. Run after `npm run build`. Exits non-zero on the first failure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

const work = mkdtempSync(join(tmpdir(), 'agentcore-xacct-pack-'));
try {
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root));
  const { filename, files } = packed[0];
  const paths = files.map((f) => f.path);
  const leaked = paths.filter((p) => /^(src|test|\.ci|scripts|bench)\//.test(p) || p.endsWith('.test.js'));
  if (leaked.length > 0) throw new Error(`tarball contains files users do not need: ${leaked.join(', ')}`);
  for (const entry of Object.values(pkg.exports)) {
    const targets = typeof entry === 'string' ? [entry] : Object.values(entry);
    for (const target of targets) {
      if (!paths.includes(target.replace(/^\.\//, '')))
        throw new Error(`exports target ${target} is not in the tarball`);
    }
  }
  console.log(`packed ${filename}: ${files.length} files`);

  const app = join(work, 'app');
  run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  const peers = Object.keys(pkg.peerDependencies).map(
    (name) => `${name}@${pkg.devDependencies[name] ?? pkg.peerDependencies[name]}`,
  );
  const types = `@types/node@${pkg.devDependencies['@types/node']}`;
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, filename), ...peers, types],
    app,
  );

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
  // Type-check a consumer against the published declarations with skipLibCheck off, so a .d.ts
  // that references something missing from the tarball fails here, not in a user's build.
  const consumer = specifiers.map((s, i) => `import * as m${i} from '${s}';\nvoid m${i};`).join('\n');
  writeFileSync(join(app, 'consumer.ts'), `${consumer}\n`);
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        types: ['node'],
      },
      files: ['consumer.ts'],
    }),
  );
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', app], app);
  console.log('declarations type-check in a consumer (skipLibCheck: false)');
  console.log('packaging check passed');
} finally {
  rmSync(work, { recursive: true, force: true });
}
