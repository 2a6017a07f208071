import { describe, expect, test } from 'vitest';
import { restrictionOf, resultWhenKeyAbsent } from '../../../../src/policy/lint/conditions.js';
import { parseOperator } from '../../../../src/policy/statement/conditions.js';
import { escapeToken, pointer } from '../../../../src/policy/statement/read.js';

describe('resultWhenKeyAbsent: a condition on a key the request does not carry', () => {
  test.each([
    { operator: 'StringEquals', values: ['2'], expected: false },
    { operator: 'ArnLike', values: ['arn:*'], expected: false },
    { operator: 'StringNotEquals', values: ['2'], expected: true },
    { operator: 'ArnNotLike', values: ['arn:*'], expected: true },
    { operator: 'NotIpAddress', values: ['10.0.0.0/8'], expected: true },
    { operator: 'StringEqualsIfExists', values: ['2'], expected: true },
    { operator: 'ForAllValues:StringEquals', values: ['2'], expected: true },
    { operator: 'ForAnyValue:StringNotEquals', values: ['2'], expected: false },
    { operator: 'Null', values: ['true'], expected: true },
    { operator: 'Null', values: [false], expected: false },
    { operator: 'Null', values: ['maybe'], expected: undefined },
    { operator: 'StringEqualz', values: ['2'], expected: undefined },
    { operator: 'stringequals', values: ['2'], expected: false },
  ])('$operator $values → $expected', ({ operator, values, expected }) => {
    expect(resultWhenKeyAbsent(operator, values)).toBe(expected);
  });
});

describe('parseOperator', () => {
  test.each([
    { operator: 'ForAnyValue:StringLikeIfExists', canonical: 'ForAnyValue:StringLikeIfExists' },
    { operator: 'forallvalues:arnequals', canonical: 'ForAllValues:ArnEquals' },
    { operator: 'BoolIfExists', canonical: 'BoolIfExists' },
    { operator: 'NullIfExists', canonical: undefined },
    { operator: 'ForSome:StringLike', canonical: undefined },
    { operator: 'IfExists', canonical: undefined },
    { operator: '', canonical: undefined },
  ])('$operator → $canonical', ({ operator, canonical }) => {
    expect(parseOperator(operator)?.canonical).toBe(canonical);
  });
});

describe('restrictionOf: how narrowly conditions pin down the caller', () => {
  test.each([
    {
      scenario: 'an exact role ARN',
      conditions: [{ operator: 'ArnEquals', key: 'aws:PrincipalArn', values: ['arn:aws:iam::2:role/r'] }],
      expected: 'principal',
    },
    {
      scenario: 'a role ARN pattern',
      conditions: [{ operator: 'ArnLike', key: 'aws:PrincipalArn', values: ['arn:aws:iam::*:role/r'] }],
      expected: 'other',
    },
    {
      scenario: 'an account',
      conditions: [{ operator: 'StringEquals', key: 'AWS:PrincipalAccount', values: ['2'] }],
      expected: 'account',
    },
    {
      scenario: 'the org, and a role',
      conditions: [
        { operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-1'] },
        { operator: 'ArnEquals', key: 'aws:PrincipalArn', values: ['arn:aws:iam::2:role/r'] },
      ],
      expected: 'principal',
    },
    {
      scenario: 'a negated org test',
      conditions: [{ operator: 'StringNotEquals', key: 'aws:PrincipalOrgID', values: ['o-1'] }],
      expected: undefined,
    },
    {
      scenario: 'an IfExists org test',
      conditions: [{ operator: 'StringEqualsIfExists', key: 'aws:PrincipalOrgID', values: ['o-1'] }],
      expected: undefined,
    },
    {
      scenario: 'an unrelated key',
      conditions: [{ operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] }],
      expected: undefined,
    },
  ])('$scenario → $expected', ({ conditions, expected }) => {
    expect(restrictionOf(conditions)).toBe(expected);
  });
});

describe('JSON pointers (RFC 6901)', () => {
  test.each([
    { token: 'aws:PrincipalTag/team', escaped: 'aws:PrincipalTag~1team' },
    { token: 'a~b', escaped: 'a~0b' },
    { token: '~/', escaped: '~0~1' },
    { token: '', escaped: '' },
  ])('$token → $escaped', ({ token, escaped }) => {
    expect(escapeToken(token)).toBe(escaped);
  });

  test('numbers stay indices, strings are escaped', () => {
    expect(pointer('/Statement/0', 'Condition', 'StringLike', 'k/1', 2)).toBe(
      '/Statement/0/Condition/StringLike/k~11/2',
    );
  });
});
