import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';
import {
  REPOSITORY_URL,
  TROUBLESHOOTING_FILE,
  TROUBLESHOOTING_URL,
  troubleshootingLink,
} from '../../../src/diagnose/summary.js';
import { CODE_CATALOG } from '../../../src/policy/codes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');

/** The CauseCode union, read from its source so a new code cannot be forgotten here. */
function causeCodesFromSource(): string[] {
  const source = read('src/policy/types.ts');
  const union = /export type CauseCode =([^;]+);/.exec(source)?.[1];
  if (union === undefined) throw new Error('CauseCode union not found in src/policy/types.ts');
  return [...union.matchAll(/'([a-z-]+)'/g)].map((m) => m[1] ?? '');
}

/** The `## heading` anchors of the troubleshooting page, as GitHub and typedoc slug them. */
function sectionAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const m of markdown.matchAll(/^## +`?([^`\n]+?)`? *$/gm)) anchors.add((m[1] ?? '').trim());
  for (const m of markdown.matchAll(/<a id="([a-z-]+)"><\/a>/g)) anchors.add(m[1] ?? '');
  return anchors;
}

const page = read('docs/troubleshooting.md');
const codes = causeCodesFromSource();

describe('docs/troubleshooting.md', () => {
  it('reads all 27 cause codes from the CauseCode union', () => {
    expect(codes).toHaveLength(27);
    expect(codes).toContain('endpoint-policy-missing');
  });

  it('covers the same cause codes as the code catalogue', () => {
    const causes = Object.values(CODE_CATALOG)
      .filter((info) => info.kind === 'cause')
      .map((info) => info.code);
    expect([...causes].sort()).toEqual([...codes].sort());
  });

  it.each(Object.keys(CODE_CATALOG))(
    'opens the section of %s with its catalogue title and severity',
    (code) => {
      const info = CODE_CATALOG[code as keyof typeof CODE_CATALOG];
      const start = page.indexOf(`\n## ${code}\n`);
      expect(start).toBeGreaterThan(-1);
      const firstLine = page
        .slice(start)
        .split('\n')
        .filter((l) => l.trim() !== '')[1];
      expect(firstLine).toBe(`*${info.title}* (${info.severity}).`);
    },
  );

  it.each(Object.keys(CODE_CATALOG))(
    'has a section for %s with the AWS message, why, detection and fix',
    (code) => {
      expect(sectionAnchors(page)).toContain(code);
      const start = page.indexOf(`\n## ${code}\n`);
      expect(start).toBeGreaterThan(-1);
      const next = page.indexOf('\n## ', start + 1);
      const section = page.slice(start, next === -1 ? undefined : next);
      for (const part of ['**AWS says:**', '**Why:**', '**Detected by:**', '**Fix:**']) {
        expect(section).toContain(part);
      }
    },
  );

  it('has no section for a code that does not exist', () => {
    const extra = [...sectionAnchors(page)].filter((anchor) => !Object.hasOwn(CODE_CATALOG, anchor));
    expect(extra).toEqual([]);
  });

  it('is linked where it resolves after install: the repository online, the package offline', () => {
    const pkg = JSON.parse(read('package.json')) as {
      repository: { url: string };
      homepage: string;
      bugs: { url: string };
      files: string[];
    };
    expect(pkg.repository.url).toBe(`git+${REPOSITORY_URL}.git`);
    expect(pkg.homepage).toBe(`${REPOSITORY_URL}#readme`);
    expect(pkg.bugs.url).toBe(`${REPOSITORY_URL}/issues`);
    expect(TROUBLESHOOTING_URL).toBe(`${REPOSITORY_URL}/blob/main/docs/troubleshooting.md`);
    // The packaging check (scripts/check-package.mjs) finds the file in the tarball.
    expect(pkg.files).toContain('docs/*.md');
    expect(TROUBLESHOOTING_FILE).toBe('node_modules/agentcore-xacct/docs/troubleshooting.md');
    // SARIF logs name the same project.
    expect(read('src/cli/sarif.ts')).toContain(`const INFORMATION_URI = '${REPOSITORY_URL}';`);
  });

  it('is what the error message links to, one anchor per code', () => {
    expect(TROUBLESHOOTING_URL).toMatch(/docs\/troubleshooting\.md$/);
    for (const code of codes) {
      expect(troubleshootingLink(code as Parameters<typeof troubleshootingLink>[0])).toBe(
        `${TROUBLESHOOTING_URL}#${code}`,
      );
    }
  });
});
