/** The memory service example, replayed against the emulator as its offline mode runs it. */
import { describe, expect, it } from 'vitest';
import { onEmulator } from '../../../examples/memory-service.js';

describe('examples/memory-service.ts', () => {
  it('records a conversation in Account A and retrieves the preference', async () => {
    const lines: string[] = [];
    expect(await onEmulator((line) => lines.push(line))).toBe(true);
    const output = lines.join('\n');
    expect(output).toContain('Account A holds 2 preferences (0 failed)');
    expect(output).toMatch(
      /Recorded the conversation as event \d+#[0-9a-f]+ in arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory\/shared_memory-abcdefghij/,
    );
    expect(output).toContain('Preferences for "seats on flights": Prefers aisle seats on flights');
  });
});
