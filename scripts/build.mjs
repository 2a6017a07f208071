#!/usr/bin/env node
// Builds dist/: declarations from tsc (one .d.ts per source file, so the public types keep their
// names and docs), JavaScript from esbuild, one bundle per entry point with shared chunks. Fewer,
// larger modules load markedly faster than tsc's file-per-module output (root-entry import time is
// a Lambda cold-start cost: see docs/benchmarks.md), and dynamic import()s stay separate chunks, so
// STS, the control plane and the emulator still load only when used.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { bundleOptions } from './bundle-options.mjs';

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
await build({
  absWorkingDir: root,
  ...bundleOptions,
  entryPoints: ['src/index.ts', 'src/policy/index.ts', 'src/testing/index.ts', 'src/cli/index.ts'],
  outdir: 'dist',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
});
chmodSync(new URL('../dist/cli/index.js', import.meta.url), 0o755);
