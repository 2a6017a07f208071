import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CrossAccountAgentClient } from '../../../src/client.js';
import { clearCredentialCache } from '../../../src/credentials/cache.js';
import { RUNTIME_ARN } from '../../fixtures/arns.js';
import { awsError, delay, fakeHandler, signingKeyOf } from './fake-http.js';

const ROLE_ARN = 'arn:aws:iam::111111111111:role/CrossAccountAgentInvoker';
const sts = mockClient(STSClient);
const HOUR = 3_600_000;

/** STS answers with credentials `ASIAKEY<n>` valid for `lifetimeMs` from the (possibly faked) clock. */
function stsIssuing(lifetimeMs: number, latencyMs = 20) {
  let issued = 0;
  const expirations = new Map<string, number>();
  sts.on(AssumeRoleCommand).callsFake(async () => {
    await delay(latencyMs);
    issued++;
    const key = `ASIAKEY${String(issued).padStart(13, '0')}`;
    const expiration = new Date(Date.now() + lifetimeMs);
    expirations.set(key, expiration.getTime());
    return {
      Credentials: {
        AccessKeyId: key,
        SecretAccessKey: `secret${issued}`,
        SessionToken: `token${issued}`,
        Expiration: expiration,
      },
      AssumedRoleUser: {
        Arn: 'arn:aws:sts::111111111111:assumed-role/CrossAccountAgentInvoker/agentcore-xacct',
        AssumedRoleId: 'AROA:x',
      },
      $metadata: {},
    };
  });
  return expirations;
}

/** The data plane: refuses a request signed with unknown or expired credentials, as AWS would. */
function dataPlane(expirations: Map<string, number>) {
  return fakeHandler(async (request) => {
    await delay(2);
    const key = signingKeyOf(request) ?? '';
    const expiration = expirations.get(key);
    if (expiration === undefined)
      return awsError(
        403,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    if (expiration <= Date.now())
      return awsError(403, 'ExpiredTokenException', 'The security token included in the request is expired');
    return {
      headers: {
        'content-type': 'application/json',
        'x-amzn-bedrock-agentcore-runtime-session-id': 'x'.repeat(40),
      },
      body: '{"ok":true}',
    };
  });
}

function clients(n: number, handler: ReturnType<typeof fakeHandler>) {
  return Array.from(
    { length: n },
    () =>
      new CrossAccountAgentClient({
        access: { mode: 'assume-role', roleArn: ROLE_ARN, externalId: 'xacct-ext-id' },
        clientConfig: { requestHandler: handler },
        retry: { baseDelayMs: 0 },
      }),
  );
}

function invokeMany(cs: CrossAccountAgentClient[], count: number) {
  return Array.from({ length: count }, async (_, i) => {
    const res = await cs[i % cs.length]!.invoke({ runtimeArn: RUNTIME_ARN, payload: { i } });
    return res.json();
  });
}

beforeEach(() => {
  sts.reset();
  clearCredentialCache();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('assume-role under load (real SDK clients, STS mocked at send)', () => {
  it('500 concurrent invokes through 5 client instances make exactly 1 AssumeRole call', async () => {
    const expirations = stsIssuing(HOUR);
    const handler = dataPlane(expirations);
    const results = await Promise.allSettled(invokeMany(clients(5, handler), 500));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toMatchObject({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'agentcore-xacct',
      ExternalId: 'xacct-ext-id',
    });
    expect(handler.requests).toHaveLength(500);
  });

  it('a credential expiring mid-load is refreshed once in the background, with no failed request', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const expirations = stsIssuing(HOUR);
    const handler = dataPlane(expirations);
    const cs = clients(5, handler);
    // Phase 1 warms the cache; phase 2 starts 5 minutes before expiry (inside the refresh window)
    // while phase 1's requests are still in flight; phase 3 runs after the refresh landed.
    const phase1 = invokeMany(cs, 250);
    await phase1[0];
    vi.setSystemTime(start + HOUR - 5 * 60_000);
    const phase2 = invokeMany(cs, 250);
    const results = await Promise.allSettled([...phase1, ...phase2]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    await delay(100); // let the background refresh land
    const phase3 = await Promise.allSettled(invokeMany(cs, 50));
    expect(phase3.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    const keys = handler.requests.map(signingKeyOf);
    expect(new Set(keys.slice(-50))).toEqual(new Set(['ASIAKEY0000000000002']));
    // The background refresh did not hold requests back: beyond phase 1's 250, phase-2 requests
    // went out with the old (still valid) key while the new one was being fetched.
    expect(keys.filter((k) => k === 'ASIAKEY0000000000001').length).toBeGreaterThan(250);
  });

  it('credentials about to expire are never handed out: the requests wait for one refresh', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const expirations = stsIssuing(HOUR);
    const handler = dataPlane(expirations);
    const cs = clients(5, handler);
    await Promise.all(invokeMany(cs, 5));
    vi.setSystemTime(start + HOUR - 30_000);
    const results = await Promise.allSettled(invokeMany(cs, 200));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    expect(handler.requests.slice(5).every((r) => signingKeyOf(r) === 'ASIAKEY0000000000002')).toBe(true);
  });

  it('short sessions (15 minutes) refresh in their second half, once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const expirations = stsIssuing(15 * 60_000);
    const handler = dataPlane(expirations);
    const cs = clients(2, handler);
    await Promise.all(invokeMany(cs, 10));
    vi.setSystemTime(start + 6 * 60_000); // 9 minutes left: more than half, no refresh yet
    await Promise.all(invokeMany(cs, 10));
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    vi.setSystemTime(start + 8 * 60_000); // 7 minutes left: under half, refresh in the background
    await Promise.all(invokeMany(cs, 100));
    await delay(40);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('clients with another ExternalId or role get their own credentials', async () => {
    const expirations = stsIssuing(HOUR);
    const handler = dataPlane(expirations);
    const make = (externalId: string) =>
      new CrossAccountAgentClient({
        access: { mode: 'assume-role', roleArn: ROLE_ARN, externalId },
        clientConfig: { requestHandler: handler },
      });
    await Promise.all(
      [make('tenant-aaa'), make('tenant-bbb'), make('tenant-aaa')].map((c) =>
        c.invoke({ runtimeArn: RUNTIME_ARN, payload: {} }),
      ),
    );
    expect(
      sts
        .commandCalls(AssumeRoleCommand)
        .map((c) => c.args[0].input.ExternalId)
        .sort(),
    ).toEqual(['tenant-aaa', 'tenant-bbb']);
  });
});
