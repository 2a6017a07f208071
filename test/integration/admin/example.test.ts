/** The Account A example, replayed against the emulator as its offline mode runs it. */
import { describe, expect, it } from 'vitest';
import { onEmulator } from '../../../examples/setup-account-a.js';

describe('examples/setup-account-a.ts', () => {
  it('plans, applies, creates the delivery memory, verifies, and plans the revoke', async () => {
    const lines: string[] = [];
    expect(await onEmulator((line) => lines.push(line))).toBe(true);
    const output = lines.join('\n');
    expect(output).toContain('Before: runtime-policy-missing');
    expect(output).toMatch(
      /planned {3}arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime\/agent-abcdefghij {2}statements \+1/,
    );
    expect(output).toContain('$ aws bedrock-agentcore-control put-resource-policy --region eu-west-1');
    expect(output).toMatch(
      /put {7}arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime\/agent-abcdefghij\/runtime-endpoint\/DEFAULT/,
    );
    expect(output).toMatch(
      /Delivery memory: arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory\/cross_account_memory-\w{10} ACTIVE/,
    );
    expect(output).toContain('aws kinesis put-resource-policy');
    expect(output).toMatch(
      /== Gateway policy\nput {7}arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway\/tools-gateway-abcdefghij/,
    );
    expect(output).toMatch(
      /put {7}arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness\/support_harness-abcdefghij\/harness-endpoint\/DEFAULT/,
    );
    expect(output).toMatch(/After: ok/);
    expect(output).toContain(
      'arn:aws:iam::222222222222:role/the-caller-role: bedrock-agentcore:InvokeAgentRuntime',
    );
  });
});
