/**
 * doctor() against the emulator: a good setup passes every check it can run; each gotcha of
 * seed 000 (and an unreadable memory, a wrong ExternalId) fails the check that should catch it.
 */
import { PutResourcePolicyCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DoctorCheck, type DoctorOptions, doctor } from '../../../src/diagnose/doctor.js';
import { callerIdentityPolicy } from '../../../src/policy/build/identity.js';
import { memoryAccessPolicy } from '../../../src/policy/build/memory.js';
import type { PolicyDocument } from '../../../src/policy/types.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import {
  ACCOUNT_B,
  ADMIN_ROLE_ARN,
  CALLER_ROLE_ARN,
  MEMORY_ARN,
  MEMORY_ID,
  RUNTIME_ARN,
} from '../../fixtures/arns.js';
import { loadSeed } from '../../fixtures/seeds/index.js';
import { EXTERNAL_ID, grantAssumeRole, grantResourcePolicies, INVOKER_ROLE_ARN } from '../client/setup.js';
import {
  attachRuntimeAndEndpoint,
  control,
  correctedIdentityPolicy,
  invokeIdentityPolicy,
} from '../emulator/helpers.js';

let emulator: LocalAgentCore;
beforeEach(async () => {
  emulator = await startLocalAgentCore();
});
afterEach(async () => {
  await emulator.stop();
});

function options(extra: Partial<DoctorOptions> = {}): DoctorOptions {
  return {
    runtimeArn: RUNTIME_ARN,
    caller: emulator.clientConfig(CALLER_ROLE_ARN),
    owner: emulator.clientConfig(ADMIN_ROLE_ARN),
    ...extra,
  };
}

function byId(checks: DoctorCheck[]): Record<string, DoctorCheck> {
  return Object.fromEntries(checks.map((c) => [c.id, c]));
}

async function grantMemory(): Promise<PolicyDocument> {
  const admin = control(emulator);
  const policy = memoryAccessPolicy({ memoryArn: MEMORY_ARN, readers: [CALLER_ROLE_ARN] });
  await admin.send(
    new PutResourcePolicyCommand({ resourceArn: MEMORY_ARN, policy: JSON.stringify(policy.document) }),
  );
  admin.destroy();
  return policy.document;
}

describe('doctor', () => {
  it('a good setup (runtime, endpoint and memory granted) passes every check it runs', async () => {
    await grantResourcePolicies(emulator, CALLER_ROLE_ARN, [RUNTIME_ARN]);
    await grantMemory();
    emulator.setIdentityPolicy(
      CALLER_ROLE_ARN,
      callerIdentityPolicy({
        runtimeArns: [RUNTIME_ARN],
        runtimeActions: ['InvokeAgentRuntime', 'GetAgentCard'],
        memoryArns: [MEMORY_ARN],
        memoryAccess: 'read',
      }),
    );
    const report = await doctor(options({ memoryArn: MEMORY_ARN }));
    const checks = byId(report.checks);
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(checks['caller-identity']).toMatchObject({ status: 'pass' });
    expect(checks['caller-identity']?.reason).toContain(CALLER_ROLE_ARN);
    expect(checks['assume-role']).toMatchObject({ status: 'skipped' });
    for (const id of [
      'arns',
      'agent-card:DEFAULT',
      'memory-read',
      'runtime-policy',
      'endpoint-policy:DEFAULT',
      'memory-policy',
      'setup-lint',
    ]) {
      expect(checks[id], id).toMatchObject({ status: 'pass' });
    }
  });

  it('without Account A settings, its checks are skipped with the reason', async () => {
    await grantResourcePolicies(emulator, CALLER_ROLE_ARN, [RUNTIME_ARN]);
    const { owner: _owner, ...callerOnly } = options();
    const checks = byId((await doctor(callerOnly)).checks);
    expect(checks['runtime-policy']).toMatchObject({ status: 'skipped' });
    expect(checks['runtime-policy']?.reason).toContain('owner');
    expect(checks['agent-card:DEFAULT']).toMatchObject({ status: 'pass' });
  });

  it('gotcha 1: the endpoint policy check fails, and so does the probe', async () => {
    await attachRuntimeAndEndpoint(emulator, {}, { runtime: true, endpoint: false });
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
    const checks = byId((await doctor(options())).checks);
    expect(checks['endpoint-policy:DEFAULT']).toMatchObject({
      status: 'fail',
      code: 'endpoint-policy-missing',
    });
    expect(checks['runtime-policy']).toMatchObject({ status: 'pass' });
    expect(checks['agent-card:DEFAULT']).toMatchObject({ status: 'fail' });
  });

  it('gotcha 2: the wildcard policy was refused, so no policy is attached: both policy checks fail', async () => {
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
    const checks = byId((await doctor(options())).checks);
    expect(checks['runtime-policy']).toMatchObject({ status: 'fail', code: 'runtime-policy-missing' });
    expect(checks['endpoint-policy:DEFAULT']).toMatchObject({
      status: 'fail',
      code: 'endpoint-policy-missing',
    });
  });

  it('gotcha 3: the linted runtime and endpoint policies fail on aws:SourceAccount', async () => {
    await attachRuntimeAndEndpoint(emulator, {
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_B } },
    });
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
    const checks = byId((await doctor(options())).checks);
    expect(checks['runtime-policy']).toMatchObject({ status: 'fail', code: 'source-account-condition' });
    expect(checks['endpoint-policy:DEFAULT']).toMatchObject({
      status: 'fail',
      code: 'source-account-condition',
    });
    expect(checks['agent-card:DEFAULT']).toMatchObject({ status: 'fail' });
  });

  it("gotcha 4: the probe fails and, given the caller's identity policy, proves identity-wrong-account", async () => {
    await attachRuntimeAndEndpoint(emulator);
    const broken = loadSeed('seed-000-gotcha4-broken-resources') as { Resource: string[] };
    const identity = invokeIdentityPolicy([RUNTIME_ARN, broken.Resource[1] as string]);
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, identity);
    const blind = byId((await doctor(options())).checks);
    expect(blind['runtime-policy']).toMatchObject({ status: 'pass' });
    expect(blind['endpoint-policy:DEFAULT']).toMatchObject({ status: 'pass' });
    expect(blind['agent-card:DEFAULT']).toMatchObject({ status: 'fail' });
    const told = byId((await doctor(options({ identityPolicies: [identity] }))).checks);
    expect(told['agent-card:DEFAULT']).toMatchObject({ status: 'fail', code: 'identity-wrong-account' });
    expect(told['setup-lint']).toMatchObject({ status: 'fail' });
  });

  it('a memory without a policy fails the memory read and the memory policy check', async () => {
    emulator.setIdentityPolicy(
      CALLER_ROLE_ARN,
      callerIdentityPolicy({ memoryArns: [MEMORY_ARN], memoryAccess: 'read' }),
    );
    const checks = byId(
      (
        await doctor({
          memoryArn: MEMORY_ARN,
          caller: emulator.clientConfig(CALLER_ROLE_ARN),
          owner: emulator.clientConfig(ADMIN_ROLE_ARN),
        })
      ).checks,
    );
    expect(checks['memory-read']).toMatchObject({ status: 'fail', code: 'memory-policy-missing' });
    expect(checks['memory-policy']).toMatchObject({ status: 'fail', code: 'memory-policy-missing' });
    expect(checks['agent-card:DEFAULT']).toMatchObject({ status: 'skipped' });
  });

  it('a bare memory id fails the ARN check', async () => {
    const checks = byId((await doctor(options({ memoryArn: MEMORY_ID }))).checks);
    expect(checks.arns).toMatchObject({ status: 'fail', code: 'memory-id-not-arn' });
  });

  it('assume-role: the right ExternalId passes, a wrong one fails with assume-role-denied', async () => {
    grantAssumeRole(emulator, CALLER_ROLE_ARN, [RUNTIME_ARN]);
    const good = byId((await doctor(options({ roleArn: INVOKER_ROLE_ARN, externalId: EXTERNAL_ID }))).checks);
    expect(good['assume-role']).toMatchObject({ status: 'pass' });
    expect(good['agent-card:DEFAULT']).toMatchObject({ status: 'pass' });
    const bad = byId((await doctor(options({ roleArn: INVOKER_ROLE_ARN, externalId: 'wrong-one' }))).checks);
    expect(bad['assume-role']).toMatchObject({ status: 'fail', code: 'assume-role-denied' });
  });
});

describe('doctor diagnoses with what it has read (issue 14)', () => {
  /** The caller may read its own role's policies through IAM, and nothing else. */
  const readOwnPolicies: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'iam:ListRolePolicies',
          'iam:GetRolePolicy',
          'iam:ListAttachedRolePolicies',
          'iam:GetPolicy',
          'iam:GetPolicyVersion',
        ],
        Resource: '*',
      },
    ],
  };

  it('after the resource policies are applied, it never blames them: the caller’s identity policy, read through IAM, is proven', async () => {
    await grantResourcePolicies(emulator, CALLER_ROLE_ARN, [RUNTIME_ARN]);
    // The caller's only policy lets it read its own role: nothing allows the invoke actions.
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, readOwnPolicies);
    const checks = byId((await doctor(options())).checks);
    expect(checks['caller-policies']).toMatchObject({ status: 'pass' });
    expect(checks['caller-policies']?.reason).toContain('1 inline and 0 managed');
    expect(checks['endpoint-policy:DEFAULT']).toMatchObject({ status: 'pass' });
    expect(checks['runtime-policy']).toMatchObject({ status: 'pass' });
    const probe = checks['agent-card:DEFAULT'];
    expect(probe).toMatchObject({ status: 'fail', code: 'identity-missing-action' });
    expect(probe?.diagnosis?.causes[0]?.confidence).toBe('proven');
    for (const verified of ['endpoint-policy-missing', 'runtime-policy-missing'] as const) {
      expect(probe?.diagnosis?.causes.find((c) => c.code === verified)?.confidence).toBe('ruled-out');
    }
    // The fix plan changes only the caller's identity policy, under the name IAM listed.
    expect(probe?.diagnosis?.fix?.changes).toEqual([
      expect.objectContaining({
        policyKind: 'identity',
        attachTo: CALLER_ROLE_ARN,
        policyName: 'inline-policy-1',
      }),
    ]);
  });

  it('when IAM does not let the caller read its role, the identity side rests on AWS’s message, and the verified policies are still ruled out', async () => {
    await grantResourcePolicies(emulator, CALLER_ROLE_ARN, [RUNTIME_ARN]);
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, undefined);
    const checks = byId((await doctor(options())).checks);
    expect(checks['caller-policies']).toMatchObject({ status: 'skipped' });
    expect(checks['caller-policies']?.reason).toContain('iam:ListRolePolicies');
    const probe = checks['agent-card:DEFAULT'];
    expect(probe).toMatchObject({ status: 'fail', code: 'identity-missing-action' });
    expect(probe?.diagnosis?.causes[0]?.confidence).toBe('likely');
    expect(probe?.diagnosis?.causes.find((c) => c.code === 'endpoint-policy-missing')?.confidence).toBe(
      'ruled-out',
    );
    expect(probe?.diagnosis?.fix).toBeUndefined();
  });
});
