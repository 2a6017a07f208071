/**
 * Every IAM AccessDenied wording of FACTS.md, as a matrix: each policy type × implicit ("because
 * no … policy allows", "with an implicit deny in a … policy") and explicit ("with an explicit deny
 * in a[n] … policy", with and without the policy ARN) × with and without "on resource:".
 */
import { describe, expect, it } from 'vitest';
import { type AccessDeniedPolicyType, parseAccessDeniedMessage } from '../../../src/diagnose/message.js';
import { ENDPOINT_ARN } from '../../fixtures/arns.js';

const SESSION = 'arn:aws:sts::222222222222:assumed-role/the-caller-role/user';
const ACTION = 'bedrock-agentcore:InvokeAgentRuntime';
const POLICY_ARN = 'arn:aws:organizations::123456789012:policy/o-abc/service_control_policy/p-deny';

// The words AWS prints for each type (with the article an "explicit deny in a[n]" takes).
const TYPES: Array<[string, AccessDeniedPolicyType, 'a' | 'an']> = [
  ['identity-based policy', 'identity-based', 'an'],
  ['resource-based policy', 'resource-based', 'a'],
  ['session policy', 'session', 'a'],
  ['permissions boundary', 'permissions-boundary', 'a'],
  ['VPC endpoint policy', 'vpc-endpoint', 'a'],
  ['service control policy', 'service-control', 'a'],
  ['resource control policy', 'resource-control', 'a'],
];

type Row = [string, string, Record<string, string>];
const rows: Row[] = [];
for (const [words, type, article] of TYPES) {
  for (const resource of [ENDPOINT_ARN, undefined]) {
    const head = `User: ${SESSION} is not authorized to perform: ${ACTION}${resource === undefined ? '' : ` on resource: ${resource}`}`;
    const base: Record<string, string> = { principalArn: SESSION, action: ACTION, policyType: type };
    if (resource !== undefined) base.resourceArn = resource;
    const where = resource === undefined ? 'no resource' : 'on resource';
    rows.push(
      [
        `${type}, implicit "because no", ${where}`,
        `${head} because no ${words} allows the ${ACTION} action`,
        { ...base, denialType: 'implicit' },
      ],
      [
        `${type}, "with an implicit deny", ${where}`,
        `${head} with an implicit deny in a ${words}`,
        { ...base, denialType: 'implicit' },
      ],
      [
        `${type}, explicit, ${where}`,
        `${head} with an explicit deny in ${article} ${words}`,
        { ...base, denialType: 'explicit' },
      ],
      [
        `${type}, explicit with the policy ARN, ${where}`,
        `${head} with an explicit deny in ${article} ${words}: ${POLICY_ARN}`,
        { ...base, denialType: 'explicit', policyArn: POLICY_ARN },
      ],
    );
  }
}

describe('parseAccessDeniedMessage: every wording', () => {
  it('covers 7 policy types × 4 wordings × 2 resource forms', () => {
    expect(rows).toHaveLength(56);
  });

  it.each(rows)('%s', (_name, text, expected) => {
    expect(parseAccessDeniedMessage(text)).toEqual(expected);
  });

  it.each([
    [
      'bare, with resource',
      `User: ${SESSION} is not authorized to perform: ${ACTION} on resource: ${ENDPOINT_ARN}`,
    ],
    ['bare, with a trailing period', `User: ${SESSION} is not authorized to perform: ${ACTION}.`],
  ])('the bare "is not authorized" wording: %s', (_name, text) => {
    const parsed = parseAccessDeniedMessage(text);
    expect(parsed).toMatchObject({ principalArn: SESSION, action: ACTION });
    expect(parsed?.denialType).toBeUndefined();
    expect(parsed?.policyType).toBeUndefined();
  });
});
