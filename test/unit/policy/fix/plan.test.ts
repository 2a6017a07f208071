/**
 * planAccessFix on broken setups, one per cause code a policy change can fix (the four gotchas
 * of seed 000 first): the fixed policies are allowed by explainAccess, the changed documents lint
 * clean, only the document at fault changed (one change each), with exact ARNs and actions, and
 * the commands and CloudFormation resources that apply them. Guardrails and Denies block.
 */
import { describe, expect, it } from 'vitest';
import { codeInfo } from '../../../../src/policy/codes.js';
import { statementsOf } from '../../../../src/policy/document.js';
import { explainAccess } from '../../../../src/policy/evaluate/explain.js';
import type { AccessPolicies } from '../../../../src/policy/evaluate/types.js';
import { planAccessFix } from '../../../../src/policy/fix/plan.js';
import { lintPolicy } from '../../../../src/policy/lint/lint-policy.js';
import type { PolicyDocument, Statement } from '../../../../src/policy/types.js';
import { ACCOUNT_A, ACCOUNT_B, CALLER_ROLE_ARN, ENDPOINT_ARN, RUNTIME_ARN } from '../../../fixtures/arns.js';
import {
  type BrokenSetup,
  gotchaSetups,
  INVOKE,
  otherFixableSetups,
  workingPolicies,
} from '../../../fixtures/broken-setups.js';

const SETUPS: BrokenSetup[] = [...gotchaSetups(), ...otherFixableSetups()];

/** Every string of a document (ARNs, actions, principals), for the "no wildcard added" check. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

describe('planAccessFix on a broken setup, per cause code', () => {
  it('covers every cause code the catalogue says a policy change fixes', () => {
    const fixable = Object.values({ ...Object.fromEntries(SETUPS.map((s) => [s.code, s])) } as Record<
      string,
      BrokenSetup
    >).map((s) => s.code);
    const policyCodes = [
      'endpoint-policy-missing',
      'runtime-policy-missing',
      'memory-policy-missing',
      'resource-wildcard',
      'resource-mismatch',
      'source-account-condition',
      'identity-wrong-account',
      'identity-missing-endpoint',
      'identity-missing-action',
      'principal-not-allowed',
      'action-not-allowed',
      'gateway-policy-missing',
      'harness-policy-missing',
      'harness-endpoint-policy-missing',
      'harness-missing-invoke-runtime',
    ] as const;
    for (const code of policyCodes) expect(codeInfo(code).fixedBy, code).toBe('policy');
    expect([...fixable].sort()).toEqual([...policyCodes, 'region-mismatch'].sort());
  });

  it.each(SETUPS)('$name ($code)', (setup) => {
    const before = explainAccess(setup.request, setup.policies);
    expect(before.decision).not.toBe('allow');
    expect(before.causes[0]?.code).toBe(setup.code);

    const plan = planAccessFix(setup.request, setup.policies);
    expect(plan.blocked).toBeUndefined();
    // The fixed policies are allowed, and the plan says so.
    expect(plan.explanation.decision).toBe('allow');
    expect(explainAccess(setup.request, plan.policies).decision).toBe('allow');
    // Only the document at fault changed: one change, for the code proven first.
    expect(plan.changes).toHaveLength(1);
    const [change] = plan.changes;
    if (change === undefined) throw new Error('no change');
    expect(change.code).toBe(setup.code);
    expect(change.policyKind).toBe(setup.atFault.policyKind);
    if (setup.atFault.policyKind === 'resource') {
      expect(change.attachTo).toBe(setup.atFault.attachTo);
      expect(change.account).toBe(ACCOUNT_A);
      expect(change.before).toEqual(setup.policies.resource[setup.atFault.attachTo]);
      expect(plan.policies.identity).toEqual(setup.policies.identity);
      for (const [arn, document] of Object.entries(setup.policies.resource)) {
        if (arn !== setup.atFault.attachTo) expect(plan.policies.resource[arn]).toEqual(document);
      }
      expect(change.cloudFormation).toEqual({
        Type: 'AWS::BedrockAgentCore::ResourcePolicy',
        Properties: { ResourceArn: change.attachTo, Policy: JSON.stringify(change.after) },
      });
      expect(change.awsCli).toContain(
        `put-resource-policy --region eu-west-1 --resource-arn '${change.attachTo}'`,
      );
      // The changed document lints clean where it is attached.
      const errors = lintPolicy(change.after, { kind: 'resource', attachedTo: change.attachTo }).filter(
        (f) => f.severity === 'error',
      );
      expect(errors).toEqual([]);
    } else {
      expect(change.identityIndex).toBe(setup.atFault.index);
      expect(change.account).toBe(ACCOUNT_B);
      expect(change.attachTo).toBe(CALLER_ROLE_ARN);
      expect(change.before).toEqual(setup.policies.identity[setup.atFault.index]);
      expect(plan.policies.resource).toEqual(setup.policies.resource);
      expect(change.cloudFormation).toMatchObject({
        Type: 'AWS::IAM::RolePolicy',
        Properties: {
          RoleName: 'the-caller-role',
          PolicyName: 'agentcore-xacct-caller',
          PolicyDocument: change.after,
        },
      });
      expect(change.awsCli).toMatch(/^aws iam put-role-policy --role-name 'the-caller-role' --policy-name /);
      const errors = lintPolicy(change.after, { kind: 'identity', ownerAccountId: ACCOUNT_A }).filter(
        (f) => f.severity === 'error',
      );
      expect(errors).toEqual([]);
    }
    // Exact ARNs and actions: nothing the change adds holds a wildcard.
    const old = new Set(strings(change.before));
    const added = strings(change.after).filter((s) => !old.has(s));
    expect(added.filter((s) => s.includes('*') || s.includes('?'))).toEqual([]);
    // The command carries the document it sets.
    expect(change.awsCli).toContain(JSON.stringify(change.after));
  });
});

describe('planAccessFix: the changes it makes', () => {
  it('gotcha 3: rewrites aws:SourceAccount to aws:PrincipalAccount, value and operator kept', () => {
    const setup = gotchaSetups()[2] as BrokenSetup;
    const [change] = planAccessFix(setup.request, setup.policies).changes;
    const [statement] = statementsOf(change?.after as PolicyDocument);
    expect(statement?.Condition).toEqual({ StringEquals: { 'aws:PrincipalAccount': ACCOUNT_B } });
  });

  it('gotcha 4: the wrong-account entry becomes the exact endpoint ARN', () => {
    const setup = gotchaSetups()[3] as BrokenSetup;
    const [change] = planAccessFix(setup.request, setup.policies).changes;
    expect(statementsOf(change?.after as PolicyDocument)[0]?.Resource).toEqual([RUNTIME_ARN, ENDPOINT_ARN]);
  });

  it('gotcha 1: the new endpoint policy allows exactly the action to exactly the caller', () => {
    const setup = gotchaSetups()[0] as BrokenSetup;
    const [change] = planAccessFix(setup.request, setup.policies).changes;
    expect(change?.before).toBeUndefined();
    expect(change?.after).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowCaller',
          Effect: 'Allow',
          Principal: { AWS: CALLER_ROLE_ARN },
          Action: INVOKE,
          Resource: ENDPOINT_ARN,
        },
      ],
    });
  });

  it('names the session’s role, and the identity policy by the name given', () => {
    const session = 'arn:aws:sts::222222222222:assumed-role/the-caller-role/s1';
    const setup = gotchaSetups()[3] as BrokenSetup;
    const plan = planAccessFix({ ...setup.request, principalArn: session }, setup.policies, {
      identityPolicyNames: ['agentcore-invoke'],
    });
    expect(plan.changes[0]).toMatchObject({ attachTo: CALLER_ROLE_ARN, policyName: 'agentcore-invoke' });
    expect(plan.changes[0]?.awsCli).toContain("--policy-name 'agentcore-invoke'");
  });

  it('fixes several documents when several are at fault, one change each', () => {
    const policies: AccessPolicies = { identity: [], resource: {} };
    const plan = planAccessFix(
      { principalArn: CALLER_ROLE_ARN, action: INVOKE, resourceArn: RUNTIME_ARN },
      policies,
    );
    expect(plan.explanation.decision).toBe('allow');
    expect(plan.changes.map((c) => [c.policyKind, c.attachTo]).sort()).toEqual(
      [
        ['identity', CALLER_ROLE_ARN],
        ['resource', ENDPOINT_ARN],
        ['resource', RUNTIME_ARN],
      ].sort(),
    );
    const identity = plan.changes.find((c) => c.policyKind === 'identity');
    expect(identity?.after.Statement).toEqual([
      { Sid: 'AllowAgentCore', Effect: 'Allow', Action: INVOKE, Resource: [RUNTIME_ARN, ENDPOINT_ARN] },
    ]);
  });

  it('an allowed request needs no change', () => {
    const plan = planAccessFix(
      { principalArn: CALLER_ROLE_ARN, action: INVOKE, resourceArn: RUNTIME_ARN },
      workingPolicies(),
    );
    expect(plan).toMatchObject({ changes: [], explanation: { decision: 'allow' } });
    expect(plan.blocked).toBeUndefined();
  });
});

describe('planAccessFix: blocked when no change to these documents can allow', () => {
  const request = { principalArn: CALLER_ROLE_ARN, action: INVOKE, resourceArn: RUNTIME_ARN };
  const deny: Statement = { Effect: 'Deny', Action: 'bedrock-agentcore:*', Resource: '*' };
  const denyAll: PolicyDocument = { Version: '2012-10-17', Statement: [deny] };
  // An RCP names every principal ("Principal": "*"), as AWS requires of RCP statements.
  const rcpDeny: Statement = { ...deny, Principal: '*' };
  const nothing: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
  };

  it.each([
    ['a Deny in the identity policy', { identity: [correctedWith(deny)] }, 'explicit-deny', deny],
    ['an SCP that allows nothing of it', { scp: [nothing] }, 'scp-not-allowed', undefined],
    ['an SCP that denies', { scp: [denyAll] }, 'explicit-deny', deny],
    ['an RCP that denies', { rcp: [{ Version: '2012-10-17', Statement: [rcpDeny] }] }, 'rcp-denied', rcpDeny],
    [
      'a permissions boundary',
      { permissionsBoundary: nothing },
      'permissions-boundary-not-allowed',
      undefined,
    ],
    ['a session policy', { sessionPolicy: nothing }, 'session-policy-not-allowed', undefined],
    [
      'a VPC endpoint policy',
      { vpcEndpoint: { vpcEndpointId: 'vpce-0123456789abcdef0', document: nothing } },
      'vpc-endpoint-policy-not-allowed',
      undefined,
    ],
  ] as const)('%s', (_name, extra, code, statement) => {
    const plan = planAccessFix(request, { ...workingPolicies(), ...extra } as AccessPolicies);
    expect(plan.blocked?.code).toBe(code);
    expect(plan.blocked?.reason.length).toBeGreaterThan(20);
    expect(plan.blocked?.statement).toEqual(statement);
    expect(plan.explanation.decision).not.toBe('allow');
    expect(plan.changes).toEqual([]);
  });

  it('a call to another region than the resource’s', () => {
    const plan = planAccessFix(
      { ...request, context: { 'aws:RequestedRegion': 'us-east-1' } },
      { ...workingPolicies(), identity: [] },
    );
    // The client calls us-east-1 for a runtime in eu-west-1: no policy change reaches it there.
    expect(plan.blocked?.code).toBe('region-mismatch');
    expect(plan.changes).toEqual([]);
  });

  function correctedWith(extra: Statement): PolicyDocument {
    const policy = workingPolicies().identity[0] as PolicyDocument;
    return { ...policy, Statement: [...statementsOf(policy), extra] };
  }
});
