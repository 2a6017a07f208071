/**
 * What a new user runs from the guides: the pattern 1 and pattern 2 examples, unchanged, against
 * the local emulator.
 */
import { describe, expect, it } from 'vitest';

import { onEmulator as patternOne } from '../../../examples/pattern-1.js';
import { onEmulator as patternTwo } from '../../../examples/pattern-2.js';
import { clearCredentialCache } from '../../../src/credentials/cache.js';

describe('guide examples on the emulator', () => {
  it('pattern 1 (resource policies) invokes the agent in Account A', async () => {
    const lines: string[] = [];
    const answer = await patternOne((line) => lines.push(line));
    expect(answer).toMatchObject({ echo: { prompt: 'Hello from Account B' } });
    expect(lines[0]).toContain('runtime-endpoint/DEFAULT');
  });

  it('pattern 2 (assume-role) invokes the agent through the invoker role', async () => {
    clearCredentialCache();
    const lines: string[] = [];
    const answer = await patternTwo((line) => lines.push(line));
    expect(answer).toMatchObject({ echo: { prompt: 'Hello through the role chain' } });
    expect(lines).toHaveLength(3);
  });
});
