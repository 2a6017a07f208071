#!/usr/bin/env node
// Keeps the Markdown docs true to their sources, so they read right on GitHub, in the package and
// in the typedoc site alike:
//
// - `<!-- include: examples/FILE#region -->` … `<!-- /include -->`: the example's code (the
//   region between `// #region NAME` and `// #endregion NAME`, or the whole file without `#`),
//   as a fenced block. The examples are type-checked and run by the tests.
// - `<!-- bench: ROW :: COLUMN -->` … `<!-- /bench -->`: the first number of that cell in
//   docs/benchmarks.md (the row whose label starts with ROW, the column named COLUMN);
//   `<!-- bench: date -->` and `<!-- bench: node -->` its date and Node version. (Not `|`: the
//   markers sit in table cells.)
//
// `node scripts/sync-docs.mjs` rewrites the docs; `--check` lists what is out of date and exits 1.
// `npm run bench` runs it after writing docs/benchmarks.md.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

/** The Markdown files that quote examples or benchmarks: the guides, troubleshooting, the README. */
export function docFiles() {
  const guides = readdirSync(join(ROOT, 'docs/guides'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(ROOT, 'docs/guides', f));
  return [join(ROOT, 'README.md'), join(ROOT, 'docs/troubleshooting.md'), ...guides];
}

const FENCE = { ts: 'ts', yml: 'yaml', yaml: 'yaml', json: 'json', sh: 'sh' };

/** The code of `examples/FILE#region` (the whole file without a region), region markers removed. */
export function exampleCode(target) {
  const [file, region] = target.split('#');
  const text = readFileSync(join(ROOT, file), 'utf8');
  let lines = text.split('\n');
  if (region !== undefined) {
    const start = lines.findIndex((l) => l.trim() === `// #region ${region}`);
    const end = lines.findIndex((l) => l.trim() === `// #endregion ${region}`);
    if (start < 0 || end < start) throw new Error(`${file} has no region ${region}`);
    lines = lines.slice(start + 1, end);
  }
  return lines
    .filter((l) => !/^\s*\/\/ #(end)?region\b/.test(l))
    .join('\n')
    .trim();
}

/** Every table cell of docs/benchmarks.md, by row label and column name; and its date and Node. */
export function benchmarkFigures(markdown = readFileSync(join(ROOT, 'docs/benchmarks.md'), 'utf8')) {
  const rows = [];
  let header;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    const cells = line
      .slice(1, line.endsWith('|') ? -1 : undefined)
      .split('|')
      .map((c) => c.trim());
    if (header === undefined) header = cells;
    else if (!/^:?-+:?$/.test(cells[0] ?? '')) rows.push({ header, cells });
  }
  const date = /^- Date: (\S+)$/m.exec(markdown)?.[1];
  const node = /^- Node: (v[\d.]+)/m.exec(markdown)?.[1];
  return { rows, date, node };
}

/** The first number of a cell (sign and thousands separators kept): `1.041 (goal …)` → `1.041`. */
function firstNumber(cell) {
  return /[+−-]?\d[\d,]*(?:\.\d+)?/.exec(cell)?.[0];
}

/** The figure a `bench:` marker names, or an error saying why there is none. */
export function figure(key, figures) {
  const name = key.trim();
  if (name === 'date' || name === 'node') {
    const value = figures[name];
    if (value === undefined) throw new Error(`docs/benchmarks.md has no ${name}`);
    return value;
  }
  const [row = '', column = ''] = name.split('::').map((s) => s.trim());
  const matches = figures.rows.filter((r) => (r.cells[0] ?? '').replace(/`/g, '').startsWith(row));
  if (matches.length !== 1)
    throw new Error(`"${row}" names ${matches.length} rows of docs/benchmarks.md, not 1`);
  const match = matches[0];
  const index = match.header.indexOf(column);
  if (index < 0) throw new Error(`the table of "${row}" has no column "${column}"`);
  const value = firstNumber(match.cells[index] ?? '');
  if (value === undefined) throw new Error(`"${row}" | "${column}" holds no number`);
  return value;
}

/** The document with every include and figure as its sources say. */
export function synced(markdown, figures) {
  return markdown
    .replace(/<!-- include: (\S+) -->\n[\s\S]*?<!-- \/include -->/g, (_m, target) => {
      const ext = target.split('#')[0].split('.').pop();
      return `<!-- include: ${target} -->\n\`\`\`${FENCE[ext] ?? ''}\n${exampleCode(target)}\n\`\`\`\n<!-- /include -->`;
    })
    .replace(/<!-- bench: ([^>]+?) -->[^<]*<!-- \/bench -->/g, (_m, key) => {
      return `<!-- bench: ${key} -->${figure(key, figures)}<!-- /bench -->`;
    });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  const figures = benchmarkFigures();
  const stale = [];
  for (const file of docFiles()) {
    const before = readFileSync(file, 'utf8');
    const after = synced(before, figures);
    if (after === before) continue;
    stale.push(relative(ROOT, file));
    if (!check) writeFileSync(file, after);
  }
  if (check && stale.length > 0) {
    console.error(`out of date (run node scripts/sync-docs.mjs): ${stale.join(', ')}`);
    process.exit(1);
  }
  if (!check && stale.length > 0) console.error(`sync-docs: updated ${stale.join(', ')}`);
}
