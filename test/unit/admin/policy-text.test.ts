import { describe, expect, it } from 'vitest';
import {
  appendStatement,
  applyEdits,
  readPolicyText,
  removeStatements,
  replaceStatement,
} from '../../../src/admin/policy-text.js';
import { isPolicyParseError } from '../../../src/errors.js';
import type { Statement } from '../../../src/policy/types.js';
import { RUNTIME_ARN } from '../../fixtures/arns.js';

const statement = (sid: string): Statement => ({
  Sid: sid,
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::222222222222:role/the-caller-role' },
  Action: 'bedrock-agentcore:InvokeAgentRuntime',
  Resource: RUNTIME_ARN,
});
const compact = (...sids: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: sids.map(statement) });

interface Row {
  name: string;
  text: string;
}

// Policies as people and tools write them: append a statement, then remove it again.
const rows: Row[] = [
  { name: 'compact JSON, one statement', text: compact('A') },
  { name: 'compact JSON, two statements', text: compact('A', 'B') },
  {
    name: 'pretty-printed with 4 spaces and a final newline',
    text: `${JSON.stringify(JSON.parse(compact('A', 'B')), null, 4)}\n`,
  },
  {
    name: 'CRLF line ends and tabs',
    text: JSON.stringify(JSON.parse(compact('A')), null, '\t').replaceAll('\n', '\r\n'),
  },
  { name: 'an empty statement list', text: '{"Version":"2012-10-17","Statement":[ ]}' },
  {
    name: 'brackets, braces and escaped quotes inside strings',
    text: `{"Id":"a]b}c\\"[{","Statement":[{"Sid":"X","Effect":"Allow","Principal":{"AWS":"*"},"Action":"a:b","Resource":"${RUNTIME_ARN}","Condition":{"StringLike":{"aws:PrincipalTag/x":"]}\\\\"}}}],"Version":"2012-10-17"}`,
  },
  {
    name: 'Statement before Version, with spaces around colons',
    text: `{ "Statement" : [ ${JSON.stringify(statement('A'))} ] , "Version" : "2012-10-17" }`,
  },
  {
    name: 'a key escaped as \\u0053tatement',
    text: `{"Version":"2012-10-17","\\u0053tatement":[${JSON.stringify(statement('A'))}]}`,
  },
  {
    name: 'Statement given twice (JSON.parse keeps the last)',
    text: `{"Statement":[],"Version":"2012-10-17","Statement":[${JSON.stringify(statement('A'))}]}`,
  },
];

describe('append then remove restores the text byte for byte', () => {
  it.each(rows)('$name', ({ text }) => {
    const before = readPolicyText(text);
    const added = applyEdits(text, [appendStatement(before, statement('Granted'))]);
    const after = readPolicyText(added);
    expect(after.statements).toEqual([...before.statements, statement('Granted')]);
    const removals = removeStatements(after, new Set([after.statements.length - 1]));
    if (before.statements.length === 0) {
      // Nothing would be left: the caller deletes the policy instead.
      expect(removals).toBeUndefined();
      return;
    }
    expect(applyEdits(added, removals ?? [])).toBe(text);
  });
});

describe('statements written as a single object', () => {
  it('become an array when one is appended, and parse back', () => {
    const text = `{"Version":"2012-10-17","Statement":${JSON.stringify(statement('A'))}}`;
    const policy = readPolicyText(text);
    expect(policy.isArray).toBe(false);
    const added = readPolicyText(applyEdits(text, [appendStatement(policy, statement('B'))]));
    expect(added.statements.map((s) => s.Sid)).toEqual(['A', 'B']);
  });
});

describe('removeStatements', () => {
  const text = compact('A', 'B', 'C', 'D', 'E');
  const policy = readPolicyText(text);
  it.each([
    ['the first', [0], ['B', 'C', 'D', 'E']],
    ['the first two', [0, 1], ['C', 'D', 'E']],
    ['two apart', [1, 3], ['A', 'C', 'E']],
    ['a run in the middle', [1, 2, 3], ['A', 'E']],
    ['the first and the last', [0, 4], ['B', 'C', 'D']],
    ['all but one', [0, 1, 2, 4], ['D']],
  ])('removes %s', (_name, indexes, left) => {
    const out = applyEdits(text, removeStatements(policy, new Set(indexes)) ?? []);
    expect(readPolicyText(out).statements.map((s) => s.Sid)).toEqual(left);
    expect(out).toBe(compact(...left));
  });

  it('returns undefined when every statement goes', () => {
    expect(removeStatements(policy, new Set([0, 1, 2, 3, 4]))).toBeUndefined();
  });

  it('combines with replacing a neighbour', () => {
    const replaced = { ...statement('B'), Action: 'bedrock-agentcore:GetAgentCard' };
    const out = applyEdits(text, [
      replaceStatement(policy, 1, replaced),
      ...(removeStatements(policy, new Set([2])) ?? []),
    ]);
    expect(readPolicyText(out).statements).toEqual([
      statement('A'),
      replaced,
      statement('D'),
      statement('E'),
    ]);
  });
});

describe('readPolicyText', () => {
  it.each([
    ['not JSON', '{'],
    ['no Statement', '{"Version":"2012-10-17"}'],
    ['an array', '[]'],
  ])('throws a PolicyParseError for %s', (_name, text) => {
    let error: unknown;
    try {
      readPolicyText(text);
    } catch (e) {
      error = e;
    }
    expect(isPolicyParseError(error)).toBe(true);
  });

  it('scans a deeply nested value without recursion', () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const text = `{"Version":"2012-10-17","Statement":[${JSON.stringify(statement('A'))}],"Id":${JSON.stringify(deep)},"X":${deep}}`;
    expect(readPolicyText(text).elements).toHaveLength(1);
  });

  it('refuses overlapping edits', () => {
    expect(() =>
      applyEdits('abcdef', [
        { start: 1, end: 4, text: '' },
        { start: 3, end: 5, text: '' },
      ]),
    ).toThrow(RangeError);
  });
});
