import { afterEach, expect, test, vi } from 'vitest';
import { useColor } from '../../../src/cli/output.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;

test.each([
  ['a TTY', tty, {}, true],
  ['a pipe', pipe, {}, false],
  ['a TTY with NO_COLOR', tty, { NO_COLOR: '1' }, false],
  ['a TTY with an empty NO_COLOR (unset by the convention)', tty, { NO_COLOR: '' }, true],
  ['a TTY with FORCE_COLOR=0', tty, { FORCE_COLOR: '0' }, false],
  ['a pipe with FORCE_COLOR=1', pipe, { FORCE_COLOR: '1' }, true],
  ['a pipe with FORCE_COLOR=1 and NO_COLOR', pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }, false],
])('colours on %s', (_name, stream, env, expected) => {
  vi.stubEnv('NO_COLOR', undefined);
  vi.stubEnv('FORCE_COLOR', undefined);
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  expect(useColor(stream)).toBe(expected);
});
