/**
 * The library phrases the CLI rewrites in its own words: each must still be said by the library,
 * or the rewrite silently stops applying and the CLI speaks of library names again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { inCliWords, PHRASES } from '../../../src/cli/wording.js';

const SRC = new URL('../../../src/', import.meta.url).pathname;
const library = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.startsWith('cli'))
  .map((file) => readFileSync(join(SRC, file), 'utf8'))
  .join('\n');

describe('the CLI wording of library texts', () => {
  test.each(
    Object.entries(PHRASES).flatMap(([path, pairs]) => (pairs ?? []).map(([from, to]) => [path, from, to])),
  )('%s: the library still says %j', (_path, from, to) => {
    expect(library).toContain(from);
    expect(inCliWords(`x ${from} y`, () => undefined, _path as keyof typeof PHRASES)).toBe(`x ${to} y`);
  });

  test('a library field becomes the flag that feeds it; a call or an unknown name stays', () => {
    const flag = (field: string) => (field === 'timeoutMs' ? '--extraction-timeout' : undefined);
    expect(inCliWords('a longer timeoutMs, fixDrift(audit), someField', flag)).toBe(
      'a longer --extraction-timeout, fixDrift(audit), someField',
    );
  });
});
