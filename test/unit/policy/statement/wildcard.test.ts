import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatch, resourcePatternMatch } from '../../../../src/policy/statement/wildcard.js';

/**
 * The reference: dynamic programming over (pattern position, value position), obviously right and
 * O(pattern x value). With `segments`, a `*` that ends a colon-separated segment matches anything,
 * another `*` any run without a colon, and `?` one character that is not a colon.
 */
function reference(pattern: string, value: string, segments: boolean): boolean {
  let row: boolean[] = [true, ...new Array<boolean>(value.length).fill(false)];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const free = c === '*' && (!segments || i + 1 === pattern.length || pattern[i + 1] === ':');
    const next = new Array<boolean>(value.length + 1).fill(false);
    for (let j = 0; j <= value.length; j++) {
      const v = value[j - 1];
      if (c === '*') {
        next[j] = (row[j] as boolean) || (j > 0 && (next[j - 1] as boolean) && (free || v !== ':'));
      } else if (j > 0) {
        const ok = c === '?' ? !segments || v !== ':' : v === c;
        next[j] = ok && (row[j - 1] as boolean);
      }
    }
    row = next;
  }
  return row[value.length] as boolean;
}

describe('globMatch', () => {
  it.each([
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['bedrock-agentcore:*', 'bedrock-agentcore:InvokeAgentRuntime', true],
    ['bedrock-agentcore:Invoke*', 'bedrock-agentcore:GetAgentCard', false],
    ['bedrock-agentcore:Get?gentCard', 'bedrock-agentcore:GetAgentCard', true],
    ['*Event*', 'bedrock-agentcore:CreateEvent', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXcYb', false],
    ['?', ':', true],
    ['a*:b', 'a:x:b', true],
  ])('%j against %j is %s', (pattern, value, expected) => {
    expect(globMatch(pattern, value)).toBe(expected);
  });

  it('ignores case only when asked (actions)', () => {
    expect(globMatch('Bedrock-AgentCore:invoke*', 'bedrock-agentcore:InvokeAgentRuntime', true)).toBe(true);
    expect(globMatch('Bedrock-AgentCore:invoke*', 'bedrock-agentcore:InvokeAgentRuntime')).toBe(false);
  });
});

describe('resourcePatternMatch', () => {
  const memory = 'arn:aws:bedrock-agentcore:us-east-1:111111111111:memory/m-abcdefghij';
  it.each([
    ['arn:aws:bedrock-agentcore:us-*1:memory/*', memory, false],
    ['arn:aws:bedrock-agentcore:us-*:memory/*', memory, true],
    ['arn:aws:bedrock-agentcore:*:111111111111:memory/*', memory, true],
    ['arn:aws:bedrock-agentcore:us-east-?:111111111111:memory/*', memory, true],
    ['arn:aws:bedrock-agentcore:us-east-1?111111111111:memory/*', memory, false],
    ['arn:aws:bedrock-agentcore:us*1:111111111111:memory/*', memory, true],
    ['arn:aws:bedrock-agentcore:*', memory, true],
    [
      'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*',
      'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/a-abcdefghij/runtime-endpoint/DEFAULT',
      true,
    ],
    ['arn:aws:logs:*:*:log-group:a*b:*', 'arn:aws:logs:us-east-1:1:log-group:a:x:b:y', false],
    ['arn:aws:logs:*:*:log-group:a*', 'arn:aws:logs:us-east-1:1:log-group:a:x:b:y', true],
  ])('%j against %j is %s', (pattern, arn, expected) => {
    expect(resourcePatternMatch(pattern, arn)).toBe(expected);
    expect(reference(pattern, arn, true)).toBe(expected);
  });
});

describe('both matchers agree with the reference (fixed seed)', () => {
  const short = (chars: string, max: number) =>
    fc.array(fc.constantFrom(...chars.split('')), { maxLength: max }).map((a) => a.join(''));
  it('on short patterns and values', () => {
    fc.assert(
      fc.property(short('ab:*?', 10), short('ab:', 14), (pattern, value) => {
        expect(globMatch(pattern, value)).toBe(reference(pattern, value, false));
        expect(resourcePatternMatch(pattern, value)).toBe(reference(pattern, value, true));
      }),
      { seed: 16, numRuns: 20_000 },
    );
  });

  it('on blocks longer than one machine word', () => {
    fc.assert(
      fc.property(short('ab?*:', 120), short('ab:', 200), (pattern, value) => {
        expect(globMatch(pattern, value)).toBe(reference(pattern, value, false));
        expect(resourcePatternMatch(pattern, value)).toBe(reference(pattern, value, true));
      }),
      { seed: 1600, numRuns: 500 },
    );
  });
});

describe('hostile input decides fast (generous bounds; the benchmark measures)', () => {
  const n = 100_000;
  it.each([
    ['the issue-15 StringLike pattern', `*${'a'.repeat(n / 2)}b`],
    ['many stars', `${'*a'.repeat(n / 4)}b`],
    ['a 2,000-character block of ? and letters', `*${'a?'.repeat(1000)}b*`],
  ])('%s against a 100 KB value', (_name, pattern) => {
    const value = 'a'.repeat(n);
    const started = performance.now();
    expect(globMatch(pattern, value)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a 100 KB ARN-shaped value with many segments', () => {
    const value = `arn:aws:x:${'a:'.repeat(n / 2)}`;
    const pattern = `arn:aws:x:*${'a*'.repeat(500)}b:*`;
    const started = performance.now();
    expect(resourcePatternMatch(pattern, value)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
