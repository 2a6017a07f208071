/**
 * Pattern 2 end to end: CrossAccountAgentClient assumes an invoker role in Account A through the
 * emulator's STS (a real AssumeRole over HTTP), then invokes with the role session.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CrossAccountAgentClient } from '../../../src/client.js';
import { clearCredentialCache } from '../../../src/credentials/cache.js';
import type { AssumeRoleAccess } from '../../../src/credentials/types.js';
import { isAgentCoreAccessDeniedError } from '../../../src/errors.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { CALLER_ROLE_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { EXTERNAL_ID, grantAssumeRole, INVOKER_ROLE_ARN, SSE_PY_ARN } from './setup.js';

let emulator: LocalAgentCore;
beforeAll(async () => {
  emulator = await startLocalAgentCore();
  grantAssumeRole(emulator, CALLER_ROLE_ARN, [RUNTIME_ARN, SSE_PY_ARN]);
});
afterAll(() => emulator.stop());
beforeEach(() => clearCredentialCache());
afterEach(() => vi.unstubAllEnvs());

function assumeRoleClient(overrides: Partial<AssumeRoleAccess> = {}) {
  return new CrossAccountAgentClient({
    access: {
      mode: 'assume-role',
      roleArn: INVOKER_ROLE_ARN,
      externalId: EXTERNAL_ID,
      // The caller role's own credentials call STS.
      stsClientConfig: emulator.clientConfig(CALLER_ROLE_ARN),
      ...overrides,
    },
    clientConfig: { endpoint: emulator.endpoint },
  });
}

const assumeRoleCalls = () => emulator.requests.filter((r) => r.operation === 'AssumeRole');

describe('assume-role', () => {
  it('invokes as the assumed-role session of the invoker role', async () => {
    const client = assumeRoleClient();
    const res = await client.invoke({ runtimeArn: RUNTIME_ARN, payload: { prompt: 'as role' } });
    expect(await res.json()).toMatchObject({ echo: { prompt: 'as role' } });
    const invoke = emulator.requests.filter((r) => r.operation === 'InvokeAgentRuntime').at(-1);
    expect(invoke?.principalArn).toBe(
      `arn:aws:sts::111111111111:assumed-role/CrossAccountAgentInvoker/agentcore-xacct`,
    );
    client.destroy();
  });

  it('500 concurrent invokes (JSON and SSE) through 5 clients make exactly 1 AssumeRole call', async () => {
    const before = assumeRoleCalls().length;
    const clients = Array.from({ length: 5 }, () => assumeRoleClient());
    const results = await Promise.allSettled(
      Array.from({ length: 500 }, async (_, i) => {
        const res = await clients[i % 5]!.invoke({
          runtimeArn: i % 2 ? SSE_PY_ARN : RUNTIME_ARN,
          payload: { prompt: `n ${i}` },
        });
        let count = 0;
        for await (const _event of res.events()) count++;
        return count;
      }),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(assumeRoleCalls().length - before).toBe(1);
    for (const c of clients) c.destroy();
  });

  it('regression: a cached session never serves a client whose source principal the role does not trust', async () => {
    // Another role in Account B, allowed to call sts:AssumeRole but absent from the trust policy.
    const other = 'arn:aws:iam::222222222222:role/not-trusted-role';
    emulator.setIdentityPolicy(other, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: INVOKER_ROLE_ARN }],
    });
    const trusted = assumeRoleClient();
    await (await trusted.invoke({ runtimeArn: RUNTIME_ARN, payload: {} })).json();
    const untrusted = assumeRoleClient({ stsClientConfig: emulator.clientConfig(other) });
    const error = await untrusted.invoke({ runtimeArn: RUNTIME_ARN, payload: {} }).catch((e: unknown) => e);
    expect(isAgentCoreAccessDeniedError(error)).toBe(true);
    expect(error).toMatchObject({ action: 'sts:AssumeRole', principalArn: other });
    trusted.destroy();
    untrusted.destroy();
  });

  it('a wrong ExternalId is an AgentCoreAccessDeniedError for sts:AssumeRole, and nothing is invoked', async () => {
    const invokesBefore = emulator.requests.filter((r) => r.operation === 'InvokeAgentRuntime').length;
    const client = assumeRoleClient({ externalId: 'not-the-right-one' });
    const error = await client.invoke({ runtimeArn: RUNTIME_ARN, payload: {} }).catch((e: unknown) => e);
    expect(isAgentCoreAccessDeniedError(error)).toBe(true);
    expect(error).toMatchObject({ action: 'sts:AssumeRole', resourceArn: INVOKER_ROLE_ARN });
    expect(emulator.requests.filter((r) => r.operation === 'InvokeAgentRuntime')).toHaveLength(invokesBefore);
    client.destroy();
  });

  it('a throttled AssumeRole is retried by the client layer (one STS attempt per try)', async () => {
    emulator.setFaults([{ operation: 'AssumeRole', script: ['throttle', 'ok'] }]);
    const before = assumeRoleCalls().length;
    const client = new CrossAccountAgentClient({
      access: {
        mode: 'assume-role',
        roleArn: INVOKER_ROLE_ARN,
        externalId: EXTERNAL_ID,
        stsClientConfig: emulator.clientConfig(CALLER_ROLE_ARN),
      },
      clientConfig: { endpoint: emulator.endpoint },
      retry: { baseDelayMs: 1 },
    });
    const res = await client.invoke({ runtimeArn: RUNTIME_ARN, payload: {} });
    expect(res.statusCode).toBe(200);
    await res.cancel();
    expect(
      assumeRoleCalls()
        .slice(before)
        .map((r) => r.status),
    ).toEqual([400, 200]);
    emulator.setFaults([]);
    client.destroy();
  });
});

describe('profile (role_arn + credential_source, as in the seed)', () => {
  it('assumes the profile role once and invokes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-it-'));
    writeFileSync(
      join(dir, 'config'),
      `[profile agent-invoker]\nrole_arn = ${INVOKER_ROLE_ARN}\nexternal_id = ${EXTERNAL_ID}\ncredential_source = Environment\nregion = eu-west-1\n`,
    );
    const caller = emulator.credentialsFor(CALLER_ROLE_ARN);
    vi.stubEnv('AWS_ACCESS_KEY_ID', caller.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', caller.secretAccessKey);
    const before = assumeRoleCalls().length;
    const clients = Array.from(
      { length: 3 },
      () =>
        new CrossAccountAgentClient({
          access: {
            mode: 'profile',
            profile: 'agent-invoker',
            configFilepath: join(dir, 'config'),
            filepath: join(dir, 'credentials'),
            stsClientConfig: { endpoint: emulator.endpoint },
          },
          clientConfig: { endpoint: emulator.endpoint },
        }),
    );
    const answers = await Promise.all(
      Array.from({ length: 30 }, async (_, i) =>
        (await clients[i % 3]!.invoke({ runtimeArn: RUNTIME_ARN, payload: { i } })).json(),
      ),
    );
    expect(answers).toHaveLength(30);
    expect(assumeRoleCalls().length - before).toBe(1);
    for (const c of clients) c.destroy();
  });
});
