/**
 * The Account A audit on an emulator world built for it (./audit-world.ts: 3 runtimes, 5 endpoints,
 * 2 memories, a gateway; one drifted endpoint, one org-conditioned wildcard principal, one
 * external role, one public statement, one policy the auditor may not read): the audit finds
 * exactly what was planted, whole result asserted; fixDrift plans, then applies, the drift fix;
 * a second audit finds no drift. Then the audit's edges: a list it may not make, throttling,
 * pacing, progress, abort.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AccountAudit, auditAccount, fixDrift } from '../../../src/admin/index.js';
import type { Exposure } from '../../../src/policy/exposure.js';
import type { Finding, PolicyDocument } from '../../../src/policy/types.js';
import type { LocalAgentCore } from '../../../src/testing/index.js';
import {
  A,
  AUDITOR,
  auditorPolicy,
  B,
  BATCH,
  BATCH_DEFAULT,
  CALLER,
  GATEWAY,
  INVOKE,
  ORDERS,
  ORDERS_DEFAULT,
  ORDERS_PROD,
  ORG,
  ordersPolicy,
  PARTNER,
  PARTNER_READER,
  POLICIES,
  PRIVATE_MEMORY,
  READ,
  SHARED_MEMORY,
  SUPPORT,
  SUPPORT_CANARY,
  SUPPORT_DEFAULT,
  startAuditWorld,
} from './audit-world.js';

let emulator: LocalAgentCore;
beforeEach(async () => {
  emulator = await startAuditWorld();
});
afterEach(() => emulator.stop());

const audit = (extra: Record<string, unknown> = {}) =>
  auditAccount({
    clientConfig: { ...emulator.clientConfig(AUDITOR), maxAttempts: 1 },
    organizationId: ORG,
    trustedAccounts: [B],
    pacing: false,
    ...extra,
  });

const exposure = (
  fields: Partial<Exposure> & Pick<Exposure, 'principal' | 'kind' | 'class' | 'actions'>,
): Exposure => ({
  statements: ['/Statement/0'],
  conditions: [],
  limitedBy: [],
  ...fields,
});
const callerExposure = (actions: string[]) =>
  exposure({ principal: CALLER, kind: 'role', accountId: B, class: 'trusted', actions });
const orgExposure = exposure({
  principal: '*',
  kind: 'everyone',
  class: 'same-org',
  organizationIds: [ORG],
  actions: ['bedrock-agentcore:InvokeAgentRuntime'],
});
const finding = (code: string, severity: Finding['severity'], path: string) =>
  expect.objectContaining({ code, severity, path, message: expect.any(String), fix: expect.any(String) });
const broad = finding('broad-principal', 'warning', '/Statement/0/Principal');

/** A resource with a policy attached from the world's POLICIES. */
function attached(arn: string, type: string, fields: Record<string, unknown>, runtimeArn?: string) {
  return {
    arn,
    type,
    ...(runtimeArn === undefined ? {} : { runtimeArn }),
    status: 'attached',
    policy: POLICIES[arn] as PolicyDocument,
    policyText: JSON.stringify(POLICIES[arn]),
    exposure: [],
    drift: [],
    findings: [],
    ...fields,
  };
}

function bare(arn: string, type: string, status: 'none' | 'unreadable', runtimeArn?: string) {
  return {
    arn,
    type,
    ...(runtimeArn === undefined ? {} : { runtimeArn }),
    status,
    policy: undefined,
    exposure: [],
    drift: [],
    findings: [],
  };
}

const PROD_DRIFT = {
  code: 'endpoint-policy-drift',
  runtimeArn: ORDERS,
  endpointArn: ORDERS_PROD,
  message: expect.stringContaining('(bedrock-agentcore:GetAgentCard), which this endpoint'),
  missing: [{ principal: CALLER, actions: ['bedrock-agentcore:GetAgentCard'] }],
  extra: [],
  denyDiffers: false,
  fix: expect.stringContaining('fixDrift'),
};

function expectedAudit(prodFixed: boolean): AccountAudit {
  const prod = prodFixed
    ? {
        ...attached(ORDERS_PROD, 'runtime-endpoint', { exposure: [callerExposure(INVOKE)] }, ORDERS),
        policy: ordersPolicy(ORDERS_PROD),
        policyText: JSON.stringify(ordersPolicy(ORDERS_PROD)),
      }
    : attached(
        ORDERS_PROD,
        'runtime-endpoint',
        { exposure: [callerExposure(INVOKE.slice(0, 2))], drift: [PROD_DRIFT] },
        ORDERS,
      );
  return {
    accountId: A,
    region: 'eu-west-1',
    organizationId: ORG,
    trustedAccounts: [B],
    resources: [
      // Runtimes in ARN order, each followed by its endpoints.
      bare(BATCH, 'runtime', 'none'),
      bare(BATCH_DEFAULT, 'runtime-endpoint', 'none', BATCH),
      attached(ORDERS, 'runtime', { exposure: [callerExposure(INVOKE)] }),
      attached(ORDERS_DEFAULT, 'runtime-endpoint', { exposure: [callerExposure(INVOKE)] }, ORDERS),
      prod,
      attached(SUPPORT, 'runtime', { exposure: [orgExposure], findings: [broad] }),
      attached(SUPPORT_DEFAULT, 'runtime-endpoint', { exposure: [orgExposure], findings: [broad] }, SUPPORT),
      attached(SUPPORT_CANARY, 'runtime-endpoint', { exposure: [orgExposure], findings: [broad] }, SUPPORT),
      bare(PRIVATE_MEMORY, 'memory', 'unreadable'),
      attached(SHARED_MEMORY, 'memory', {
        exposure: [
          exposure({
            principal: PARTNER_READER,
            kind: 'role',
            accountId: PARTNER,
            class: 'external',
            actions: READ,
          }),
        ],
      }),
      attached(GATEWAY, 'gateway', {
        exposure: [
          exposure({
            principal: '*',
            kind: 'everyone',
            class: 'public',
            actions: ['bedrock-agentcore:InvokeGateway'],
          }),
        ],
        findings: [finding('wildcard-principal', 'error', '/Statement/0/Principal')],
      }),
    ],
    unreadable: [
      {
        arn: PRIVATE_MEMORY,
        type: 'memory',
        reason: 'access-denied',
        message: `User: ${AUDITOR} is not authorized to perform: bedrock-agentcore:GetResourcePolicy on resource: ${PRIVATE_MEMORY} with an explicit deny in an identity-based policy`,
        error: expect.objectContaining({ name: 'AccessDeniedException' }),
      },
    ],
    listFailures: [],
    complete: false,
    summary: {
      resources: 11,
      withPolicy: 8,
      unreadable: 1,
      exposed: { 'same-org': 3, trusted: 3, external: 1, public: 1, service: 0 },
      drifted: prodFixed ? 0 : 1,
      findings: { error: 1, warning: 3, info: 0 },
    },
  } as unknown as AccountAudit;
}

describe('the audit world', () => {
  it('finds exactly what was planted; fixDrift plans, then applies; a second audit finds no drift', async () => {
    const first = await audit();
    expect(first).toEqual(expectedAudit(false));
    // The unreadable memory has a policy: the audit said unreadable, never "none".
    expect(
      emulator.requests.filter((r) => r.operation === 'GetResourcePolicy' && r.status === 403),
    ).toHaveLength(1);

    const requestsBefore = emulator.requests.length;
    const plan = await fixDrift(first);
    expect(emulator.requests.length).toBe(requestsBefore); // the plan sends nothing
    const after = JSON.stringify(ordersPolicy(ORDERS_PROD));
    expect(plan).toEqual({
      dryRun: true,
      ok: true,
      changes: [
        {
          resourceArn: ORDERS_PROD,
          action: 'put',
          status: 'planned',
          before: JSON.stringify(POLICIES[ORDERS_PROD]),
          after,
          document: ordersPolicy(ORDERS_PROD),
          diff: {
            added: [ordersPolicy(ORDERS_PROD).Statement[0 as never]],
            removed: [(POLICIES[ORDERS_PROD] as PolicyDocument).Statement[0 as never]],
            changed: [],
          },
          command: `aws bedrock-agentcore-control put-resource-policy --region eu-west-1 --resource-arn '${ORDERS_PROD}' --policy '${after}'`,
          findings: [],
        },
      ],
      skipped: [],
      losses: [],
      commands: [
        `aws bedrock-agentcore-control put-resource-policy --region eu-west-1 --resource-arn '${ORDERS_PROD}' --policy '${after}'`,
      ],
    });

    const applied = await fixDrift(first, { dryRun: false });
    expect(applied.ok).toBe(true);
    expect(applied.changes.map((c) => [c.resourceArn, c.status])).toEqual([[ORDERS_PROD, 'put']]);

    const second = await audit();
    expect(second).toEqual(expectedAudit(true));
    expect(second.resources.flatMap((r) => r.drift)).toEqual([]);
    // Nothing else was touched.
    expect(
      emulator.requests.filter((r) => r.operation === 'PutResourcePolicy').map((r) => r.resourceArn),
    ).toEqual([ORDERS_PROD]);
  });
});

describe('what the audit cannot do, it says', () => {
  it('records a list it may not make, and audits the rest', async () => {
    emulator.setIdentityPolicy(AUDITOR, [
      auditorPolicy,
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'bedrock-agentcore:ListMemories', Resource: '*' }],
      },
    ]);
    const result = await audit();
    expect(result.listFailures).toEqual([
      {
        operation: 'ListMemories',
        reason: 'access-denied',
        message: `User: ${AUDITOR} is not authorized to perform: bedrock-agentcore:ListMemories with an explicit deny in an identity-based policy`,
        error: expect.objectContaining({ name: 'AccessDeniedException' }),
      },
    ]);
    expect(result.complete).toBe(false);
    expect(result.resources.map((r) => r.type)).not.toContain('memory');
    expect(result.resources).toHaveLength(9);
  });

  it('retries a throttled read (the SDK), and reports one still throttled as unreadable, not "none"', async () => {
    emulator.setFaults([{ operation: 'GetResourcePolicy', script: ['throttle'] }]);
    const retried = await audit({ clientConfig: { ...emulator.clientConfig(AUDITOR), maxAttempts: 3 } });
    expect(retried.unreadable.map((u) => u.arn)).toEqual([PRIVATE_MEMORY]);
    emulator.setFaults([{ operation: 'GetResourcePolicy', script: ['throttle'] }]);
    const once = await audit();
    expect(once.unreadable.map((u) => u.reason).sort()).toEqual(['access-denied', 'throttled']);
    const throttled = once.resources.find(
      (r) => r.arn === once.unreadable.find((u) => u.reason === 'throttled')?.arn,
    );
    expect(throttled?.status).toBe('unreadable');
    expect(throttled?.drift).toEqual([]);
  });

  it('concludes no drift from an unreadable side', async () => {
    emulator.setIdentityPolicy(AUDITOR, [
      auditorPolicy,
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'bedrock-agentcore:GetResourcePolicy', Resource: ORDERS }],
      },
    ]);
    const result = await audit();
    expect(result.resources.flatMap((r) => r.drift)).toEqual([]);
    expect(result.unreadable.map((u) => u.arn)).toEqual([ORDERS, PRIVATE_MEMORY]);
    const plan = await fixDrift(result);
    expect(plan.changes).toEqual([]);
  });
});

describe('pacing and progress', () => {
  it('paces the runtime lists under their shared 25/s quota by default', async () => {
    await auditAccount({ clientConfig: emulator.clientConfig(AUDITOR) });
    const lists = emulator.requests.filter((r) => /^ListAgentRuntime/.test(r.operation)).map((r) => r.time);
    expect(lists).toHaveLength(4);
    // 20 a second: four departures span three intervals of 50 ms; arrivals may bunch a little
    // (a generous bound: unpaced, they span a few milliseconds).
    expect((lists.at(-1) as number) - (lists[0] as number)).toBeGreaterThanOrEqual(100);
  });

  it('reports progress up to every resource listed and read', async () => {
    const seen: Array<{ listed: number; read: number; listingDone: boolean }> = [];
    await audit({ onProgress: (p: (typeof seen)[number]) => seen.push({ ...p }) });
    expect(seen.at(-1)).toEqual({ listed: 11, read: 11, listingDone: true });
    expect(
      seen.every((p, i) => i === 0 || (p.read >= (seen[i - 1] as typeof p).read && p.read <= p.listed)),
    ).toBe(true);
    // A progress display that throws does not fail the audit.
    await expect(
      audit({
        onProgress: () => {
          throw new Error('display broke');
        },
      }),
    ).resolves.toMatchObject({ complete: false });
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('user stopped the audit');
    const running = audit({ signal: controller.signal, pacing: {} });
    controller.abort(reason);
    await expect(running).rejects.toBe(reason);
  });
});

describe('fixDrift', () => {
  it('puts the runtime policy on an endpoint without one, and deletes one whose runtime has none, naming who loses what', async () => {
    // batch gets an endpoint policy of its own (its runtime has none); support/canary loses its policy.
    const extra = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: PARTNER_READER },
          Action: 'bedrock-agentcore:InvokeAgentRuntime',
          Resource: BATCH_DEFAULT,
        },
      ],
    };
    const admin = emulator.clientConfig(AUDITOR);
    const { BedrockAgentCoreControlClient, DeleteResourcePolicyCommand, PutResourcePolicyCommand } =
      await import('@aws-sdk/client-bedrock-agentcore-control');
    const control = new BedrockAgentCoreControlClient(admin);
    await control.send(
      new PutResourcePolicyCommand({ resourceArn: BATCH_DEFAULT, policy: JSON.stringify(extra) }),
    );
    await control.send(new DeleteResourcePolicyCommand({ resourceArn: SUPPORT_CANARY }));
    control.destroy();

    const before = await audit();
    const drift = before.resources.flatMap((r) => r.drift).map((d) => [d.endpointArn, d.code]);
    expect(drift).toEqual([
      [BATCH_DEFAULT, 'runtime-policy-missing'],
      [ORDERS_PROD, 'endpoint-policy-drift'],
      [SUPPORT_CANARY, 'endpoint-policy-missing'],
    ]);
    const plan = await fixDrift(before);
    expect(plan.changes.map((c) => [c.resourceArn, c.action])).toEqual([
      [BATCH_DEFAULT, 'delete'],
      [ORDERS_PROD, 'put'],
      [SUPPORT_CANARY, 'put'],
    ]);
    expect(plan.commands[0]).toBe(
      `aws bedrock-agentcore-control delete-resource-policy --region eu-west-1 --resource-arn '${BATCH_DEFAULT}'`,
    );
    expect(plan.losses).toEqual([
      {
        resourceArn: BATCH_DEFAULT,
        principal: PARTNER_READER,
        actions: ['bedrock-agentcore:InvokeAgentRuntime'],
      },
    ]);
    const applied = await fixDrift(before, { dryRun: false });
    expect(applied.changes.map((c) => c.status)).toEqual(['deleted', 'put', 'put']);
    const after = await audit();
    expect(after.resources.flatMap((r) => r.drift)).toEqual([]);
    expect(after.resources.find((r) => r.arn === SUPPORT_CANARY)?.policy).toEqual(POLICIES[SUPPORT_CANARY]);
  });

  it('skips an endpoint whose policy changed since the audit, and applies the rest', async () => {
    const before = await audit();
    const control = new (
      await import('@aws-sdk/client-bedrock-agentcore-control')
    ).BedrockAgentCoreControlClient(emulator.clientConfig(AUDITOR));
    const changed = ordersPolicy(ORDERS_PROD, ['bedrock-agentcore:InvokeAgentRuntime']);
    await control.send(
      new (await import('@aws-sdk/client-bedrock-agentcore-control')).PutResourcePolicyCommand({
        resourceArn: ORDERS_PROD,
        policy: JSON.stringify(changed),
      }),
    );
    control.destroy();
    const applied = await fixDrift(before, { dryRun: false });
    expect(applied).toMatchObject({
      ok: true,
      changes: [],
      skipped: [
        {
          endpointArn: ORDERS_PROD,
          runtimeArn: ORDERS,
          reason: expect.stringMatching(/endpoint's policy changed since the audit/),
        },
      ],
      commands: [],
    });
  });

  it('reports a write that fails, and a second run completes it', async () => {
    const first = await audit();
    emulator.setFaults([{ operation: 'PutResourcePolicy', script: ['5xx'] }]);
    const failed = await fixDrift(first, { dryRun: false });
    expect(failed).toMatchObject({ ok: false, changes: [{ resourceArn: ORDERS_PROD, status: 'failed' }] });
    expect(failed.changes[0]?.error).toBeInstanceOf(Error);
    const completed = await fixDrift(first, { dryRun: false });
    expect(completed).toMatchObject({ ok: true, changes: [{ resourceArn: ORDERS_PROD, status: 'put' }] });
  });

  it('applies an audit read back from JSON only with a client given', async () => {
    const parsed = JSON.parse(JSON.stringify(await audit())) as AccountAudit;
    await expect(fixDrift(parsed, { dryRun: false })).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'client',
    });
    const plan = await fixDrift(parsed);
    expect(plan.changes).toHaveLength(1);
    const applied = await fixDrift(parsed, { dryRun: false, clientConfig: emulator.clientConfig(AUDITOR) });
    expect(applied.changes.map((c) => c.status)).toEqual(['put']);
  });

  it.each([
    ['not an audit', () => fixDrift({} as AccountAudit), 'audit'],
    [
      'a resource without drift list',
      () => fixDrift({ region: 'eu-west-1', resources: [{ arn: ORDERS }] } as never),
      'audit.resources[0]',
    ],
    [
      'dryRun not a boolean',
      () => fixDrift({ region: 'eu-west-1', resources: [] } as never, { dryRun: 'no' as never }),
      'dryRun',
    ],
  ])('refuses %s with a typed error', async (_name, call, field) => {
    await expect(call()).rejects.toMatchObject({ name: 'ValidationError', field });
  });
});

describe('auditAccount refuses malformed options before any request', () => {
  it.each([
    ['an organization id that is not o-…', { organizationId: 'my-org' }, 'organizationId'],
    ['an account that is not 12 digits', { trustedAccounts: ['2222'] }, 'trustedAccounts[0]'],
    ['an unknown rate', { pacing: { fast: { perSecond: 1, burst: 1 } } }, 'pacing.fast'],
    ['a rate of 0', { pacing: { policyReads: { perSecond: 0, burst: 1 } } }, 'pacing.policyReads'],
    ['onProgress not a function', { onProgress: 'yes' }, 'onProgress'],
    ['both client and clientConfig', { client: {} }, 'clientConfig'],
  ])('%s', async (_name, extra, field) => {
    const count = emulator.requests.length;
    await expect(audit(extra)).rejects.toMatchObject({ name: 'ValidationError', field });
    expect(emulator.requests.length).toBe(count);
  });

  it('needs a control plane', async () => {
    await expect(auditAccount({} as never)).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'client',
    });
  });
});

describe('pagination and accounts with gateways alone', () => {
  it('follows every page: 130 runtimes with 3 endpoints each', async () => {
    const { startLocalAgentCore } = await import('../../../src/testing/index.js');
    const big = await startLocalAgentCore({
      accounts: [{ accountId: A, principals: [{ arn: AUDITOR, identityPolicies: [auditorPolicy] }] }],
      runtimes: Array.from({ length: 130 }, (_, i) => ({
        runtimeId: `r${String(i).padStart(3, '0')}-abcdefghij`,
        accountId: A,
        endpoints: ['DEFAULT', 'a', 'b'],
      })),
      memories: [],
      gateways: [],
      harnesses: [],
    });
    try {
      const result = await auditAccount({ clientConfig: big.clientConfig(AUDITOR), pacing: false });
      expect(result.resources).toHaveLength(130 * 4);
      expect(result.complete).toBe(true);
      expect(big.requests.filter((r) => r.operation === 'ListAgentRuntimes')).toHaveLength(2);
    } finally {
      await big.stop();
    }
  });

  it('reads the account of an account with gateways alone from GetGateway', async () => {
    const { startLocalAgentCore } = await import('../../../src/testing/index.js');
    const only = await startLocalAgentCore({
      accounts: [{ accountId: A, principals: [{ arn: AUDITOR, identityPolicies: [auditorPolicy] }] }],
      runtimes: [],
      memories: [],
      gateways: [
        { gatewayId: 'tools-gateway-abcdefghij', accountId: A },
        { gatewayId: 'search-abcdefghij', accountId: A },
      ],
      harnesses: [],
    });
    try {
      const result = await auditAccount({ clientConfig: only.clientConfig(AUDITOR), pacing: false });
      expect(result.accountId).toBe(A);
      expect(result.resources.map((r) => r.arn)).toEqual([
        `arn:aws:bedrock-agentcore:eu-west-1:${A}:gateway/search-abcdefghij`,
        GATEWAY,
      ]);
      expect(only.requests.filter((r) => r.operation === 'GetGateway')).toHaveLength(1);
    } finally {
      await only.stop();
    }
  });
});
