/**
 * Account A grants, verifies and revokes gateway and harness access through the emulator's
 * control plane with the real SDK control-plane client: the same contract as for runtimes
 * (idempotent, dry-run plans with AWS CLI commands, revokes that name who loses what and need
 * confirmation), the statement cap refused before the put, and runtime action presets proven by
 * a real cross-account StopRuntimeSession.
 */
import { InvokeAgentRuntimeCommand, StopRuntimeSessionCommand } from '@aws-sdk/client-bedrock-agentcore';
import {
  type BedrockAgentCoreControlClient,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  grantGatewayAccess,
  grantHarnessAccess,
  grantRuntimeAccess,
  revokeGatewayAccess,
  revokeHarnessAccess,
  verifyAccess,
} from '../../../src/admin/index.js';
import { isPolicyBuildError, isValidationError } from '../../../src/errors.js';
import { callerIdentityPolicy } from '../../../src/policy/build/identity.js';
import { explainAccess } from '../../../src/policy/evaluate/index.js';
import type { PolicyDocument } from '../../../src/policy/types.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import {
  ADMIN_ROLE_ARN,
  CALLER_ROLE_ARN,
  GATEWAY_ARN,
  HARNESS_ARN,
  HARNESS_ENDPOINT_ARN,
  RUNTIME_ARN,
} from '../../fixtures/arns.js';
import { agentCore, attachedPolicy, control } from '../emulator/helpers.js';

const HARNESS_PROD = `${HARNESS_ARN}/harness-endpoint/prod`;

let emulator: LocalAgentCore;
let admin: BedrockAgentCoreControlClient;
const clientConfig = () => ({ ...emulator.clientConfig(ADMIN_ROLE_ARN), maxAttempts: 1 });

const policyText = (resourceArn: string) => attachedPolicy(admin, resourceArn);

/** AWS's decision for the caller, from the policies the emulator holds (explainAccess offline). */
async function decision(action: string, resourceArn: string, qualifier?: string): Promise<string> {
  const arns =
    resourceArn === HARNESS_ARN
      ? [HARNESS_ARN, `${HARNESS_ARN}/harness-endpoint/${qualifier ?? 'DEFAULT'}`]
      : [resourceArn];
  const resource: Record<string, PolicyDocument | undefined> = {};
  for (const arn of arns) {
    const text = await policyText(arn);
    resource[arn] = text === undefined ? undefined : (JSON.parse(text) as PolicyDocument);
  }
  const identity = callerIdentityPolicy({
    gatewayArns: [GATEWAY_ARN],
    harnessArns: [HARNESS_ARN],
    harnessQualifiers: ['*'],
  });
  return explainAccess(
    { principalArn: CALLER_ROLE_ARN, action, resourceArn, ...(qualifier === undefined ? {} : { qualifier }) },
    { identity: [identity], resource },
  ).decision;
}

const writes = () =>
  emulator.requests.filter((r) => r.method !== 'GET' && r.operation.endsWith('ResourcePolicy'));

beforeEach(async () => {
  emulator = await startLocalAgentCore({
    harnesses: [
      { harnessId: 'support_harness-abcdefghij', accountId: '111111111111', endpoints: ['DEFAULT', 'prod'] },
    ],
  });
  admin = control(emulator);
});
afterEach(async () => {
  admin.destroy();
  await emulator.stop();
});

describe('grantGatewayAccess', () => {
  const grant = () =>
    grantGatewayAccess({
      gatewayArn: GATEWAY_ARN,
      principals: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
    });

  it('puts the gateway policy once; a second run writes nothing', async () => {
    expect(await decision('InvokeGateway', GATEWAY_ARN)).toBe('implicit-deny');
    const first = await grant();
    expect(first).toMatchObject({ ok: true, dryRun: false });
    expect(first.changes.map((c) => [c.resourceArn, c.status])).toEqual([[GATEWAY_ARN, 'put']]);
    expect(await policyText(GATEWAY_ARN)).toBe(first.changes[0]?.after);
    expect(await decision('InvokeGateway', GATEWAY_ARN)).toBe('allow');
    const count = writes().length;
    const again = await grant();
    expect(again.changes.map((c) => c.status)).toEqual(['unchanged']);
    expect(writes()).toHaveLength(count);
  });

  it('plans without writing, with the AWS CLI command', async () => {
    const plan = await grantGatewayAccess({
      gatewayArn: GATEWAY_ARN,
      principals: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
      dryRun: true,
    });
    expect(plan.changes.map((c) => c.status)).toEqual(['planned']);
    expect(plan.commands).toEqual([
      expect.stringContaining(`put-resource-policy --region eu-west-1 --resource-arn '${GATEWAY_ARN}'`),
    ]);
    expect(writes()).toEqual([]);
    expect(await policyText(GATEWAY_ARN)).toBeUndefined();
  });

  it('refuses a grant that would take the policy over 100 statements, before the put', async () => {
    const full: PolicyDocument = {
      Version: '2012-10-17',
      Statement: Array.from({ length: 100 }, (_, i) => ({
        Effect: 'Allow' as const,
        Principal: { AWS: String(100000000000 + i) },
        Action: 'bedrock-agentcore:InvokeGateway',
        Resource: GATEWAY_ARN,
      })),
    };
    await admin.send(
      new PutResourcePolicyCommand({ resourceArn: GATEWAY_ARN, policy: JSON.stringify(full) }),
    );
    const count = writes().length;
    const error = await grant().catch((e: unknown) => e);
    expect(isPolicyBuildError(error)).toBe(true);
    expect(error).toMatchObject({ findingCode: 'policy-too-large' });
    expect((error as Error).message).toContain('101 statements');
    expect(writes()).toHaveLength(count);
  });
});

describe('grantHarnessAccess', () => {
  const grant = () =>
    grantHarnessAccess({
      harnessArn: HARNESS_ARN,
      principals: [CALLER_ROLE_ARN],
      qualifiers: ['DEFAULT', 'prod'],
      clientConfig: clientConfig(),
    });

  it('puts the harness and every endpoint policy, each with both actions; idempotent', async () => {
    expect(await decision('InvokeHarness', HARNESS_ARN, 'prod')).toBe('implicit-deny');
    const result = await grant();
    expect(result.changes.map((c) => [c.resourceArn, c.status])).toEqual([
      [HARNESS_ARN, 'put'],
      [HARNESS_ENDPOINT_ARN, 'put'],
      [HARNESS_PROD, 'put'],
    ]);
    for (const change of result.changes) {
      expect(change.document?.Statement).toEqual([
        expect.objectContaining({
          Action: ['bedrock-agentcore:InvokeHarness', 'bedrock-agentcore:InvokeAgentRuntime'],
          Resource: change.resourceArn,
        }),
      ]);
    }
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(await decision('InvokeHarness', HARNESS_ARN, 'prod')).toBe('allow');
    expect((await grant()).changes.map((c) => c.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });
});

describe('revokeGatewayAccess and revokeHarnessAccess', () => {
  it('refuse without confirm, name who loses what, and take access away', async () => {
    await grantGatewayAccess({
      gatewayArn: GATEWAY_ARN,
      principals: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
    });
    const unconfirmed = await revokeGatewayAccess({
      gatewayArn: GATEWAY_ARN,
      principals: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
    } as never).catch((e: unknown) => e);
    expect(isValidationError(unconfirmed)).toBe(true);
    expect(unconfirmed).toMatchObject({ field: 'confirm' });

    const revoked = await revokeGatewayAccess({
      gatewayArn: GATEWAY_ARN,
      principals: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
      confirm: true,
    });
    expect(revoked.losses).toEqual([
      {
        resourceArn: GATEWAY_ARN,
        principal: CALLER_ROLE_ARN,
        actions: ['bedrock-agentcore:InvokeGateway'],
        sid: 'AllowCrossAccountGatewayInvoke',
      },
    ]);
    expect(revoked.changes.map((c) => [c.status, c.command?.split(' ')[2]])).toEqual([
      ['deleted', 'delete-resource-policy'],
    ]);
    expect(await decision('InvokeGateway', GATEWAY_ARN)).toBe('implicit-deny');
  });

  it('plan the harness revoke on the harness and each endpoint', async () => {
    await grantHarnessAccess({
      harnessArn: HARNESS_ARN,
      principals: [CALLER_ROLE_ARN],
      qualifiers: ['DEFAULT', 'prod'],
      clientConfig: clientConfig(),
    });
    const plan = await revokeHarnessAccess({
      harnessArn: HARNESS_ARN,
      principals: [CALLER_ROLE_ARN],
      qualifiers: ['DEFAULT', 'prod'],
      clientConfig: clientConfig(),
      dryRun: true,
    });
    expect(plan.losses.map((l) => l.resourceArn)).toEqual([HARNESS_ARN, HARNESS_ENDPOINT_ARN, HARNESS_PROD]);
    expect(plan.commands).toHaveLength(3);
    expect(await decision('InvokeHarness', HARNESS_ARN, 'prod')).toBe('allow');
  });

  it('report the InvokeHarness grant a revoke of InvokeAgentRuntime alone leaves useless', async () => {
    await grantHarnessAccess({
      harnessArn: HARNESS_ARN,
      principals: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
    });
    const result = await revokeHarnessAccess({
      harnessArn: HARNESS_ARN,
      principals: [CALLER_ROLE_ARN],
      actions: ['InvokeAgentRuntime'],
      clientConfig: clientConfig(),
      confirm: true,
    });
    expect(result.findings.map((f) => f.code)).toContain('harness-missing-invoke-runtime');
    expect(await decision('InvokeHarness', HARNESS_ARN)).toBe('implicit-deny');
  });
});

describe('verifyAccess on gateways and harnesses', () => {
  it('reports the missing policies, then a clean setup after the grants', async () => {
    const options = {
      targets: [{ gatewayArn: GATEWAY_ARN }, { harnessArn: HARNESS_ARN, qualifiers: ['prod'] }],
      callerArn: CALLER_ROLE_ARN,
      clientConfig: clientConfig(),
    };
    const before = await verifyAccess(options);
    expect(before.policies.map((p) => [p.resourceArn, p.status])).toEqual([
      [GATEWAY_ARN, 'none'],
      [HARNESS_ARN, 'none'],
      [HARNESS_PROD, 'none'],
    ]);
    expect(before.findings.map((f) => f.code).sort()).toEqual([
      'gateway-policy-missing',
      'harness-policy-missing',
    ]);
    await grantGatewayAccess({
      gatewayArn: GATEWAY_ARN,
      principals: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
    });
    await grantHarnessAccess({
      harnessArn: HARNESS_ARN,
      principals: [CALLER_ROLE_ARN],
      qualifiers: ['prod'],
      clientConfig: clientConfig(),
    });
    const after = await verifyAccess(options);
    expect(after).toMatchObject({ ok: true, findings: [] });
  });
});

describe('runtime action presets, end to end', () => {
  it("lets the caller stop its runtime session only with the 'all' preset", async () => {
    emulator.setIdentityPolicy(
      CALLER_ROLE_ARN,
      callerIdentityPolicy({ runtimeArns: [RUNTIME_ARN], runtimeActions: 'all' }),
    );
    const caller = agentCore(emulator, CALLER_ROLE_ARN);
    const sessionId = `s-${'x'.repeat(40)}`;
    const stop = () =>
      caller.send(
        new StopRuntimeSessionCommand({ agentRuntimeArn: RUNTIME_ARN, runtimeSessionId: sessionId }),
      );
    try {
      await grantRuntimeAccess({
        runtimeArn: RUNTIME_ARN,
        principals: [CALLER_ROLE_ARN],
        clientConfig: clientConfig(),
      });
      await caller.send(
        new InvokeAgentRuntimeCommand({
          agentRuntimeArn: RUNTIME_ARN,
          runtimeSessionId: sessionId,
          payload: '{}',
        }),
      );
      expect(await stop().catch((e: Error) => e.name)).toBe('AccessDeniedException');
      const result = await grantRuntimeAccess({
        runtimeArn: RUNTIME_ARN,
        principals: [CALLER_ROLE_ARN],
        actions: 'all',
        sid: 'AllowCrossAccountAll',
        clientConfig: clientConfig(),
      });
      expect(result.ok).toBe(true);
      const stopped = await stop();
      expect(stopped.$metadata.httpStatusCode).toBe(200);
    } finally {
      caller.destroy();
    }
  });
});
