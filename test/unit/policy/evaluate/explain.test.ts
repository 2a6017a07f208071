import { describe, expect, it } from 'vitest';
import { InvalidArnError, ValidationError } from '../../../../src/errors.js';
import { type AccessPolicies, explainAccess } from '../../../../src/policy/evaluate/index.js';
import type { PolicyDocument } from '../../../../src/policy/types.js';

const A = '111111111111';
const B = '222222222222';
const RUNTIME = `arn:aws:bedrock-agentcore:eu-west-1:${A}:runtime/agent-abcdefghij`;
const ENDPOINT = `${RUNTIME}/runtime-endpoint/DEFAULT`;
const PROD = `${RUNTIME}/runtime-endpoint/prod`;
const MEMORY = `arn:aws:bedrock-agentcore:eu-west-1:${A}:memory/shared_memory-abcdefghij`;
const SESSION = `arn:aws:sts::${B}:assumed-role/the-caller-role/s1`;

function allowFor(resource: string, extra: Record<string, unknown> = {}): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: B }, Action: 'bedrock-agentcore:*', Resource: resource, ...extra },
    ],
  };
}

const IDENTITY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'bedrock-agentcore:*', Resource: `arn:aws:bedrock-agentcore:*:${A}:*` },
  ],
};

const EVERYTHING: AccessPolicies = {
  identity: [IDENTITY],
  resource: {
    [RUNTIME]: allowFor(RUNTIME),
    [ENDPOINT]: allowFor(ENDPOINT),
    [PROD]: allowFor(PROD),
    [MEMORY]: allowFor(MEMORY),
  },
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('explainAccess', () => {
  it.each([
    ['a runtime ARN: the runtime and its DEFAULT endpoint', RUNTIME, undefined, [RUNTIME, ENDPOINT]],
    ['a runtime ARN with a qualifier', RUNTIME, 'prod', [RUNTIME, PROD]],
    ['an endpoint ARN: its runtime is derived', PROD, undefined, [RUNTIME, PROD]],
    ['an endpoint ARN ignores the qualifier', PROD, 'other', [RUNTIME, PROD]],
  ])('authorizes %s', (_name, resourceArn, qualifier, arns) => {
    const explanation = explainAccess(
      {
        principalArn: SESSION,
        action: 'InvokeAgentRuntime',
        resourceArn,
        ...(qualifier === undefined ? {} : { qualifier }),
      },
      EVERYTHING,
    );
    expect(explanation.evaluations.map((e) => [e.resourceArn, e.resourceType])).toEqual([
      [arns[0], 'runtime'],
      [arns[1], 'runtime-endpoint'],
    ]);
    expect(explanation.decision).toBe('allow');
  });

  it('authorizes a memory action on the memory ARN alone, with the action qualified', () => {
    const explanation = explainAccess(
      { principalArn: SESSION, action: 'CreateEvent', resourceArn: MEMORY },
      EVERYTHING,
    );
    expect(explanation.request.action).toBe('bedrock-agentcore:CreateEvent');
    expect(explanation.evaluations.map((e) => e.resourceArn)).toEqual([MEMORY]);
    expect(explanation.evaluations[0]).toMatchObject({
      crossAccount: true,
      identityAllows: true,
      resourceAllows: true,
    });
  });

  it('matches actions case-insensitively and ARNs case-sensitively', () => {
    const policies: AccessPolicies = {
      identity: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'BEDROCK-AGENTCORE:createevent', Resource: MEMORY.toUpperCase() },
          ],
        },
      ],
      resource: { [MEMORY]: allowFor(MEMORY, { Action: 'bedrock-agentcore:CREATEEVENT' }) },
    };
    const explanation = explainAccess(
      { principalArn: SESSION, action: 'CreateEvent', resourceArn: MEMORY },
      policies,
    );
    const identity = explanation.evaluations[0]?.policies.find((p) => p.kind === 'identity');
    expect(identity?.statements[0]?.failed?.element).toBe('resource');
    expect(explanation.evaluations[0]?.resourceAllows).toBe(true);
  });

  it('records why each statement did not apply', () => {
    const policies: AccessPolicies = {
      identity: [
        {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'Action', Effect: 'Allow', Action: 'bedrock-agentcore:GetEvent', Resource: MEMORY },
            {
              Sid: 'Account',
              Effect: 'Allow',
              Action: 'bedrock-agentcore:*',
              Resource: MEMORY.replace(A, B),
            },
            {
              Sid: 'Region',
              Effect: 'Allow',
              Action: 'bedrock-agentcore:*',
              Resource: MEMORY.replace('eu-west-1', 'us-east-1'),
            },
            { Sid: 'Pattern', Effect: 'Allow', Action: 'bedrock-agentcore:*', Resource: `${MEMORY}x` },
            {
              Sid: 'Condition',
              Effect: 'Allow',
              Action: 'bedrock-agentcore:*',
              Resource: '*',
              Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
            },
          ],
        },
      ],
      resource: {
        [MEMORY]: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Principal',
              Effect: 'Allow',
              Principal: { AWS: '333333333333' },
              Action: '*',
              Resource: MEMORY,
            },
            { Sid: 'Wildcard', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
          ],
        },
      },
    };
    const explanation = explainAccess(
      { principalArn: SESSION, action: 'CreateEvent', resourceArn: MEMORY },
      policies,
    );
    const failed = explanation.evaluations[0]?.policies.flatMap((p) =>
      p.statements.map((s) => [s.sid, s.failed?.element, s.failed?.resourcePart ?? s.failed?.keyMissing]),
    );
    // In AWS's order: the resource-based policy, then the identity-based ones.
    expect(failed).toEqual([
      ['Principal', 'principal', undefined],
      ['Wildcard', 'resource', 'pattern'],
      ['Action', 'action', undefined],
      ['Account', 'resource', 'account'],
      ['Region', 'resource', 'region'],
      ['Pattern', 'resource', 'pattern'],
      ['Condition', 'condition', true],
    ]);
    const wildcard = explanation.evaluations[0]?.policies[0]?.statements[1]?.failed;
    expect(wildcard?.wildcardResource).toBe(true);
    expect(explanation.causes[0]?.code).toBe('resource-wildcard');
  });

  it('drops AgentCore condition keys the action does not take', () => {
    const explanation = explainAccess(
      {
        principalArn: SESSION,
        action: 'RetrieveMemoryRecords',
        resourceArn: MEMORY,
        context: {
          'bedrock-agentcore:actorId': 'a',
          'bedrock-agentcore:namespace': 'n',
          'aws:PrincipalOrgID': 'o-1',
        },
      },
      EVERYTHING,
    );
    expect(explanation.request.context).not.toHaveProperty('bedrock-agentcore:actorId');
    expect(explanation.request.context).toMatchObject({
      'bedrock-agentcore:namespace': 'n',
      'aws:PrincipalOrgID': 'o-1',
    });
  });

  it('reports an explicit deny on either ARN as the decision', () => {
    const policies: AccessPolicies = {
      ...EVERYTHING,
      resource: {
        ...EVERYTHING.resource,
        [ENDPOINT]: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: ENDPOINT }],
        },
      },
    };
    const explanation = explainAccess(
      { principalArn: SESSION, action: 'GetAgentCard', resourceArn: RUNTIME },
      policies,
    );
    expect(explanation.evaluations.map((e) => e.decision)).toEqual(['allow', 'explicit-deny']);
    expect(explanation.decision).toBe('explicit-deny');
    expect(explanation.causes[0]).toMatchObject({
      code: 'explicit-deny',
      resourceArn: ENDPOINT,
      policyKind: 'resource',
      statementIndex: 0,
    });
  });

  it('neither mutates nor keeps its inputs', () => {
    const request = deepFreeze({
      principalArn: SESSION,
      action: 'CreateEvent',
      resourceArn: MEMORY,
      context: { 'aws:PrincipalOrgID': 'o-1' },
    });
    const policies = deepFreeze(structuredClone(EVERYTHING));
    const first = explainAccess(request, policies);
    expect(explainAccess(request, policies)).toEqual({
      ...first,
      request: { ...first.request, context: expect.any(Object) },
    });
  });

  it.each([
    ['a resource ARN that is not AgentCore', { resourceArn: 'arn:aws:s3:::bucket' }, InvalidArnError],
    ['a principal that is not a principal', { principalArn: 'arn:aws:s3:::bucket' }, InvalidArnError],
    ['an invalid qualifier', { qualifier: 'no/slash' }, ValidationError],
  ])('throws for %s', (_name, change, error) => {
    expect(() =>
      explainAccess(
        { principalArn: SESSION, action: 'InvokeAgentRuntime', resourceArn: RUNTIME, ...change },
        EVERYTHING,
      ),
    ).toThrow(error);
  });

  describe('an action that takes no resource, on "*"', () => {
    const ADMIN = `arn:aws:iam::${A}:role/admin`;
    const identity = (resource: string, effect: 'Allow' | 'Deny' = 'Allow'): PolicyDocument => ({
      Version: '2012-10-17',
      Statement: [{ Effect: effect, Action: 'bedrock-agentcore:List*', Resource: resource }],
    });
    const list = (policies: AccessPolicies, principalArn = ADMIN) =>
      explainAccess({ principalArn, action: 'ListAgentRuntimes', resourceArn: '*' }, policies);

    it.each([
      ['Resource "*" allows', [identity('*')], 'allow'],
      [
        'a runtime pattern names no "*"',
        [identity(`arn:aws:bedrock-agentcore:*:${A}:runtime/*`)],
        'implicit-deny',
      ],
      ['no identity policy', [], 'implicit-deny'],
      ['a Deny on "*" wins', [identity('*'), identity('*', 'Deny')], 'explicit-deny'],
    ] as const)('%s', (_name, policies, decision) => {
      const explanation = list({ identity: [...policies], resource: {} });
      expect(explanation.decision).toBe(decision);
      expect(explanation.evaluations).toEqual([
        expect.objectContaining({ resourceArn: '*', resourceType: '*', crossAccount: false }),
      ]);
    });

    it("is in the caller's own account: a resource policy is never needed, the identity side names the cause", () => {
      const explanation = list({ identity: [], resource: {} }, SESSION);
      expect(explanation.evaluations[0]?.crossAccount).toBe(false);
      expect(explanation.causes[0]?.code).toBe('identity-missing-action');
    });

    it.each(['InvokeAgentRuntime', 'GetResourcePolicy', 'NoSuchAction'])('refuses "*" for %s', (action) => {
      expect(() =>
        explainAccess(
          { principalArn: ADMIN, action, resourceArn: '*' },
          { identity: [identity('*')], resource: {} },
        ),
      ).toThrow(ValidationError);
    });
  });

  it('stays linear on hostile wildcard patterns', () => {
    const hostile = `arn:aws:bedrock-agentcore:eu-west-1:${A}:memory/${'*a'.repeat(2000)}b`;
    const policies: AccessPolicies = {
      identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: hostile }] }],
      resource: { [MEMORY]: allowFor(MEMORY) },
    };
    const explanation = explainAccess(
      { principalArn: SESSION, action: 'CreateEvent', resourceArn: MEMORY },
      policies,
    );
    expect(explanation.decision).toBe('implicit-deny');
  });
});

describe('the explainAccess TSDoc example', () => {
  it('denies for want of an endpoint policy, as documented', () => {
    const runtimeArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
    const explanation = explainAccess(
      {
        principalArn: 'arn:aws:sts::222222222222:assumed-role/the-caller-role/s1',
        action: 'bedrock-agentcore:InvokeAgentRuntime',
        resourceArn: runtimeArn,
      },
      {
        identity: [
          {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'bedrock-agentcore:*', Resource: '*' }],
          },
        ],
        resource: {
          [runtimeArn]: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: '222222222222' },
                Action: 'bedrock-agentcore:InvokeAgentRuntime',
                Resource: runtimeArn,
              },
            ],
          },
        },
      },
    );
    expect(explanation.decision).toBe('implicit-deny');
    expect(explanation.causes[0]?.code).toBe('endpoint-policy-missing');
  });
});
