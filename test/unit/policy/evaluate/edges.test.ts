/**
 * Regression tests for the gaps the 10,000-case differential test found (issue 16), each pinned
 * to the AWS documentation sentence the evaluator follows.
 */
import { describe, expect, it } from 'vitest';
import { type AccessPolicies, explainAccess } from '../../../../src/policy/evaluate/index.js';
import type { ConditionElement, PolicyDocument, Statement } from '../../../../src/policy/types.js';
import { ACCOUNT_A, ACCOUNT_B, MEMORY_ARN as MEMORY } from '../../../fixtures/arns.js';

const SESSION = `arn:aws:sts::${ACCOUNT_B}:assumed-role/the-caller-role/s1`;
const USER = `arn:aws:iam::${ACCOUNT_B}:user/alice`;
const V = '2012-10-17' as const;
const GRANT: Statement = {
  Effect: 'Allow',
  Principal: { AWS: ACCOUNT_B },
  Action: 'bedrock-agentcore:*',
  Resource: MEMORY,
};
const OPEN: PolicyDocument = { Version: V, Statement: [GRANT] };

function identity(statement: Partial<Statement>): AccessPolicies {
  return {
    identity: [
      {
        Version: V,
        Statement: [{ Effect: 'Allow', Action: 'bedrock-agentcore:*', Resource: MEMORY, ...statement }],
      },
    ],
    resource: { [MEMORY]: OPEN },
  };
}

function decide(
  principalArn: string,
  policies: AccessPolicies,
  context: Record<string, string | number> = {},
): string {
  return explainAccess(
    { principalArn, action: 'bedrock-agentcore:CreateEvent', resourceArn: MEMORY, context },
    policies,
  ).decision;
}

describe('Resource patterns: only a * that ends a segment expands past a colon', () => {
  // IAM User Guide, Resource element: "If the * wildcard is the last character of a resource ARN
  // segment, it can expand to match beyond the colon boundaries."
  it.each([
    [
      'five fields, a * inside the region segment',
      'arn:aws:bedrock-agentcore:us-*1:memory/*',
      'implicit-deny',
    ],
    ['five fields, the region segment ends with *', 'arn:aws:bedrock-agentcore:eu-*:memory/*', 'allow'],
    [
      'five fields, a ? where the account is',
      `arn:aws:bedrock-agentcore:eu-west-1:memory/shared_memory-abcdefghi?`,
      'implicit-deny',
    ],
    [
      'six fields, * within segments',
      `arn:aws:bedrock-agentcore:eu-*-1:${ACCOUNT_A}:memory/shared*`,
      'allow',
    ],
    ['six fields, ? in the account', `arn:aws:bedrock-agentcore:eu-west-1:11111111111?:memory/*`, 'allow'],
    [
      'a * that does not end its segment stops at the colon',
      `arn:aws:bedrock-agentcore:*1:${ACCOUNT_A}:memory/*`,
      'allow',
    ],
    [
      'region and service compare case-sensitively',
      `arn:aws:bedrock-agentcore:EU-WEST-1:${ACCOUNT_A}:memory/*`,
      'implicit-deny',
    ],
    ['the whole ARN after arn:', 'arn:*', 'allow'],
    // "You cannot use a wildcard in the portion of the ARN that specifies the resource type."
    [
      'a wildcard in the resource type names nothing',
      `arn:aws:bedrock-agentcore:eu-west-1:${ACCOUNT_A}:mem*/shared*`,
      'implicit-deny',
    ],
    [
      'a resource segment that is all wildcard',
      `arn:aws:bedrock-agentcore:eu-west-1:${ACCOUNT_A}:*`,
      'allow',
    ],
  ])('%s', (_name, resource, decision) => {
    expect(decide(SESSION, identity({ Resource: resource }))).toBe(decision);
  });

  it('names the account as the difference when only the account differs', () => {
    const explanation = explainAccess(
      { principalArn: SESSION, action: 'bedrock-agentcore:CreateEvent', resourceArn: MEMORY },
      identity({ Resource: `arn:aws:bedrock-agentcore:eu-west-1:${ACCOUNT_B}:memory/*` }),
    );
    expect(explanation.causes[0]?.code).toBe('identity-wrong-account');
  });
});

/** `${key}` written in a policy: an IAM policy variable. */
function variable(key: string): string {
  return `\${${key}}`;
}

describe('policy variables', () => {
  const tagged = (resource: string) =>
    identity({ Resource: `${MEMORY.replace(/shared_memory-abcdefghij$/, '')}${resource}` });
  it('reads a default only after a comma and a space, as documented', () => {
    // "separate the variable text and the default value with a comma and space (, )"
    expect(decide(SESSION, tagged(`${variable("aws:PrincipalTag/mem, 'shared_memory'")}-abcdefghij`))).toBe(
      'allow',
    );
    expect(decide(SESSION, tagged(`${variable("aws:PrincipalTag/mem,'shared_memory'")}-abcdefghij`))).toBe(
      'implicit-deny',
    );
  });

  it('treats a key whose value is the empty string as having no value', () => {
    const policies = tagged(`${variable("aws:PrincipalTag/mem, 'shared_memory'")}-abcdefghij`);
    expect(decide(SESSION, policies, { 'aws:PrincipalTag/mem': '' })).toBe('allow');
    const noDefault = tagged(`${variable('aws:PrincipalTag/mem')}shared_memory-abcdefghij`);
    expect(decide(SESSION, noDefault, { 'aws:PrincipalTag/mem': '' })).toBe('implicit-deny');
  });
});

describe('numeric operators', () => {
  const withCondition = (Condition: ConditionElement) => identity({ Condition });
  // "restrict access based on comparing a key to an integer or decimal value": "12abc" is neither.
  it.each([
    ['NumericEquals', '12', '12', 'allow'],
    ['NumericEquals', '12', '12.0', 'allow'],
    ['NumericEquals', '12abc', '12', 'implicit-deny'],
    ['NumericNotEquals', '12abc', '13', 'implicit-deny'],
    ['NumericNotEquals', '12', '12abc', 'implicit-deny'],
    ['NumericLessThan', '0x10', '100', 'implicit-deny'],
    ['NumericLessThan', ' 5', '100', 'implicit-deny'],
    ['NumericLessThan', '-5', '100', 'allow'],
  ])('%s with context %j and policy %j', (operator, actual, expected, decision) => {
    const policies = withCondition({ [operator]: { 'aws:MultiFactorAuthAge': expected } });
    expect(decide(SESSION, policies, { 'aws:MultiFactorAuthAge': actual })).toBe(decision);
  });
});

/** The identity grant, and a resource policy naming only `principal`. */
function naming(principal: string): AccessPolicies {
  return {
    identity: identity({}).identity,
    resource: { [MEMORY]: { Version: V, Statement: [{ ...GRANT, Principal: { AWS: principal } }] } },
  };
}

describe('callers', () => {
  it('explains an anonymous caller ("*") without throwing', () => {
    const open = {
      identity: [],
      resource: {
        [MEMORY]: { Version: V, Statement: [{ ...GRANT, Principal: '*' } as Statement] },
      },
    };
    expect(decide('*', open)).toBe('allow');
    expect(decide('*', { identity: [], resource: { [MEMORY]: OPEN } })).toBe('implicit-deny');
    const explanation = explainAccess(
      { principalArn: '*', action: 'bedrock-agentcore:CreateEvent', resourceArn: MEMORY },
      { identity: [], resource: { [MEMORY]: OPEN } },
    );
    expect(explanation.request.context['aws:PrincipalType']).toBe('Anonymous');
    expect(explanation.causes[0]?.code).toBe('principal-not-allowed');
  });

  it('matches a role principal by its exact name, and by its path when aws:PrincipalArn gives it', () => {
    const plain = `arn:aws:iam::${ACCOUNT_B}:role/the-caller-role`;
    const pathed = `arn:aws:iam::${ACCOUNT_B}:role/team/the-caller-role`;
    expect(decide(SESSION, naming(plain))).toBe('allow');
    expect(decide(SESSION, naming(`arn:aws:iam::${ACCOUNT_B}:role/The-Caller-Role`))).toBe('implicit-deny');
    // A session ARN does not carry the role's path: "/" is assumed, as for aws:PrincipalArn …
    expect(decide(SESSION, naming(pathed))).toBe('implicit-deny');
    // … unless aws:PrincipalArn tells the role's real ARN.
    expect(decide(SESSION, naming(pathed), { 'aws:PrincipalArn': plain })).toBe('implicit-deny');
    expect(decide(SESSION, naming(pathed), { 'aws:PrincipalArn': pathed })).toBe('allow');
    expect(decide(SESSION, naming(plain), { 'aws:PrincipalArn': pathed })).toBe('implicit-deny');
  });

  it('matches a user principal case-sensitively', () => {
    // "In a Principal element, the user name part of the ARN is case sensitive."
    expect(decide(USER, naming(USER))).toBe('allow');
    expect(decide(USER, naming(USER.replace('alice', 'Alice')))).toBe('implicit-deny');
  });
});

describe('a hostile 100 KB context value (issue 15)', () => {
  it('decides a StringLike condition quickly (generous bound; npm run bench measures)', () => {
    const n = 100_000;
    const policies = identity({
      Condition: { StringLike: { 'bedrock-agentcore:actorId': `*${'a'.repeat(n / 2)}b` } },
    });
    const started = performance.now();
    expect(decide(SESSION, policies, { 'bedrock-agentcore:actorId': 'a'.repeat(n) })).toBe('implicit-deny');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
