/**
 * Account A grants and revokes runtime access through the emulator's control plane, as its
 * administrator: grant twice equals grant once, grant then revoke puts back the exact policy
 * text, an unrelated statement survives both, refusals happen before any request, and a partial
 * failure is reported and completed by a re-run. The caller in Account B proves each state by
 * invoking.
 */
import {
  type BedrockAgentCoreControlClient,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { grantRuntimeAccess, revokeRuntimeAccess, verifyAccess } from '../../../src/admin/index.js';
import { isInvalidArnError, isPolicyBuildError, isValidationError } from '../../../src/errors.js';
import { callerIdentityPolicy } from '../../../src/policy/build/identity.js';
import type { PolicyDocument } from '../../../src/policy/types.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN, CALLER_ROLE_ARN, ENDPOINT_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { agentCore, attachedPolicy, control, invokeText } from '../emulator/helpers.js';

const PARTNER_ROOT = 'arn:aws:iam::333333333333:root';

/** A statement someone else put there, pretty-printed as a person would write it. */
function partnerPolicy(resourceArn: string): string {
  const document: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowPartnerCard',
        Effect: 'Allow',
        Principal: { AWS: PARTNER_ROOT },
        Action: 'bedrock-agentcore:GetAgentCard',
        Resource: resourceArn,
      },
    ],
  };
  return `${JSON.stringify(document, null, 4)}\n`;
}

let emulator: LocalAgentCore;
let admin: BedrockAgentCoreControlClient;
const clientConfig = () => ({ ...emulator.clientConfig(ADMIN_ROLE_ARN), maxAttempts: 1 });
const grantCaller = () =>
  grantRuntimeAccess({
    runtimeArn: RUNTIME_ARN,
    principals: [CALLER_ROLE_ARN],
    clientConfig: clientConfig(),
  });
const revokeCaller = () =>
  revokeRuntimeAccess({
    runtimeArn: RUNTIME_ARN,
    principals: [CALLER_ROLE_ARN],
    clientConfig: clientConfig(),
    confirm: true,
  });

const policyText = (resourceArn: string) => attachedPolicy(admin, resourceArn);

/** Whether the caller in Account B can invoke (its identity policy allows it). */
async function callerCanInvoke(): Promise<boolean> {
  const caller = agentCore(emulator, CALLER_ROLE_ARN);
  try {
    await invokeText(caller, { agentRuntimeArn: RUNTIME_ARN });
    return true;
  } catch (error) {
    if ((error as Error).name === 'AccessDeniedException') return false;
    throw error;
  } finally {
    caller.destroy();
  }
}

const writes = () =>
  emulator.requests.filter((r) => r.method !== 'GET' && r.operation.endsWith('ResourcePolicy'));

beforeEach(async () => {
  emulator = await startLocalAgentCore();
  admin = control(emulator);
  emulator.setIdentityPolicy(
    CALLER_ROLE_ARN,
    callerIdentityPolicy({ runtimeArns: [RUNTIME_ARN], qualifiers: ['DEFAULT'] }),
  );
});
afterEach(async () => {
  admin.destroy();
  await emulator.stop();
});

describe('grantRuntimeAccess', () => {
  it('puts the runtime and endpoint policies, and the caller can invoke', async () => {
    expect(await callerCanInvoke()).toBe(false);
    const result = await grantCaller();
    expect(result).toMatchObject({ ok: true, dryRun: false, currentRead: true });
    expect(result.changes.map((c) => [c.resourceArn, c.status])).toEqual([
      [RUNTIME_ARN, 'put'],
      [ENDPOINT_ARN, 'put'],
    ]);
    expect(await policyText(ENDPOINT_ARN)).toBe(result.changes[1]?.after);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(await callerCanInvoke()).toBe(true);
  });

  it('twice equals once: the second run writes nothing and changes no byte', async () => {
    await grantCaller();
    const once = [await policyText(RUNTIME_ARN), await policyText(ENDPOINT_ARN)];
    const writesAfterOnce = writes().length;
    const again = await grantCaller();
    expect(again.ok).toBe(true);
    expect(again.changes.map((c) => c.status)).toEqual(['unchanged', 'unchanged']);
    expect(again.commands).toEqual([]);
    expect(writes()).toHaveLength(writesAfterOnce);
    expect([await policyText(RUNTIME_ARN), await policyText(ENDPOINT_ARN)]).toEqual(once);
  });

  it('adds a second principal to the same statement, and a re-run of either grant changes nothing', async () => {
    await grantCaller();
    const other = 'arn:aws:iam::222222222222:role/another-caller';
    const second = await grantRuntimeAccess({
      runtimeArn: RUNTIME_ARN,
      principals: [other],
      clientConfig: clientConfig(),
    });
    expect(second.changes.map((c) => c.status)).toEqual(['put', 'put']);
    expect(second.changes[0]?.document?.Statement).toEqual([
      expect.objectContaining({ Principal: { AWS: [CALLER_ROLE_ARN, other] } }),
    ]);
    expect((await grantCaller()).changes.map((c) => c.status)).toEqual(['unchanged', 'unchanged']);
  });
});

describe('grant then revoke', () => {
  it('puts back the previous policy byte for byte; the unrelated statement survives both', async () => {
    const before: Record<string, string> = {
      [RUNTIME_ARN]: partnerPolicy(RUNTIME_ARN),
      [ENDPOINT_ARN]: partnerPolicy(ENDPOINT_ARN),
    };
    for (const [resourceArn, policy] of Object.entries(before)) {
      await admin.send(new PutResourcePolicyCommand({ resourceArn, policy }));
    }

    const granted = await grantCaller();
    expect(granted.changes.map((c) => c.status)).toEqual(['put', 'put']);
    for (const change of granted.changes) {
      const statements = change.document?.Statement as PolicyDocument['Statement'][];
      expect(statements).toHaveLength(2);
      expect(statements[0]).toEqual(JSON.parse(before[change.resourceArn] as string).Statement[0]);
      expect(change.diff.added).toHaveLength(1);
      // The partner's text is untouched: the grant inserted its statement after the last one.
      const text = before[change.resourceArn] as string;
      const endOfLast = text.lastIndexOf('}', text.lastIndexOf(']')) + 1;
      expect(change.after?.startsWith(text.slice(0, endOfLast))).toBe(true);
      expect(change.after?.endsWith(text.slice(endOfLast))).toBe(true);
    }
    expect(await callerCanInvoke()).toBe(true);

    const revoked = await revokeCaller();
    expect(revoked.ok).toBe(true);
    expect(revoked.changes.map((c) => c.status)).toEqual(['put', 'put']);
    expect(revoked.losses).toEqual([
      expect.objectContaining({
        resourceArn: RUNTIME_ARN,
        principal: CALLER_ROLE_ARN,
        sid: 'AllowCrossAccountInvoke',
      }),
      expect.objectContaining({ resourceArn: ENDPOINT_ARN, principal: CALLER_ROLE_ARN }),
    ]);
    expect(revoked.losses[0]?.actions).toEqual([
      'bedrock-agentcore:InvokeAgentRuntime',
      'bedrock-agentcore:InvokeAgentRuntimeForUser',
      'bedrock-agentcore:GetAgentCard',
    ]);
    expect(await policyText(RUNTIME_ARN)).toBe(before[RUNTIME_ARN]);
    expect(await policyText(ENDPOINT_ARN)).toBe(before[ENDPOINT_ARN]);
    expect(await callerCanInvoke()).toBe(false);
  });

  it('deletes the policies the grant created', async () => {
    await grantCaller();
    const revoked = await revokeCaller();
    expect(revoked.changes.map((c) => [c.status, c.command?.split(' ')[2]])).toEqual([
      ['deleted', 'delete-resource-policy'],
      ['deleted', 'delete-resource-policy'],
    ]);
    expect(await policyText(RUNTIME_ARN)).toBeUndefined();
    expect(await policyText(ENDPOINT_ARN)).toBeUndefined();
    // Revoking again finds nothing to do.
    expect((await revokeCaller()).changes.map((c) => c.status)).toEqual(['unchanged', 'unchanged']);
  });

  it('refuses without confirm, before any request', async () => {
    const before = emulator.requests.length;
    const error = await revokeRuntimeAccess({
      runtimeArn: RUNTIME_ARN,
      principals: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
      // The types require confirm; a JavaScript caller can still leave it out.
      ...({} as { confirm: true }),
    }).catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect(error).toMatchObject({ field: 'confirm' });
    expect((error as Error).message).toContain(CALLER_ROLE_ARN);
    expect(emulator.requests).toHaveLength(before);
  });

  it('refuses to delete a policy that still grants others unless told', async () => {
    await admin.send(
      new PutResourcePolicyCommand({ resourceArn: RUNTIME_ARN, policy: partnerPolicy(RUNTIME_ARN) }),
    );
    await grantCaller();
    const writesBefore = writes().length;
    const refused = await revokeRuntimeAccess({
      runtimeArn: RUNTIME_ARN,
      principals: [CALLER_ROLE_ARN],
      deletePolicy: true,
      clientConfig: clientConfig(),
      confirm: true,
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'ValidationError', field: 'allowOthersToLoseAccess' });
    expect((refused as Error).message).toContain(PARTNER_ROOT);
    expect(writes()).toHaveLength(writesBefore);

    const deleted = await revokeRuntimeAccess({
      runtimeArn: RUNTIME_ARN,
      principals: [CALLER_ROLE_ARN],
      deletePolicy: true,
      allowOthersToLoseAccess: true,
      clientConfig: clientConfig(),
      confirm: true,
    });
    expect(deleted.changes.map((c) => c.status)).toEqual(['deleted', 'deleted']);
    expect(deleted.losses.map((l) => l.principal)).toEqual([PARTNER_ROOT, CALLER_ROLE_ARN, CALLER_ROLE_ARN]);
    expect(await policyText(RUNTIME_ARN)).toBeUndefined();
  });
});

describe('refused before any request', () => {
  it.each([
    ['a wildcard runtime ARN', { runtimeArn: `${RUNTIME_ARN.slice(0, -16)}*` }, 'resource-wildcard'],
    ['a wildcard qualifier', { qualifiers: ['*'] }, 'resource-wildcard'],
    ['an endpoint ARN where the runtime ARN belongs', { runtimeArn: ENDPOINT_ARN }, undefined],
    ['a runtime ARN of another service', { runtimeArn: 'arn:aws:s3:::bucket' }, undefined],
  ])('%s', async (_name, change, findingCode) => {
    const before = emulator.requests.length;
    const error = await grantRuntimeAccess({
      runtimeArn: RUNTIME_ARN,
      principals: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
      ...change,
    }).catch((e: unknown) => e);
    expect(isPolicyBuildError(error) || isInvalidArnError(error)).toBe(true);
    if (findingCode !== undefined) expect(error).toMatchObject({ findingCode, field: expect.any(String) });
    expect(emulator.requests).toHaveLength(before);
  });

  it('a revoke of a wildcard runtime ARN', async () => {
    const before = emulator.requests.length;
    const error = await revokeRuntimeAccess({
      runtimeArn: `${RUNTIME_ARN.slice(0, -16)}*`,
      principals: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
      confirm: true,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PolicyBuildError', findingCode: 'resource-wildcard' });
    expect(emulator.requests).toHaveLength(before);
  });
});

describe('a partial failure', () => {
  it('is reported (runtime put, endpoint failed) and a re-run completes it', async () => {
    emulator.setFaults([{ operation: 'PutResourcePolicy', script: ['ok', '5xx'] }]);
    const partial = await grantCaller();
    expect(partial.ok).toBe(false);
    expect(partial.changes.map((c) => [c.resourceArn, c.status])).toEqual([
      [RUNTIME_ARN, 'put'],
      [ENDPOINT_ARN, 'failed'],
    ]);
    expect(partial.changes[1]?.error?.name).toBe('InternalServerException');
    expect(await policyText(ENDPOINT_ARN)).toBeUndefined();
    expect(await callerCanInvoke()).toBe(false);
    // The set-level lint says what is missing.
    expect(partial.findings.map((f) => f.code)).toContain('endpoint-policy-missing');

    const completed = await grantCaller();
    expect(completed.ok).toBe(true);
    expect(completed.changes.map((c) => c.status)).toEqual(['unchanged', 'put']);
    expect(await callerCanInvoke()).toBe(true);
  });

  it('of a revoke is completed the same way', async () => {
    await grantCaller();
    emulator.setFaults([{ operation: 'DeleteResourcePolicy', script: ['ok', '5xx'] }]);
    const partial = await revokeCaller();
    expect(partial.changes.map((c) => c.status)).toEqual(['deleted', 'failed']);
    const completed = await revokeCaller();
    expect(completed.changes.map((c) => c.status)).toEqual(['unchanged', 'deleted']);
    expect(await policyText(ENDPOINT_ARN)).toBeUndefined();
  });
});

describe('dryRun', () => {
  it('with a client: reads, diffs and plans, and writes nothing', async () => {
    await admin.send(
      new PutResourcePolicyCommand({ resourceArn: RUNTIME_ARN, policy: partnerPolicy(RUNTIME_ARN) }),
    );
    const writesBefore = writes().length;
    const plan = await grantRuntimeAccess({
      runtimeArn: RUNTIME_ARN,
      principals: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
      dryRun: true,
    });
    expect(writes()).toHaveLength(writesBefore);
    expect(plan).toMatchObject({ dryRun: true, currentRead: true, ok: true });
    expect(plan.changes.map((c) => c.status)).toEqual(['planned', 'planned']);
    expect(plan.changes[0]?.before).toBe(partnerPolicy(RUNTIME_ARN));
    expect(plan.changes[0]?.diff.added).toHaveLength(1);
    expect(plan.changes[1]?.before).toBeUndefined();
    expect(plan.commands[0]).toMatch(
      /^aws bedrock-agentcore-control put-resource-policy --region eu-west-1 --resource-arn 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime\/agent-abcdefghij' --policy '\{/,
    );
    expect(await policyText(ENDPOINT_ARN)).toBeUndefined();
  });

  it('without a client: calls nothing and plans against no policy', async () => {
    const before = emulator.requests.length;
    const plan = await grantRuntimeAccess({
      runtimeArn: RUNTIME_ARN,
      principals: [CALLER_ROLE_ARN],
      dryRun: true,
    });
    expect(emulator.requests).toHaveLength(before);
    expect(plan).toMatchObject({ dryRun: true, currentRead: false, ok: true });
    expect(plan.commands).toHaveLength(2);
  });

  it('of a revoke names who would lose what, without confirm', async () => {
    await grantCaller();
    const plan = await revokeRuntimeAccess({
      runtimeArn: RUNTIME_ARN,
      principals: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
      dryRun: true,
    });
    expect(plan.losses.map((l) => [l.resourceArn, l.principal])).toEqual([
      [RUNTIME_ARN, CALLER_ROLE_ARN],
      [ENDPOINT_ARN, CALLER_ROLE_ARN],
    ]);
    expect(await callerCanInvoke()).toBe(true);
  });
});

describe('verifyAccess', () => {
  it('lints what it reads: missing policies before the grant, a clean setup after', async () => {
    const options = {
      targets: [{ runtimeArn: RUNTIME_ARN }],
      callerArn: CALLER_ROLE_ARN,
      clientConfig: clientConfig(),
    };
    const before = await verifyAccess(options);
    expect(before.ok).toBe(false);
    expect(before.policies.map((p) => p.status)).toEqual(['none', 'none']);
    expect(before.findings.map((f) => f.code)).toContain('runtime-policy-missing');

    await grantCaller();
    const after = await verifyAccess(options);
    expect(after.policies.map((p) => p.status)).toEqual(['attached', 'attached']);
    expect(after.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(after.ok).toBe(true);
  });

  it('reports a policy it cannot read as unreadable, not missing', async () => {
    emulator.setFaults([{ operation: 'GetResourcePolicy', script: ['ok', '5xx'] }]);
    const result = await verifyAccess({
      targets: [{ runtimeArn: RUNTIME_ARN }],
      clientConfig: clientConfig(),
    });
    expect(result.ok).toBe(false);
    expect(result.policies.map((p) => p.status)).toEqual(['none', 'unreadable']);
    expect(result.findings.some((f) => f.policyArn === ENDPOINT_ARN)).toBe(false);
  });
});

describe('with a client of your own', () => {
  it('uses it and leaves it open', async () => {
    const result = await grantRuntimeAccess({
      runtimeArn: RUNTIME_ARN,
      principals: [CALLER_ROLE_ARN],
      client: admin,
    });
    expect(result.ok).toBe(true);
    expect(await policyText(RUNTIME_ARN)).toBe(result.changes[0]?.after);
  });

  it('refuses a client for another region before any request', async () => {
    const before = emulator.requests.length;
    const error = await grantRuntimeAccess({
      runtimeArn: RUNTIME_ARN,
      principals: [CALLER_ROLE_ARN],
      clientConfig: { ...clientConfig(), region: 'us-east-1' },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationError', field: 'region' });
    expect(emulator.requests).toHaveLength(before);
  });
});
