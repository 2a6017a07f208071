#!/usr/bin/env node
// Runs every benchmark in bench/ (each a standalone script printing a markdown section) one after
// another, so they never compete for the 2 cores, and writes docs/benchmarks.md with the machine,
// the command and each section. `npm run bench` builds first; `npm run bench -- explain` runs one
// and replaces (or adds) its own section of docs/benchmarks.md.
// The benchmarks run on Node 22, the baseline: on another Node this fetches node@22 with npx.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const BASELINE = '22';
const node =
  process.versions.node.split('.')[0] === BASELINE
    ? process.execPath
    : execFileSync('npx', ['-y', `node@${BASELINE}`, '-p', 'process.execPath'], { encoding: 'utf8' }).trim();
const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();

const dir = new URL('.', import.meta.url);
const only = process.argv.slice(2);
const scripts = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const sections = [];
for (const script of scripts) {
  process.stderr.write(`bench: ${script}\n`);
  const started = Date.now();
  const out = execFileSync(node, [new URL(script, dir).pathname], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
    maxBuffer: 16 * 1024 * 1024,
  });
  sections.push(
    `${out.trim()}\n\nReproduce: \`npm run build && npx -y node@${BASELINE} bench/${script}\` (${((Date.now() - started) / 1000).toFixed(1)} s).`,
  );
  process.stdout.write(`${out.trim()}\n\n`);
}

const cpu = cpus();
const header = [
  '# Benchmarks',
  '',
  'Produced by `npm run bench` (all benchmarks, one after another). Each section names the script that',
  'reproduces it alone. The machine is shared and noisy, so every figure that matters is a ratio',
  'against the plain AWS SDK (or the reference implementation) measured in the same run.',
  '',
  `- Date: ${new Date().toISOString().slice(0, 10)}`,
  `- Node: ${nodeVersion}, ${process.platform}/${process.arch}`,
  `- CPU: ${cpu.length} × ${cpu[0]?.model ?? 'unknown'}; memory ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  '',
].join('\n');

const file = new URL('../docs/benchmarks.md', import.meta.url);
if (only.length === 0) {
  mkdirSync(new URL('../docs/', import.meta.url), { recursive: true });
  writeFileSync(file, `${header}\n${sections.join('\n\n')}\n`);
  process.stderr.write('bench: wrote docs/benchmarks.md\n');
} else if (existsSync(file)) {
  // `npm run bench -- audit`: the sections of the benchmarks run are replaced (or added), each
  // found by the script its Reproduce line names; the others, and the header, stay as they were.
  const current = readFileSync(file, 'utf8');
  const start = current.indexOf('\n## ');
  const head = start < 0 ? current.trimEnd() : current.slice(0, start).trimEnd();
  const kept =
    start < 0
      ? []
      : current
          .slice(start + 1)
          .trimEnd()
          .split(/\n(?=## )/)
          // Each without its trailing blank lines: the join puts one between sections.
          .map((section) => section.trimEnd());
  const fresh = new Map(scripts.map((script, i) => [script, sections[i]]));
  const merged = kept.map((section) => {
    const script = /bench\/([\w-]+\.mjs)`/.exec(section)?.[1];
    const replacement = script === undefined ? undefined : fresh.get(script);
    if (replacement === undefined) return section;
    fresh.delete(script);
    return replacement;
  });
  writeFileSync(file, `${head}\n\n${[...merged, ...fresh.values()].join('\n\n')}\n`);
  process.stderr.write(`bench: updated ${scripts.join(', ')} in docs/benchmarks.md\n`);
}
if (existsSync(file)) {
  // The figures the guides quote come from it (their `<!-- bench: … -->` markers).
  execFileSync(process.execPath, [new URL('../scripts/sync-docs.mjs', import.meta.url).pathname], {
    stdio: 'inherit',
  });
}
