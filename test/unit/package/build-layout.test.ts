import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJavaScript } from '../../../scripts/bundle-options.mjs';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** The files an ES module loads at import time: itself and its static relative imports, transitively. */
function staticFiles(file: string): string[] {
  const seen = new Set<string>();
  const queue = [file];
  while (queue.length > 0) {
    const current = queue.pop() as string;
    if (seen.has(current)) continue;
    seen.add(current);
    const text = readFileSync(current, 'utf8');
    for (const match of text.matchAll(
      /(?:^|[;}\s])(?:import|export)\s*(?:[^"'()]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g,
    )) {
      queue.push(join(current, '..', match[1] as string));
    }
  }
  return [...seen];
}

// Import time is a Lambda cold-start cost, and every file the root entry loads costs an ES module
// load (docs/benchmarks.md). These pin the layout scripts/bundle-options.mjs builds.
describe('published build layout', () => {
  let out: string;
  beforeAll(async () => {
    const cache = join(ROOT, 'node_modules/.cache');
    await mkdir(cache, { recursive: true });
    out = mkdtempSync(join(cache, 'agentcore-xacct-layout-'));
    await buildJavaScript({ absWorkingDir: ROOT, outdir: out });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('the root entry loads two files: itself and the chunk it shares with the policy and testing entries', () => {
    const files = staticFiles(join(out, 'index.js')).map((f) => f.slice(out.length + 1));
    expect(files).toHaveLength(2);
    expect(files[1]).toMatch(/^chunks\/chunk-[A-Z0-9]+\.js$/);
    expect(staticFiles(join(out, 'policy/index.js')).map((f) => f.slice(out.length + 1))).toEqual([
      'policy/index.js',
      files[1],
    ]);
  });

  it('keeps readable lines: Node prints the line that threw, and a minified file is one long line', () => {
    const files = [
      'index.js',
      'policy/index.js',
      'testing/index.js',
      ...readdirSync(join(out, 'chunks')).map((f) => `chunks/${f}`),
    ];
    for (const file of files) {
      const lines = readFileSync(join(out, file), 'utf8').split('\n');
      expect(lines.length, file).toBeGreaterThan(50);
      // A long message literal may run past 80 columns; a whole module on one line runs to thousands.
      expect(Math.max(...lines.map((l) => l.length)), file).toBeLessThan(1_000);
    }
  });

  it('the CLI holds no copy of the library: it imports the built public entries', () => {
    const cli = readdirSync(join(out, 'cli')).filter((f) => f.endsWith('.js'));
    expect(cli).toContain('index.js');
    for (const file of cli) {
      const text = readFileSync(join(out, 'cli', file), 'utf8');
      // The error family's brand is defined once, in the library's shared chunk.
      expect(text, file).not.toContain('agentcore-xacct.error');
      for (const match of text.matchAll(/from\s*"(\.\.\/[^"]+)"/g))
        expect(['../index.js', '../policy/index.js', '../testing/index.js'], file).toContain(match[1]);
    }
  });
});
