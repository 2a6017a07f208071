/**
 * Routing and the front door: one endpoint for all three clients, memory routes handed to the
 * memory data plane under the same SigV4 and IAM enforcement, AWS's answers to unsigned or
 * unroutable requests.
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN, CALLER_ROLE_ARN, MEMORY_ARN } from '../../fixtures/arns.js';
import { agentCore, createEvent, failure } from './helpers.js';

let emulator: LocalAgentCore;
beforeEach(async () => {
  emulator = await startLocalAgentCore({ memory: { createEventRate: false } });
});
afterEach(async () => {
  await emulator.stop();
});

/** Signs a raw request as `principal` for `service` and sends it. */
async function signedFetch(path: string, service: string, principal = ADMIN_ROLE_ARN): Promise<Response> {
  const url = new URL(path, emulator.endpoint);
  const signer = new SignatureV4({
    credentials: emulator.credentialsFor(principal),
    region: emulator.region,
    service,
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign({
    method: 'GET',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: {},
    headers: { host: url.host },
  });
  return fetch(url, { headers: signed.headers });
}

describe('routing', () => {
  it('hands memory routes to the memory data plane, authorized like every other call', async () => {
    const admin = agentCore(emulator, ADMIN_ROLE_ARN);
    const created = await admin.send(createEvent());
    admin.destroy();
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(emulator.memory.counts(MEMORY_ARN).events).toBe(1);
    const caller = agentCore(emulator, CALLER_ROLE_ARN);
    const denied = await failure(caller.send(createEvent()));
    caller.destroy();
    expect(denied).toEqual({
      name: 'AccessDeniedException',
      message: `User: ${CALLER_ROLE_ARN} is not authorized to perform: bedrock-agentcore:CreateEvent on resource: ${MEMORY_ARN} because no resource-based policy allows the bedrock-agentcore:CreateEvent action`,
      status: 403,
    });
    expect(emulator.requests.at(-1)).toMatchObject({
      operation: 'CreateEvent',
      decision: 'implicit-deny',
      resourceArn: MEMORY_ARN,
    });
  });

  it('answers an unsigned request with MissingAuthenticationTokenException', async () => {
    const response = await fetch(`${emulator.endpoint}/runtimes/x/invocations`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('answers an unsigned STS call in XML', async () => {
    const response = await fetch(`${emulator.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/,
    );
  });

  it('refuses a signature scoped to another service, valid as it may be', async () => {
    const response = await signedFetch('/resourcepolicy/x', 's3');
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(await response.json()).toEqual({
      message: "Credential should be scoped to correct service: 'bedrock-agentcore'. ",
    });
  });

  it('answers a signed request to no known route with UnknownOperationException', async () => {
    const response = await signedFetch('/no/such/route', 'bedrock-agentcore');
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(emulator.requests.at(-1)).toMatchObject({
      operation: 'Unknown',
      principalArn: ADMIN_ROLE_ARN,
      status: 404,
    });
  });
});
