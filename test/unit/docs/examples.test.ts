import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Every Markdown file under docs/ (the generated API site excluded). */
function guides(dir = join(root, 'docs')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'api' ? [] : guides(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** `<!-- include: examples/… -->` targets (scripts/sync-docs.mjs), resolved against the repository. */
function includes(_file: string, markdown: string): string[] {
  return [...markdown.matchAll(/<!-- include: ([^\s#]+)/g)].map((m) => join(root, m[1] ?? ''));
}

/** Paths of example files named anywhere in the text, resolved against the repository root. */
function mentions(markdown: string): string[] {
  return [...markdown.matchAll(/(?<![\w/.-])(?:\.\.\/)*(examples\/[\w./-]+\.ts)/g)].map((m) =>
    join(root, m[1] ?? ''),
  );
}

const files = guides();

describe('examples referenced by the guides', () => {
  it('finds the guides and their includes', () => {
    expect(files.map((f) => relative(root, f))).toContain(join('docs', 'troubleshooting.md'));
    const all = files.flatMap((f) => includes(f, readFileSync(f, 'utf8')));
    expect(all.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [relative(root, f), f] as const))('%s names only existing examples', (_, file) => {
    const markdown = readFileSync(file, 'utf8');
    const missing = [...includes(file, markdown), ...mentions(markdown)]
      .filter((path) => !existsSync(path))
      .map((path) => relative(root, path));
    expect(missing).toEqual([]);
  });

  it('includes snippets from examples/ only', () => {
    for (const file of files) {
      for (const path of includes(file, readFileSync(file, 'utf8')))
        expect(relative(root, path)).toMatch(/^examples\//);
    }
  });

  it.each(files.map((f) => [relative(root, f), f] as const))(
    '%s links only to existing pages and sections',
    (_, file) => {
      const markdown = readFileSync(file, 'utf8');
      const broken = [...markdown.matchAll(/\]\(([\w./-]+\.md)(?:#([\w-]+))?\)/g)].filter(
        ([, page = '', anchor]) => {
          const target = resolve(dirname(file), page);
          if (!existsSync(target)) return true;
          return anchor !== undefined && !readFileSync(target, 'utf8').includes(`\n## ${anchor}\n`);
        },
      );
      expect(broken.map((m) => m[0])).toEqual([]);
    },
  );
});
