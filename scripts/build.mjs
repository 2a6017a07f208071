#!/usr/bin/env node
// Builds dist/: declarations from tsc (one .d.ts per source file, so the public types keep their
// names and docs), JavaScript from esbuild (scripts/bundle-options.mjs): one bundle per entry point
// with shared chunks. Fewer, larger modules load markedly faster than tsc's file-per-module output
// (root-entry import time is a Lambda cold-start cost: see docs/benchmarks.md); STS, the control
// plane and the credential providers stay external packages loaded with import() when first used.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { buildJavaScript } from './bundle-options.mjs';

const root = new URL('..', import.meta.url).pathname;
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json', '--emitDeclarationOnly'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
await buildJavaScript({ absWorkingDir: root, outdir: 'dist', sourcemap: true });
chmodSync(new URL('../dist/cli/index.js', import.meta.url), 0o755);
