/**
 * What planAccessFix must not do, found in review: go around an owner's condition with an
 * unconditioned grant, grant to anyone (`*`) or to a service principal, change a federated user's
 * (non-existent) policy, drop an identity entry that also covers the caller's own resources,
 * widen a broad statement to the endpoint, loop on a grant that does not help, write a 101st
 * statement, rename a condition into one that never matches, or propose changes that a guardrail
 * makes useless. Each case: the plan, what explainAccess says of it, and lint of what changed.
 */
import { describe, expect, it } from 'vitest';
import { statementsOf } from '../../../../src/policy/document.js';
import { explainAccess } from '../../../../src/policy/evaluate/explain.js';
import type { AccessPolicies, AccessRequest } from '../../../../src/policy/evaluate/types.js';
import { planAccessFix } from '../../../../src/policy/fix/plan.js';
import { lintPolicy } from '../../../../src/policy/lint/lint-policy.js';
import type { PolicyDocument, Statement } from '../../../../src/policy/types.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  CALLER_ROLE_ARN,
  ENDPOINT_ARN,
  MEMORY_ARN,
  REGION,
  RUNTIME_ARN,
} from '../../../fixtures/arns.js';
import { callerPolicy, INVOKE, workingPolicies } from '../../../fixtures/broken-setups.js';

const CREATE_EVENT = 'bedrock-agentcore:CreateEvent';
const invoke: AccessRequest = { principalArn: CALLER_ROLE_ARN, action: INVOKE, resourceArn: RUNTIME_ARN };

function doc(...statements: Statement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}
function allowCaller(resource: string, extra: Partial<Statement> = {}): Statement {
  return {
    Effect: 'Allow',
    Principal: { AWS: CALLER_ROLE_ARN },
    Action: INVOKE,
    Resource: resource,
    ...extra,
  };
}
/** A blocked plan: no change, the given policies, and a reason of some length. */
function expectBlocked(
  plan: ReturnType<typeof planAccessFix>,
  policies: AccessPolicies,
  code?: string,
): void {
  expect(plan.blocked, JSON.stringify(plan.changes.map((c) => c.after))).toBeDefined();
  if (code !== undefined) expect(plan.blocked?.code).toBe(code);
  expect(plan.changes).toEqual([]);
  expect(plan.policies).toEqual(policies);
  expect(plan.blocked?.reason.length).toBeGreaterThan(40);
}
/** An allowed plan whose changed documents lint without errors. */
function expectAllowed(request: AccessRequest, plan: ReturnType<typeof planAccessFix>): void {
  expect(plan.blocked).toBeUndefined();
  expect(explainAccess(request, plan.policies).decision).toBe('allow');
  for (const change of plan.changes) {
    const findings = lintPolicy(
      change.after,
      change.policyKind === 'resource'
        ? { kind: 'resource', attachedTo: change.attachTo }
        : { kind: 'identity' },
    );
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  }
}

describe('planAccessFix keeps the owner’s conditions', () => {
  it('an actor-scoped memory grant: the request for another actor is blocked, not granted unconditioned', () => {
    const policies: AccessPolicies = {
      identity: [callerPolicy([MEMORY_ARN], [CREATE_EVENT])],
      resource: {
        [MEMORY_ARN]: doc({
          Effect: 'Allow',
          Principal: { AWS: CALLER_ROLE_ARN },
          Action: CREATE_EVENT,
          Resource: MEMORY_ARN,
          Condition: { StringEquals: { 'bedrock-agentcore:actorId': 'alice' } },
        }),
      },
    };
    const request: AccessRequest = {
      principalArn: CALLER_ROLE_ARN,
      action: CREATE_EVENT,
      resourceArn: MEMORY_ARN,
      context: { 'bedrock-agentcore:actorId': 'bob' },
    };
    const plan = planAccessFix(request, policies);
    expectBlocked(plan, policies);
    expect(plan.blocked).toMatchObject({
      policyKind: 'resource',
      resourceArn: MEMORY_ARN,
      statementIndex: 0,
    });
    expect(plan.blocked?.reason).toContain('bedrock-agentcore:actorId');
  });

  it('an organization condition on "*": a caller of another organization is blocked', () => {
    const orgOnly = (arn: string) =>
      doc({
        Effect: 'Allow',
        Principal: '*',
        Action: INVOKE,
        Resource: arn,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123defg' } },
      });
    const policies: AccessPolicies = {
      ...workingPolicies(),
      resource: { [RUNTIME_ARN]: orgOnly(RUNTIME_ARN), [ENDPOINT_ARN]: orgOnly(ENDPOINT_ARN) },
    };
    const request = { ...invoke, context: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } };
    expectBlocked(planAccessFix(request, policies), policies);
  });

  it("an MFA condition in the caller's identity policy: blocked, not a second unconditioned statement", () => {
    const policies: AccessPolicies = {
      ...workingPolicies(),
      identity: [
        doc({
          Effect: 'Allow',
          Action: INVOKE,
          Resource: [RUNTIME_ARN, ENDPOINT_ARN],
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        }),
      ],
    };
    const plan = planAccessFix({ ...invoke, context: { 'aws:MultiFactorAuthPresent': false } }, policies);
    expectBlocked(plan, policies);
    expect(plan.blocked).toMatchObject({ policyKind: 'identity', policyIndex: 0, statementIndex: 0 });
  });
});

describe('planAccessFix grants only to an IAM principal with a policy of its own', () => {
  const none: AccessPolicies = { identity: [], resource: {} };

  it('anonymous ("*"): blocked, never a wildcard principal', () => {
    expectBlocked(planAccessFix({ ...invoke, principalArn: '*' }, none), none);
  });

  it('a service principal: blocked (the service calls as a role of its own)', () => {
    const plan = planAccessFix({ ...invoke, principalArn: 'lambda.amazonaws.com' }, none);
    expectBlocked(plan, none);
    expect(plan.blocked?.reason).toContain('execution role');
  });

  it('a federated user: blocked on the identity side (no policy of its own to put)', () => {
    const policies: AccessPolicies = { ...workingPolicies(), identity: [] };
    const request = { ...invoke, principalArn: `arn:aws:sts::${ACCOUNT_B}:federated-user/bob` };
    const plan = planAccessFix(request, policies);
    expectBlocked(plan, policies);
    expect(plan.blocked?.reason).toContain('GetFederationToken');
  });

  it('a session of a role with a path: one grant to the role with its path, allowed', () => {
    const role = `arn:aws:iam::${ACCOUNT_B}:role/team/the-caller-role`;
    const request: AccessRequest = {
      ...invoke,
      principalArn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/the-caller-role/s1`,
      context: { 'aws:PrincipalArn': role },
    };
    const policies: AccessPolicies = {
      ...workingPolicies(),
      resource: { [RUNTIME_ARN]: doc(allowCaller(RUNTIME_ARN, { Principal: { AWS: role } })) },
    };
    const plan = planAccessFix(request, policies);
    expectAllowed(request, plan);
    expect(plan.changes.map((c) => c.after)).toEqual([
      doc({ Sid: 'AllowCaller', ...allowCaller(ENDPOINT_ARN, { Principal: { AWS: role } }) }),
    ]);
  });
});

describe('planAccessFix changes no more than the request needs', () => {
  it("an identity pattern in the caller's own account stays; the exact ARNs join it", () => {
    const own = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT_B}:runtime/*`;
    const policies: AccessPolicies = { ...workingPolicies(), identity: [callerPolicy([own])] };
    const plan = planAccessFix(invoke, policies);
    expectAllowed(invoke, plan);
    const [change] = plan.changes;
    expect(statementsOf(change?.after as PolicyDocument)[0]?.Resource).toEqual([
      own,
      RUNTIME_ARN,
      ENDPOINT_ARN,
    ]);
  });

  it("an identity pattern in another region of the owner's account stays too", () => {
    const east = `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT_A}:runtime/*`;
    const policies: AccessPolicies = { ...workingPolicies(), identity: [callerPolicy([east])] };
    const plan = planAccessFix(invoke, policies);
    expectAllowed(invoke, plan);
    expect(statementsOf(plan.changes[0]?.after as PolicyDocument)[0]?.Resource).toContain(east);
  });

  it('a broad identity statement on the runtime gains the endpoint: its actions need it to work as written', () => {
    // Deliberate: a separate exact statement would leave the broad one useless for every other
    // hierarchical action it grants on the runtime (lint calls that an error).
    const broad: Statement = { Effect: 'Allow', Action: 'bedrock-agentcore:*', Resource: RUNTIME_ARN };
    const policies: AccessPolicies = { ...workingPolicies(), identity: [doc(broad)] };
    const plan = planAccessFix(invoke, policies);
    expectAllowed(invoke, plan);
    expect(statementsOf(plan.changes[0]?.after as PolicyDocument)).toEqual([
      { ...broad, Resource: [RUNTIME_ARN, ENDPOINT_ARN] },
    ]);
  });

  it('at the 100-statement quota, the caller joins a statement that grants exactly the action', () => {
    const others = Array.from({ length: 100 }, (_item, i) =>
      allowCaller(RUNTIME_ARN, { Principal: { AWS: `3333333333${String(i).padStart(2, '0')}` } }),
    );
    const policies: AccessPolicies = {
      ...workingPolicies(),
      resource: { ...workingPolicies().resource, [RUNTIME_ARN]: doc(...others) },
    };
    const plan = planAccessFix(invoke, policies);
    expectAllowed(invoke, plan);
    const statements = statementsOf(plan.changes[0]?.after as PolicyDocument);
    expect(statements).toHaveLength(100);
    expect(statements[0]?.Principal).toEqual({ AWS: ['333333333300', CALLER_ROLE_ARN] });
  });

  it('at the quota with no statement to join: blocked', () => {
    const others = Array.from({ length: 100 }, (_, i) =>
      allowCaller(ENDPOINT_ARN, {
        Principal: { AWS: `3333333333${String(i).padStart(2, '0')}` },
        Action: 'bedrock-agentcore:GetAgentCard',
      }),
    );
    const policies: AccessPolicies = {
      ...workingPolicies(),
      resource: { ...workingPolicies().resource, [ENDPOINT_ARN]: doc(...others) },
    };
    expectBlocked(planAccessFix(invoke, policies), policies);
  });

  it('a guardrail that blocks makes no change, even to a document that is also at fault', () => {
    const boundary = doc({ Effect: 'Allow', Action: INVOKE, Resource: RUNTIME_ARN });
    const policies: AccessPolicies = {
      ...workingPolicies(),
      identity: [callerPolicy([RUNTIME_ARN])],
      permissionsBoundary: boundary,
    };
    expectBlocked(planAccessFix(invoke, policies), policies, 'permissions-boundary-not-allowed');
  });
});

describe('planAccessFix reads the action as explainAccess does', () => {
  it('a short action name (InvokeAgentRuntimeForUser) is granted with its service prefix, both actions', () => {
    const policies: AccessPolicies = workingPolicies();
    const request = { ...invoke, action: 'InvokeAgentRuntimeForUser' };
    const plan = planAccessFix(request, policies);
    expectAllowed(request, plan);
    for (const change of plan.changes) {
      const actions = statementsOf(change.after).flatMap((s) => [s.Action ?? []].flat());
      expect(
        actions.every((a) => a.startsWith('bedrock-agentcore:')),
        JSON.stringify(actions),
      ).toBe(true);
      expect(actions).toContain('bedrock-agentcore:InvokeAgentRuntimeForUser');
    }
  });
});

describe('planAccessFix renames a service-only condition key only when the intent survives', () => {
  it('aws:SourceArn naming a Lambda function: blocked (aws:PrincipalArn would never match it)', () => {
    const fn = `arn:aws:lambda:${REGION}:${ACCOUNT_B}:function:caller`;
    const policies: AccessPolicies = {
      ...workingPolicies(),
      resource: {
        ...workingPolicies().resource,
        [RUNTIME_ARN]: doc(allowCaller(RUNTIME_ARN, { Condition: { ArnLike: { 'aws:SourceArn': fn } } })),
      },
    };
    const plan = planAccessFix(invoke, policies);
    expectBlocked(plan, policies, 'source-account-condition');
    expect(plan.blocked?.reason).toContain('execution role');
  });

  it('aws:SourceAccount beside aws:PrincipalAccount in one block: blocked, not merged', () => {
    const policies: AccessPolicies = {
      ...workingPolicies(),
      resource: {
        ...workingPolicies().resource,
        [RUNTIME_ARN]: doc(
          allowCaller(RUNTIME_ARN, {
            Condition: {
              StringEquals: { 'aws:SourceAccount': '333333333333', 'aws:PrincipalAccount': ACCOUNT_B },
            },
          }),
        ),
      },
    };
    expectBlocked(planAccessFix(invoke, policies), policies, 'source-account-condition');
  });

  it('aws:SourceArn naming the caller role becomes aws:PrincipalArn: allowed', () => {
    const policies: AccessPolicies = {
      ...workingPolicies(),
      resource: {
        ...workingPolicies().resource,
        [RUNTIME_ARN]: doc(
          allowCaller(RUNTIME_ARN, { Condition: { ArnEquals: { 'aws:SourceArn': CALLER_ROLE_ARN } } }),
        ),
      },
    };
    const plan = planAccessFix(invoke, policies);
    expectAllowed(invoke, plan);
    expect(statementsOf(plan.changes[0]?.after as PolicyDocument)[0]?.Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': CALLER_ROLE_ARN },
    });
  });
});
