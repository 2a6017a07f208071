// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${…} in plain strings.
import { describe, expect, it } from 'vitest';
import type { ContextValue } from '../../../../src/policy/evaluate/types.js';
import { evaluateConditions as evaluate } from '../../../../src/policy/statement/conditions.js';
import { contextMap } from '../../../../src/policy/statement/context-map.js';
import { ipInCidr, parseIp } from '../../../../src/policy/statement/ip.js';
import { readConditions } from '../../../../src/policy/statement/read.js';
import type { ConditionElement } from '../../../../src/policy/types.js';

/** The matcher reads conditions through the statement reader. */
function evaluateConditions(
  condition: ConditionElement,
  context: Parameters<typeof evaluate>[1],
  variables: boolean,
) {
  return evaluate(readConditions(condition), context, variables);
}

const CTX: Record<string, ContextValue> = {
  'aws:PrincipalAccount': '222222222222',
  'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/the-caller-role',
  'aws:PrincipalTag/team': 'blue',
  'aws:PrincipalTag/star': 'a*',
  'aws:SourceIp': '10.1.2.3',
  'aws:MultiFactorAuthPresent': true,
  'aws:MultiFactorAuthAge': 300,
  'aws:CurrentTime': '2028-06-01T00:00:00Z',
  'aws:EpochTime': 1_800_000_000,
  'aws:CalledVia': ['athena.amazonaws.com', 'bedrock.amazonaws.com'],
  'aws:TagKeys': [],
  'test:ipv6': '2001:db8::1',
};

// [scenario, condition, holds, key missing when it fails]
const ROWS: Array<[string, ConditionElement, boolean, boolean?]> = [
  ['StringEquals matches', { StringEquals: { 'aws:PrincipalAccount': '222222222222' } }, true],
  [
    'StringEquals on another value',
    { StringEquals: { 'aws:PrincipalAccount': '111111111111' } },
    false,
    false,
  ],
  [
    'StringEquals: any value of the list',
    { StringEquals: { 'aws:PrincipalAccount': ['1', '222222222222'] } },
    true,
  ],
  ['StringEquals: a * is literal', { StringEquals: { 'aws:PrincipalAccount': '2222*' } }, false],
  [
    'StringEquals on a missing key is false',
    { StringEquals: { 'aws:SourceAccount': '222222222222' } },
    false,
    true,
  ],
  ['StringNotEquals on a missing key is true', { StringNotEquals: { 'aws:SourceAccount': '1' } }, true],
  ['StringNotEquals: none of the values', { StringNotEquals: { 'aws:PrincipalAccount': ['1', '2'] } }, true],
  [
    'StringNotEquals: one value equal',
    { StringNotEquals: { 'aws:PrincipalAccount': ['1', '222222222222'] } },
    false,
  ],
  [
    'StringEqualsIfExists on a missing key is true',
    { StringEqualsIfExists: { 'aws:SourceAccount': '1' } },
    true,
  ],
  [
    'StringEqualsIfExists on a present key compares',
    { StringEqualsIfExists: { 'aws:PrincipalAccount': '1' } },
    false,
  ],
  [
    'StringLike with * and ?',
    { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::2222????????:role/*' } },
    true,
  ],
  ['StringLike is case-sensitive', { StringLike: { 'aws:PrincipalArn': '*THE-CALLER-ROLE' } }, false],
  ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'BLUE' } }, true],
  ['StringNotLike on a missing key is true', { StringNotLike: { 'aws:username': 'a*' } }, true],
  [
    'condition key names are case-insensitive',
    { StringEquals: { 'AWS:PRINCIPALACCOUNT': '222222222222' } },
    true,
  ],
  ['operator names are case-insensitive', { stringequals: { 'aws:PrincipalAccount': '222222222222' } }, true],
  [
    'several keys are ANDed',
    { StringEquals: { 'aws:PrincipalAccount': '222222222222', 'aws:PrincipalTag/team': 'red' } },
    false,
  ],
  [
    'ForAllValues on a missing key is true',
    { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgPaths': 'o-1/*' } },
    true,
  ],
  [
    'ForAnyValue on a missing key is false',
    { 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': 'o-1' } },
    false,
    true,
  ],
  [
    'ForAnyValue:…IfExists on a missing key is true',
    { 'ForAnyValue:StringEqualsIfExists': { 'aws:SourceVpc': 'v' } },
    true,
  ],
  [
    'ForAllValues: every value listed',
    {
      'ForAllValues:StringEquals': {
        'aws:CalledVia': ['athena.amazonaws.com', 'bedrock.amazonaws.com', 'x'],
      },
    },
    true,
  ],
  [
    'ForAllValues: one value not listed',
    { 'ForAllValues:StringEquals': { 'aws:CalledVia': 'athena.amazonaws.com' } },
    false,
  ],
  ['ForAllValues on an empty list is true', { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'env' } }, true],
  ['ForAnyValue on an empty list is false', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'env' } }, false],
  ['ForAnyValue:StringLike', { 'ForAnyValue:StringLike': { 'aws:CalledVia': 'bedrock.*' } }, true],
  [
    'ForAnyValue:StringNotEquals: one value differs',
    { 'ForAnyValue:StringNotEquals': { 'aws:CalledVia': 'athena.amazonaws.com' } },
    true,
  ],
  [
    'ForAllValues:StringNotEquals: one value listed',
    { 'ForAllValues:StringNotEquals': { 'aws:CalledVia': 'athena.amazonaws.com' } },
    false,
  ],
  [
    'a set operator on a single-valued key',
    { 'ForAnyValue:StringEquals': { 'aws:PrincipalAccount': '222222222222' } },
    true,
  ],
  [
    'a multivalued key without a set operator fails',
    { StringEquals: { 'aws:CalledVia': 'athena.amazonaws.com' } },
    false,
  ],
  ['Null true on a missing key', { Null: { 'aws:SourceAccount': 'true' } }, true],
  ['Null false on a missing key', { Null: { 'aws:SourceAccount': 'false' } }, false, true],
  ['Null false on a present key', { Null: { 'aws:PrincipalAccount': 'false' } }, true],
  ['Bool against a boolean value', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, true],
  ['Bool against a JSON boolean in the policy', { Bool: { 'aws:MultiFactorAuthPresent': false } }, false],
  ['Bool on a missing key is false', { Bool: { 'aws:SecureTransport': 'true' } }, false, true],
  ['BoolIfExists on a missing key is true', { BoolIfExists: { 'aws:SecureTransport': 'false' } }, true],
  ['NumericLessThan', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, true],
  [
    'NumericGreaterThanEquals, number in the policy',
    { NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': 300 } },
    true,
  ],
  [
    'NumericEquals on text that is no number',
    { NumericEquals: { 'aws:MultiFactorAuthAge': 'three' } },
    false,
  ],
  [
    'NumericNotEquals on a missing key is true',
    { NumericNotEquals: { 'aws:MultiFactorAuthAgeX': '1' } },
    true,
  ],
  [
    'NumericLessThan on a missing key is false',
    { NumericLessThan: { 'aws:MultiFactorAuthAgeX': '1' } },
    false,
    true,
  ],
  ['DateLessThan with ISO 8601', { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }, true],
  [
    'DateGreaterThan with ISO 8601',
    { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
    false,
  ],
  ['DateEquals with epoch seconds', { DateEquals: { 'aws:EpochTime': '1800000000' } }, true],
  [
    'Date compares epoch seconds with ISO 8601',
    { DateLessThan: { 'aws:EpochTime': '2030-01-01T00:00:00Z' } },
    true,
  ],
  ['DateNotEquals on a missing key is true', { DateNotEquals: { 'aws:TokenIssueTime': '2020-01-01' } }, true],
  ['IpAddress in an IPv4 block', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, true],
  ['IpAddress outside an IPv4 block', { IpAddress: { 'aws:SourceIp': '192.168.0.0/16' } }, false],
  ['IpAddress of one address', { IpAddress: { 'aws:SourceIp': '10.1.2.3' } }, true],
  ['IpAddress in an IPv6 block', { IpAddress: { 'test:ipv6': '2001:db8::/32' } }, true],
  ['NotIpAddress outside the block', { NotIpAddress: { 'aws:SourceIp': '192.168.0.0/16' } }, true],
  ['NotIpAddress on a missing key is true', { NotIpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } }, true],
  ['ArnLike field by field', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/the-*' } }, true],
  [
    'ArnEquals takes wildcards too',
    { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/*' } },
    true,
  ],
  [
    'ArnLike: a * stays in its field',
    { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam:*:role/the-caller-role' } },
    false,
  ],
  ['ArnNotLike', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:*' } }, true],
  ['ArnLike on a value that is no ARN', { ArnLike: { 'aws:PrincipalTag/team': '*' } }, false],
  [
    'policy variable resolved',
    { StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/the-caller-role' } },
    true,
  ],
  [
    'policy variable key is case-insensitive',
    { StringEquals: { 'aws:PrincipalAccount': '${AWS:principalaccount}' } },
    true,
  ],
  [
    'variable with no value: positive operator fails',
    { StringEquals: { 'aws:PrincipalAccount': '${aws:username}' } },
    false,
  ],
  [
    'variable with no value: negated operator holds',
    { StringNotEquals: { 'aws:PrincipalAccount': '${aws:username}' } },
    true,
  ],
  [
    'variable with a default',
    { StringEquals: { 'aws:PrincipalTag/team': "${aws:PrincipalTag/dept, 'blue'}" } },
    true,
  ],
  ['${*} is a literal star', { StringLike: { 'aws:PrincipalTag/star': 'a${*}' } }, true],
  ['${*} does not match other text', { StringLike: { 'aws:PrincipalTag/team': 'b${*}' } }, false],
  [
    'a * from a resolved value is literal',
    { StringLike: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/star}' } },
    false,
  ],
  [
    'variables resolve in ArnLike',
    { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/*' } },
    true,
  ],
  [
    'no variables in Numeric operators',
    { NumericEquals: { 'aws:MultiFactorAuthAge': '${aws:MultiFactorAuthAge}' } },
    false,
  ],
  ['an unknown operator never holds', { StringSortOf: { 'aws:PrincipalAccount': '222222222222' } }, false],
  ['an unknown set operator never holds', { 'ForSomeValues:StringEquals': { 'aws:CalledVia': 'x' } }, false],
];

describe('evaluateConditions', () => {
  const context = contextMap(CTX);

  it.each(ROWS)('%s', (_name, condition, holds, keyMissing) => {
    const failure = evaluateConditions(condition, context, true);
    expect(failure === undefined).toBe(holds);
    if (!holds) {
      expect(failure?.keyMissing).toBe(keyMissing ?? false);
      expect(failure?.detail).toContain(failure?.key ?? '');
    }
  });

  it('reads ${…} literally in documents older than 2012-10-17', () => {
    const condition = { StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/team}' } };
    expect(evaluateConditions(condition, context, false)).toBeDefined();
    expect(evaluateConditions(condition, context, true)).toBeUndefined();
  });

  it('reports the operator and key that failed', () => {
    expect(evaluateConditions({ StringEquals: { 'aws:SourceAccount': '1' } }, context, true)).toEqual({
      operator: 'StringEquals',
      key: 'aws:SourceAccount',
      keyMissing: true,
      detail: 'StringEquals: aws:SourceAccount is absent from the request context',
    });
  });
});

describe('IP addresses', () => {
  it.each([
    ['10.1.2.3', '10.0.0.0/8', true],
    ['10.1.2.3', '10.1.2.3/32', true],
    ['10.1.2.4', '10.1.2.3/32', false],
    ['10.1.2.3', '0.0.0.0/0', true],
    ['2001:db8::1', '2001:db8::/32', true],
    ['2001:db9::1', '2001:db8::/32', false],
    ['::1', '::1/128', true],
    ['10.1.2.3', '2001:db8::/32', false],
    ['10.1.2.3', '10.0.0.0/33', false],
    ['10.1.2.3', '10.0.0.0/', false],
    ['not-an-ip', '10.0.0.0/8', false],
    ['10.1.2.300', '10.0.0.0/8', false],
  ] as const)('%s in %s is %s', (ip, cidr, inside) => {
    expect(ipInCidr(ip, cidr)).toBe(inside);
  });

  it.each(['1.2.3', '1.2.3.4.5', '1::2::3', '12345::', 'g::1', ''])('rejects %j', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });
});
