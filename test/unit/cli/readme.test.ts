/**
 * The README's paragraph on the command line against the CLI's declaration. Regression: it left
 * out `diagnose`, and said every command exits 1 on a denial, which `diagnose` (it analyses one)
 * does not.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { COMMANDS } from '../../../src/cli/spec.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const paragraph = /`npx agentcore-xacct --help` lists the commands:([\s\S]*?)\n\n/.exec(readme)?.[1] ?? '';

test('the README lists every command, and only those', () => {
  const listed = [...(paragraph.split(';')[0] ?? '').matchAll(/`([a-z-]+)`/g)].map((m) => m[1]);
  const declared = [...new Set(Object.keys(COMMANDS).map((path) => path.split(' ')[0]))];
  expect([...listed].sort()).toEqual([...declared].sort());
});

test('the README says diagnose exits 0 on the denial it diagnoses', () => {
  expect(paragraph.replace(/\s+/g, ' ')).toContain(
    '`diagnose` is the exception: it analyses a denial it is given, so it exits 0',
  );
});
