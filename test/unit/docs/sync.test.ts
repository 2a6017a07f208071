/**
 * The docs stay true to their sources (scripts/sync-docs.mjs): the guides show the examples'
 * code as Markdown code, identical to the type-checked, tested example files; and every figure
 * quoted outside docs/benchmarks.md is a marked copy of a cell of it. Regression: the guides
 * showed `{@includeCode …}` literally outside the typedoc site, and choosing.md and memory.md
 * quoted figures that docs/benchmarks.md contradicted.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchmarkFigures, docFiles, figure, synced } from '../../../scripts/sync-docs.mjs';

const ROOT = new URL('../../../', import.meta.url).pathname;
const files = docFiles().map((path) => [relative(ROOT, path), readFileSync(path, 'utf8')] as const);
const figures = benchmarkFigures();

/** The prose of a document: no code, no included examples, no marked figures. */
function prose(markdown: string): string {
  return markdown
    .replace(/<!-- include: [\s\S]*?<!-- \/include -->/g, '')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '')
    .replace(/<!-- bench: [^>]+ -->[^<]*<!-- \/bench -->/g, '');
}

describe('docs in sync with their sources', () => {
  it('finds the guides, their includes and their figures', () => {
    const all = files.map(([, text]) => text).join('\n');
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(all.match(/<!-- include: /g)?.length).toBeGreaterThanOrEqual(20);
    expect(all.match(/<!-- bench: /g)?.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files)(
    '%s matches its examples and docs/benchmarks.md (node scripts/sync-docs.mjs)',
    (_file, text) => {
      expect(synced(text, figures)).toBe(text);
    },
  );

  it.each(files)('%s shows code, never an {@includeCode} tag', (_file, text) => {
    expect(text).not.toContain('{@includeCode');
  });

  it.each(files.filter(([file]) => file.startsWith('docs/guides/')))(
    '%s has TypeScript only from examples/ (type-checked and run by the tests)',
    (_file, text) => {
      const outside = text.replace(/<!-- include: [\s\S]*?<!-- \/include -->/g, '');
      expect(outside).not.toMatch(/```(ts|typescript)\n/);
    },
  );

  it.each(files)('%s has no marker that would split a table cell', (_file, text) => {
    expect(text).not.toMatch(/<!-- bench: [^>]*\|/);
  });

  it.each(files)('%s quotes no benchmark figure that is not a marked copy', (_file, text) => {
    const unmarked = prose(text).match(
      /[+−-]?\d[\d,.]*\s?(?:ms|KB|MB|×|x\b|records\/s|ops\/s|%)|×\s?\d[\d.]*/g,
    );
    expect(unmarked ?? []).toEqual([]);
  });

  it.each([
    ['a cell by row prefix and column', 'invoke p50 :: ratio', /^\d+\.\d{3}$/],
    ['a row label in backticks', 'memory.batchCreateMemoryRecords() :: records/s', /^\d[\d,]*$/],
    ['the date', 'date', /^\d{4}-\d{2}-\d{2}$/],
    ['the Node version', 'node', /^v22\./],
  ])('reads %s from docs/benchmarks.md', (_name, key, shape) => {
    expect(figure(key, figures)).toMatch(shape);
  });

  it('refuses a marker that names no cell, or several', () => {
    expect(() => figure('no such row :: ours', figures)).toThrow(/names 0 rows/);
    expect(() => figure('invoke p50 :: no such column', figures)).toThrow(/no column/);
    expect(() => figure('Lambda :: ours', figures)).toThrow(/names 2 rows/);
  });
});
