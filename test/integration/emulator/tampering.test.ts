/**
 * Requests tampered with after signing, and requests the emulator must refuse before reading
 * their body: `host` left out of the signature, a body swapped after signing (with and without a
 * declared payload hash), UNSIGNED-PAYLOAD, and bodies larger than the operation takes.
 */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN, MEMORY_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';

let emulator: LocalAgentCore;
beforeEach(async () => {
  emulator = await startLocalAgentCore({ memory: { createEventRate: false } });
});
afterEach(async () => {
  await emulator.stop();
});

const EVENTS_PATH = `/memories/${encodeURIComponent(MEMORY_ARN)}/events`;

function eventBody(text: string): string {
  return JSON.stringify({
    actorId: 'actor-1',
    sessionId: 'session-1',
    eventTimestamp: Math.floor(Date.now() / 1000),
    payload: [{ conversational: { role: 'USER', content: { text } } }],
  });
}

interface Signing {
  method?: string;
  path?: string;
  body?: string;
  service?: string;
  /** Extra headers set before signing (signed unless listed in `unsignable`). */
  headers?: Record<string, string>;
  unsignable?: string[];
}

/** Signs a request as the seed's admin the way the SDK does, and returns what to send. */
async function sign(
  options: Signing,
): Promise<{ url: URL; method: string; headers: Record<string, string> }> {
  const url = new URL(options.path ?? EVENTS_PATH, emulator.endpoint);
  const signer = new SignatureV4({
    credentials: emulator.credentialsFor(ADMIN_ROLE_ARN),
    region: emulator.region,
    service: options.service ?? 'bedrock-agentcore',
    sha256: Hash.bind(null, 'sha256'),
    // Declare x-amz-content-sha256 only when a test sets it (the JS SDK does, botocore does not).
    applyChecksum: false,
  });
  const method = options.method ?? 'POST';
  const signed = await signer.sign(
    {
      method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'content-type': 'application/json', ...options.headers },
      ...(options.body === undefined ? {} : { body: options.body }),
    },
    options.unsignable === undefined ? {} : { unsignableHeaders: new Set(options.unsignable) },
  );
  return { url, method, headers: signed.headers };
}

async function send(
  signed: { url: URL; method: string; headers: Record<string, string> },
  body?: string,
): Promise<{ status: number; type: string | null; message: string }> {
  const response = await fetch(signed.url, {
    method: signed.method,
    headers: signed.headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const message = text.startsWith('{') ? (JSON.parse(text) as { message: string }).message : text;
  return { status: response.status, type: response.headers.get('x-amzn-errortype'), message };
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

describe('signed headers', () => {
  it('refuses a signature that leaves out host, in AWS words, and writes nothing', async () => {
    const body = eventBody('hello');
    const signed = await sign({ body, unsignable: ['host'] });
    expect(signed.headers.authorization).not.toMatch(/SignedHeaders=[^,]*host/);
    expect(await send(signed, body)).toEqual({
      status: 403,
      type: 'IncompleteSignatureException',
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    });
    expect(emulator.memory.counts(MEMORY_ARN).events).toBe(0);
  });

  it('accepts the same request with host signed', async () => {
    const body = eventBody('hello');
    expect((await send(await sign({ body }), body)).status).toBe(201);
    expect(emulator.memory.counts(MEMORY_ARN).events).toBe(1);
  });
});

describe('the body must be the signed one', () => {
  const rows: Array<[string, boolean]> = [
    ['no declared payload hash (as botocore signs)', false],
    ['a declared x-amz-content-sha256 (as the JS SDK signs)', true],
  ];
  const declared = (declare: boolean, body: string): Record<string, string> =>
    declare ? { 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') } : {};
  it.each(rows)('refuses a body swapped after signing: %s', async (_name, declare) => {
    const body = eventBody('hello');
    const signed = await sign({ body, headers: declared(declare, body) });
    expect(await send(signed, eventBody('tampered'))).toEqual({
      status: 403,
      type: 'InvalidSignatureException',
      message: MISMATCH,
    });
    expect(emulator.memory.counts(MEMORY_ARN).events).toBe(0);
  });

  it.each(rows)('serves the signed body: %s', async (_name, declare) => {
    const body = eventBody('hello');
    expect((await send(await sign({ body, headers: declared(declare, body) }), body)).status).toBe(201);
  });

  it('refuses UNSIGNED-PAYLOAD: no AgentCore operation accepts it', async () => {
    const signed = await sign({
      body: eventBody('hello'),
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    expect(await send(signed, eventBody('tampered'))).toEqual({
      status: 403,
      type: 'InvalidSignatureException',
      message: MISMATCH,
    });
    const invoke = await sign({
      path: `/runtimes/${encodeURIComponent(RUNTIME_ARN)}/invocations`,
      body: '{}',
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    expect((await send(invoke, '{}')).type).toBe('InvalidSignatureException');
    expect(emulator.memory.counts(MEMORY_ARN).events).toBe(0);
    expect(
      emulator.requests.filter((r) => r.operation === 'InvokeAgentRuntime').map((r) => r.principalArn),
    ).toEqual([undefined]);
  });
});

/**
 * Sends only the headers (a huge Content-Length, no body) and waits for the answer: it can only
 * come before the body was read.
 */
function headersOnly(
  signed: { url: URL; method: string; headers: Record<string, string> },
  contentLength: number,
): Promise<{ status: number; type: string | undefined; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(signed.url, {
      method: signed.method,
      headers: { ...signed.headers, 'content-length': String(contentLength) },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      resolve({
        status: res.statusCode ?? 0,
        type: res.headers['x-amzn-errortype'] as string | undefined,
        connection: res.headers.connection,
      });
      req.destroy();
    });
    req.flushHeaders();
  });
}

describe('checked before the body is read', () => {
  it('refuses a body larger than the operation takes from its Content-Length, and closes the connection', async () => {
    const signed = await sign({ headers: { 'x-amz-content-sha256': 'e'.repeat(64) } });
    expect(await headersOnly(signed, 200 * 1024 * 1024)).toEqual({
      status: 413,
      type: 'ValidationException',
      connection: 'close',
    });
  });

  it('InvokeAgentRuntime takes up to 100,000,000 bytes (its model limit), one more is refused', async () => {
    const path = `/runtimes/${encodeURIComponent(RUNTIME_ARN)}/invocations`;
    const signed = await sign({ path, headers: { 'x-amz-content-sha256': 'e'.repeat(64) } });
    expect((await headersOnly(signed, 100_000_001)).status).toBe(413);
  });

  it('answers an authentication failure before the body, whatever its announced size', async () => {
    const signed = await sign({ unsignable: ['host'] });
    expect(await headersOnly(signed, 100_000_000)).toMatchObject({
      status: 403,
      type: 'IncompleteSignatureException',
    });
    const unknownKey = await sign({});
    unknownKey.headers.authorization = unknownKey.headers.authorization?.replace(
      /Credential=[A-Z0-9]+\//,
      'Credential=AKIAUNKNOWNUNKNOWN00/',
    ) as string;
    expect((await headersOnly(unknownKey, 100_000_000)).type).toBe('UnrecognizedClientException');
  });

  it('checks a declared payload hash signature before the body: a wrong signature never waits for it', async () => {
    const signed = await sign({ headers: { 'x-amz-content-sha256': 'e'.repeat(64) } });
    signed.headers.authorization = signed.headers.authorization?.replace(
      /Signature=[0-9a-f]+/,
      `Signature=${'0'.repeat(64)}`,
    ) as string;
    expect((await headersOnly(signed, 1000)).type).toBe('InvalidSignatureException');
  });

  it('stops reading a chunked body at the limit', async () => {
    const path = `/memories/${encodeURIComponent(MEMORY_ARN)}/details`;
    const signed = await sign({ method: 'GET', path });
    const answer = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(signed.url, {
        method: 'POST',
        headers: { ...signed.headers, 'transfer-encoding': 'chunked' },
      });
      req.on('error', () => resolve(-1));
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      const chunk = Buffer.alloc(256 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 64 && req.write(chunk)) sent++;
        if (sent < 64) req.once('drain', pump);
      };
      pump();
      setTimeout(() => reject(new Error('no answer')), 5000).unref();
    });
    // GetMemory is a GET: a POST to its path matches no row, whose body limit is 1 MiB.
    expect(answer).toBe(413);
  });
});
