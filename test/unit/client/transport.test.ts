import { createServer } from 'node:net';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CrossAccountAgentClient } from '../../../src/client.js';
import { clearCredentialCache } from '../../../src/credentials/cache.js';
import { isAgentCoreAccessDeniedError } from '../../../src/errors.js';
import { CALLER_ROLE_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { awsError, delay, fakeHandler } from './fake-http.js';

const ROLE_ARN = 'arn:aws:iam::111111111111:role/CrossAccountAgentInvoker';
const STATIC = { accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: 'static-secret' };
const sts = mockClient(STSClient);

beforeEach(() => {
  sts.reset();
  clearCredentialCache();
});

function stsOk() {
  return {
    Credentials: {
      AccessKeyId: 'ASIAROLE',
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: new Date(Date.now() + 3_600_000),
    },
    $metadata: {},
  };
}

/** A data plane that takes 5 s to answer, unless the request is aborted. */
function slowHandler() {
  return fakeHandler(async (_request, signal) => {
    await delay(5_000, signal);
    return { body: '{}' };
  });
}

function staticClient(handler: ReturnType<typeof fakeHandler>) {
  return new CrossAccountAgentClient({
    access: { mode: 'resource-policy', credentials: STATIC },
    clientConfig: { requestHandler: handler },
  });
}

describe('timeouts and aborts (real SDK client, fake socket)', () => {
  it('timeoutMs rejects with a TimeoutError naming the option when the response does not start in time', async () => {
    const client = staticClient(slowHandler());
    const error = await client
      .invoke({ runtimeArn: RUNTIME_ARN, payload: {}, timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('TimeoutError');
    expect((error as Error).message).toContain('timeoutMs');
  });

  it("the caller's signal aborts the request with the caller's reason", async () => {
    const client = staticClient(slowHandler());
    const controller = new AbortController();
    const pending = client.invoke({ runtimeArn: RUNTIME_ARN, payload: {}, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user navigated away')), 20);
    await expect(pending).rejects.toThrow('user navigated away');
  });

  it('the timeout does not cut a stream that started in time', async () => {
    const handler = fakeHandler(() => ({
      headers: { 'content-type': 'text/event-stream' },
      body: [Buffer.from('data: 1\n\n'), Buffer.from('data: 2\n\n')],
    }));
    const client = new CrossAccountAgentClient({
      access: { mode: 'resource-policy', credentials: STATIC },
      clientConfig: { requestHandler: handler },
    });
    const res = await client.invoke({ runtimeArn: RUNTIME_ARN, payload: {}, timeoutMs: 30 });
    await delay(60);
    const data = [];
    for await (const event of res.events()) data.push(event.data);
    expect(data).toEqual([1, 2]);
  });

  it('many concurrent calls on one signal add a single abort listener (no leak warning)', async () => {
    const handler = fakeHandler(() => ({ body: '{}' }));
    const controller = new AbortController();
    const client = new CrossAccountAgentClient({
      access: { mode: 'resource-policy', credentials: STATIC },
      clientConfig: { requestHandler: handler },
      signal: controller.signal,
    });
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    await Promise.all(
      Array.from({ length: 50 }, async () =>
        (await client.invoke({ runtimeArn: RUNTIME_ARN, payload: {}, signal: controller.signal })).json(),
      ),
    );
    await delay(10);
    process.off('warning', onWarning);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});

describe('credential failures through the client', () => {
  it('an STS AccessDenied leaves as AgentCoreAccessDeniedError for sts:AssumeRole, not retried', async () => {
    const denied = Object.assign(
      new Error(
        `User: ${CALLER_ROLE_ARN} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
      ),
      { name: 'AccessDenied', $metadata: { httpStatusCode: 403, requestId: 'sts-req' } },
    );
    sts.on(AssumeRoleCommand).rejects(denied);
    const handler = fakeHandler(() => ({ body: '{}' }));
    const client = new CrossAccountAgentClient({
      access: { mode: 'assume-role', roleArn: ROLE_ARN },
      clientConfig: { requestHandler: handler },
      retry: { baseDelayMs: 0 },
    });
    const error = await client.invoke({ runtimeArn: RUNTIME_ARN, payload: {} }).catch((e: unknown) => e);
    expect(isAgentCoreAccessDeniedError(error)).toBe(true);
    expect(error).toMatchObject({
      action: 'sts:AssumeRole',
      principalArn: CALLER_ROLE_ARN,
      resourceArn: ROLE_ARN,
    });
    expect((error as Error).message).toContain('trust policy');
    expect((error as Error).cause).toBe(denied);
    expect(sts.calls()).toHaveLength(1);
    expect(handler.requests).toHaveLength(0);
  });

  it('throttled STS: the invocation is retried (it was never sent) with one STS attempt per try', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }),
      )
      .resolves(stsOk());
    const handler = fakeHandler(() => ({ body: '{"ok":1}' }));
    const client = new CrossAccountAgentClient({
      access: { mode: 'assume-role', roleArn: ROLE_ARN },
      clientConfig: { requestHandler: handler },
      retry: { baseDelayMs: 0 },
    });
    expect(await (await client.invoke({ runtimeArn: RUNTIME_ARN, payload: {} })).json()).toEqual({ ok: 1 });
    expect(sts.calls()).toHaveLength(2);
    expect(handler.requests).toHaveLength(1);
  });
});

describe('network failures (real sockets)', () => {
  it('a refused connection is classified as never sent and retried for an invocation', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const records: Array<Record<string, unknown> | undefined> = [];
    const client = new CrossAccountAgentClient({
      access: { mode: 'resource-policy', credentials: STATIC },
      clientConfig: { endpoint: `http://127.0.0.1:${port}` },
      retry: { baseDelayMs: 0, attempts: 2 },
      logger: { debug: (_message, details) => records.push(details) },
    });
    const error = await client.invoke({ runtimeArn: RUNTIME_ARN, payload: {} }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('ECONNREFUSED');
    expect(records[0]).toMatchObject({ reason: 'ECONNREFUSED', requestSent: 'no', retrying: true });
    expect(records).toHaveLength(2);
  });

  it('a 503 from the data plane is not re-sent for an invocation but is for the agent card', async () => {
    const handler = fakeHandler(() => awsError(503, 'ServiceUnavailableException', 'try later'));
    const client = new CrossAccountAgentClient({
      access: { mode: 'resource-policy', credentials: STATIC },
      clientConfig: { requestHandler: handler },
      retry: { baseDelayMs: 0 },
    });
    await client.invoke({ runtimeArn: RUNTIME_ARN, payload: {} }).catch(() => undefined);
    expect(handler.requests).toHaveLength(1);
    await client.getAgentCard({ runtimeArn: RUNTIME_ARN }).catch(() => undefined);
    expect(handler.requests).toHaveLength(4);
  });
});
