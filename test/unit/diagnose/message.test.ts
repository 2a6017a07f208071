import { describe, expect, it } from 'vitest';
import { type ParsedAccessDenied, parseAccessDeniedMessage } from '../../../src/diagnose/message.js';
import { CALLER_ROLE_ARN, ENDPOINT_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';

const SESSION = 'arn:aws:sts::222222222222:assumed-role/the-caller-role/session-1';
const INVOKE = 'bedrock-agentcore:InvokeAgentRuntime';

describe('parseAccessDeniedMessage', () => {
  it.each<[string, string, ParsedAccessDenied | undefined]>([
    [
      'implicit deny, resource-based (the misleading cross-account wording of agentcore-cli 607)',
      `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} because no resource-based policy allows the ${INVOKE} action`,
      {
        principalArn: SESSION,
        action: INVOKE,
        resourceArn: RUNTIME_ARN,
        policyType: 'resource-based',
        denialType: 'implicit',
      },
    ],
    [
      'implicit deny, identity-based, endpoint ARN',
      `User: ${CALLER_ROLE_ARN} is not authorized to perform: ${INVOKE} on resource: ${ENDPOINT_ARN} because no identity-based policy allows the ${INVOKE} action`,
      {
        principalArn: CALLER_ROLE_ARN,
        action: INVOKE,
        resourceArn: ENDPOINT_ARN,
        policyType: 'identity-based',
        denialType: 'implicit',
      },
    ],
    [
      'implicit deny, session policy',
      `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} because no session policy allows the ${INVOKE} action`,
      {
        principalArn: SESSION,
        action: INVOKE,
        resourceArn: RUNTIME_ARN,
        policyType: 'session',
        denialType: 'implicit',
      },
    ],
    [
      'implicit deny, permissions boundary',
      `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} because no permissions boundary allows the ${INVOKE} action`,
      {
        principalArn: SESSION,
        action: INVOKE,
        resourceArn: RUNTIME_ARN,
        policyType: 'permissions-boundary',
        denialType: 'implicit',
      },
    ],
    [
      'implicit deny, VPC endpoint policy',
      `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} because no VPC endpoint policy allows the ${INVOKE} action`,
      {
        principalArn: SESSION,
        action: INVOKE,
        resourceArn: RUNTIME_ARN,
        policyType: 'vpc-endpoint',
        denialType: 'implicit',
      },
    ],
    [
      'explicit deny in a service control policy',
      `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} with an explicit deny in a service control policy`,
      {
        principalArn: SESSION,
        action: INVOKE,
        resourceArn: RUNTIME_ARN,
        policyType: 'service-control',
        denialType: 'explicit',
      },
    ],
    [
      'explicit deny in a resource control policy',
      `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} with an explicit deny in a resource control policy`,
      {
        principalArn: SESSION,
        action: INVOKE,
        resourceArn: RUNTIME_ARN,
        policyType: 'resource-control',
        denialType: 'explicit',
      },
    ],
    [
      'explicit deny in an identity-based policy naming the policy ARN',
      `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} with an explicit deny in an identity-based policy: arn:aws:iam::222222222222:policy/deny-agents`,
      {
        principalArn: SESSION,
        action: INVOKE,
        resourceArn: RUNTIME_ARN,
        policyType: 'identity-based',
        denialType: 'explicit',
        policyArn: 'arn:aws:iam::222222222222:policy/deny-agents',
      },
    ],
    [
      'explicit deny in a resource-based policy, trailing period',
      `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${ENDPOINT_ARN} with an explicit deny in a resource-based policy.`,
      {
        principalArn: SESSION,
        action: INVOKE,
        resourceArn: ENDPOINT_ARN,
        policyType: 'resource-based',
        denialType: 'explicit',
      },
    ],
    [
      'implicit deny wording "with an implicit deny in a … policy"',
      `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} with an implicit deny in a resource-based policy`,
      {
        principalArn: SESSION,
        action: INVOKE,
        resourceArn: RUNTIME_ARN,
        policyType: 'resource-based',
        denialType: 'implicit',
      },
    ],
    [
      'bare message with resource and no reason',
      `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN}`,
      { principalArn: SESSION, action: INVOKE, resourceArn: RUNTIME_ARN },
    ],
    [
      'bare message without resource',
      `User: ${SESSION} is not authorized to perform: bedrock-agentcore:ListEvents`,
      { principalArn: SESSION, action: 'bedrock-agentcore:ListEvents' },
    ],
    [
      'STS AssumeRole denial',
      `User: ${CALLER_ROLE_ARN} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/CrossAccountAgentInvoker`,
      {
        principalArn: CALLER_ROLE_ARN,
        action: 'sts:AssumeRole',
        resourceArn: 'arn:aws:iam::111111111111:role/CrossAccountAgentInvoker',
      },
    ],
    [
      'SDK prefix before the AWS text is ignored',
      `An error occurred (AccessDeniedException) when calling the InvokeAgentRuntime operation: User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} because no resource-based policy allows the ${INVOKE} action`,
      {
        principalArn: SESSION,
        action: INVOKE,
        resourceArn: RUNTIME_ARN,
        policyType: 'resource-based',
        denialType: 'implicit',
      },
    ],
    [
      'unknown policy type keeps the denial type',
      `User: ${SESSION} is not authorized to perform: ${INVOKE} because no mystery policy allows the ${INVOKE} action`,
      { principalArn: SESSION, action: INVOKE, denialType: 'implicit' },
    ],
    ['not an AccessDenied message', 'Rate exceeded', undefined],
    ['marker without a user', 'someone is not authorized to perform: x:Y', undefined],
    ['empty principal', 'User:  is not authorized to perform: x:Y', undefined],
    ['empty action', `User: ${SESSION} is not authorized to perform: `, undefined],
    ['empty string', '', undefined],
  ])('%s', (_name, text, expected) => {
    expect(parseAccessDeniedMessage(text)).toEqual(expected);
  });

  it.each([undefined, null, 42, {}, ['User: a is not authorized to perform: b']])(
    'never throws on %j',
    (value) => {
      expect(parseAccessDeniedMessage(value)).toBeUndefined();
    },
  );

  // Hostile input: each must finish (linear scans, no regular expression to backtrack).
  it.each([
    ['repeated markers', 'User: is not authorized to perform: '.repeat(3000)],
    ['a huge principal', `User: ${'a'.repeat(100_000)} is not authorized to perform: x:Y`],
    [
      'a huge action and reason',
      `User: p is not authorized to perform: ${'x'.repeat(100_000)} because no ${' '.repeat(100_000)}`,
    ],
    ['many "User: " and no marker', 'User: '.repeat(20_000)],
    [
      'explicit-deny phrases repeated',
      `User: p is not authorized to perform: a ${'with an explicit deny in a '.repeat(4000)}`,
    ],
    [
      'spaces everywhere',
      `User: p is not authorized to perform:${' '.repeat(100_000)}a on resource:${' '.repeat(100_000)}`,
    ],
  ])('handles 100,000-character hostile input: %s', (_name, text) => {
    expect(text.length).toBeGreaterThanOrEqual(100_000);
    expect(() => parseAccessDeniedMessage(text)).not.toThrow();
  });

  it('takes the principal nearest the marker when text before it also says "User: "', () => {
    const parsed = parseAccessDeniedMessage(
      `User: ignored. User: ${SESSION} is not authorized to perform: ${INVOKE}`,
    );
    expect(parsed?.principalArn).toBe(SESSION);
  });
});

describe('parseAccessDeniedMessage: IAM names some resources in words', () => {
  it.each([
    [
      'a role (aws/aws-cdk issue 27067)',
      'User: arn:aws:iam::341538367464:user/matt is not authorized to perform: iam:GetRole on resource: role cdk-hnb659fds-file-publishing-role because no identity-based policy allows the iam:GetRole action',
      'role cdk-hnb659fds-file-publishing-role',
      'identity-based',
    ],
    [
      'a policy path (aws/aws-sam-cli issue 394), with no reason',
      'User: arn:aws:iam::9999999999:user/user.name is not authorized to perform: iam:ListPolicies on resource: policy path /',
      'policy',
      undefined,
    ],
    [
      'an ARN, as ever',
      'User: arn:aws:iam::222222222222:role/r is not authorized to perform: iam:PutRolePolicy on resource: arn:aws:iam::222222222222:role/r with an explicit deny in a service control policy',
      'arn:aws:iam::222222222222:role/r',
      'service-control',
    ],
  ])('%s', (_name, text, resourceArn, policyType) => {
    const parsed = parseAccessDeniedMessage(text);
    expect(parsed?.resourceArn).toBe(resourceArn);
    expect(parsed?.policyType).toBe(policyType);
  });
});
