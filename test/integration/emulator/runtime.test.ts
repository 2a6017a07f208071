/**
 * The runtime data plane through the plain SDK client: echo agents in JSON and in both SSE
 * framings, the 406 of a strict agent, session ids, qualifiers, the agent card, StopRuntimeSession.
 */
import type { Readable } from 'node:stream';
import {
  type BedrockAgentCoreClient,
  InvokeAgentRuntimeCommand,
  StopRuntimeSessionCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ACCOUNT_A, ADMIN_ROLE_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { agentCore, failure, invokeText } from './helpers.js';

const arnOf = (id: string) => `arn:aws:bedrock-agentcore:eu-west-1:${ACCOUNT_A}:runtime/${id}`;
const SSE_PY = arnOf('agent_sse_py-abcdefghij');
const SSE_TS = arnOf('agent_sse_ts-abcdefghij');
const STRICT = arnOf('agent_strict-abcdefghij');
const MULTI = arnOf('multi_endpoint-abcdefghij');
const CUSTOM = arnOf('custom_agent-abcdefghij');
const SESSION = 'session-0123456789-0123456789-0123456789';

let emulator: LocalAgentCore;
let admin: BedrockAgentCoreClient;
beforeAll(async () => {
  emulator = await startLocalAgentCore({
    runtimes: [
      { runtimeId: 'agent-abcdefghij', accountId: ACCOUNT_A },
      { runtimeId: 'agent_sse_py-abcdefghij', accountId: ACCOUNT_A, agent: 'sse-python' },
      { runtimeId: 'agent_sse_ts-abcdefghij', accountId: ACCOUNT_A, agent: 'sse-typescript' },
      { runtimeId: 'agent_strict-abcdefghij', accountId: ACCOUNT_A, agent: 'sse-strict' },
      { runtimeId: 'multi_endpoint-abcdefghij', accountId: ACCOUNT_A, endpoints: ['DEFAULT', 'prod'] },
      {
        runtimeId: 'custom_agent-abcdefghij',
        accountId: ACCOUNT_A,
        agent: (invocation) => ({
          contentType: 'text/plain',
          body: `${invocation.qualifier}:${invocation.headers.traceparent ?? '-'}:${Buffer.from(invocation.payload).toString()}`,
        }),
      },
    ],
  });
  admin = agentCore(emulator, ADMIN_ROLE_ARN);
});
afterAll(async () => {
  admin.destroy();
  await emulator.stop();
});

describe('InvokeAgentRuntime', () => {
  it('echoes JSON and returns the session id the SDK sent', async () => {
    const result = await invokeText(admin, {
      agentRuntimeArn: RUNTIME_ARN,
      runtimeSessionId: SESSION,
      payload: '{"a":1}',
    });
    expect(result).toEqual({
      text: JSON.stringify({ echo: { a: 1 }, sessionId: SESSION }),
      contentType: 'application/json',
      sessionId: SESSION,
      statusCode: 200,
    });
  });

  it('refuses a session id shorter than 33 characters, which the SDK does not check', async () => {
    expect(
      await failure(invokeText(admin, { agentRuntimeArn: RUNTIME_ARN, runtimeSessionId: 'too-short' })),
    ).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'too-short' at 'runtimeSessionId' failed to satisfy constraint: Member must have length greater than or equal to 33",
      status: 400,
    });
  });

  it('streams SSE in the Python framing, with the error as a data event mid-stream', async () => {
    const ok = await invokeText(admin, {
      agentRuntimeArn: SSE_PY,
      payload: JSON.stringify({ prompt: 'one two' }),
    });
    expect(ok.contentType).toBe('text/event-stream');
    expect(ok.text).toBe('data: {"text":"one"}\n\ndata: {"text":"two"}\n\n');
    const failed = await invokeText(admin, {
      agentRuntimeArn: SSE_PY,
      payload: JSON.stringify({ prompt: 'one two three', failAfter: 1 }),
    });
    expect(failed.statusCode).toBe(200);
    expect(failed.text).toBe(
      'data: {"text":"one"}\n\ndata: {"error":"Agent failed after 1 events","error_type":"AgentError"}\n\n',
    );
  });

  it('streams SSE in the TypeScript framing: retry, ids, heartbeats, multi-line data, done', async () => {
    const ok = await invokeText(admin, {
      agentRuntimeArn: SSE_TS,
      payload: JSON.stringify({ prompt: 'a b' }),
    });
    expect(ok.text).toBe(
      [
        'retry: 3000\n\n: heartbeat\n\n',
        'id: 1\nevent: message\ndata: {"text":"a"}\n\n',
        'id: 2\nevent: message\ndata: {"text":"b"}\n\n',
        ': heartbeat\n\n',
        'id: 3\nevent: summary\ndata: {\ndata:  "words": 2,\ndata:  "text": "a b"\ndata: }\n\n',
        'id: 4\nevent: done\ndata: {}\n\n',
      ].join(''),
    );
    const failed = await invokeText(admin, {
      agentRuntimeArn: SSE_TS,
      payload: JSON.stringify({ prompt: 'a b', failAfter: 0 }),
    });
    expect(failed.text).toBe(
      'retry: 3000\n\n: heartbeat\n\nid: 1\nevent: error\ndata: {"error":"Agent failed after 0 events","error_type":"AgentError"}\n\n',
    );
  });

  it('delivers a stream in several chunks as the agent writes them', async () => {
    const output = await admin.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: SSE_PY,
        payload: JSON.stringify({ prompt: 'w1 w2 w3 w4' }),
      }),
    );
    const chunks: string[] = [];
    for await (const chunk of output.response as Readable) chunks.push(Buffer.from(chunk).toString());
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toContain('data: {"text":"w4"}');
  });

  it('answers 406 from the strict agent without Accept: text/event-stream, and streams with it', async () => {
    expect(await failure(invokeText(admin, { agentRuntimeArn: STRICT }))).toMatchObject({ status: 406 });
    const ok = await invokeText(admin, { agentRuntimeArn: STRICT, accept: 'text/event-stream' });
    expect(ok.text).toContain('event: done');
  });

  it('targets the endpoint named by qualifier, and 404s an unknown one or runtime', async () => {
    expect((await invokeText(admin, { agentRuntimeArn: MULTI, qualifier: 'prod' })).statusCode).toBe(200);
    expect(await failure(invokeText(admin, { agentRuntimeArn: MULTI, qualifier: 'staging' }))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
    expect(await failure(invokeText(admin, { agentRuntimeArn: arnOf('missing-abcdefghij') }))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('hands a custom agent the qualifier, trace headers and payload', async () => {
    const result = await invokeText(admin, {
      agentRuntimeArn: CUSTOM,
      traceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      payload: 'raw text',
    });
    expect(result.text).toBe('DEFAULT:00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01:raw text');
    expect(result.contentType).toBe('text/plain');
  });

  it('needs InvokeAgentRuntimeForUser as well when a user id is sent', async () => {
    const runner = 'arn:aws:iam::111111111111:role/runner';
    emulator.setIdentityPolicy(runner, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'bedrock-agentcore:InvokeAgentRuntime', Resource: '*' }],
    });
    const client = agentCore(emulator, runner);
    expect((await invokeText(client, { agentRuntimeArn: RUNTIME_ARN })).statusCode).toBe(200);
    const denied = await failure(
      invokeText(client, { agentRuntimeArn: RUNTIME_ARN, runtimeUserId: 'alice' }),
    );
    client.destroy();
    expect(denied.message).toBe(
      `User: ${runner} is not authorized to perform: bedrock-agentcore:InvokeAgentRuntimeForUser on resource: ${RUNTIME_ARN} because no identity-based policy allows the bedrock-agentcore:InvokeAgentRuntimeForUser action`,
    );
  });
});

describe('StopRuntimeSession', () => {
  it('stops a session the runtime has seen, then 404s it', async () => {
    const session = 'stop-me-0123456789-0123456789-0123456789';
    await invokeText(admin, { agentRuntimeArn: RUNTIME_ARN, runtimeSessionId: session });
    const stopped = await admin.send(
      new StopRuntimeSessionCommand({ agentRuntimeArn: RUNTIME_ARN, runtimeSessionId: session }),
    );
    expect(stopped).toMatchObject({ runtimeSessionId: session, statusCode: 200 });
    expect(
      await failure(
        admin.send(
          new StopRuntimeSessionCommand({ agentRuntimeArn: RUNTIME_ARN, runtimeSessionId: session }),
        ),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });
});
