/**
 * Without the optional peers (`ws`, `@modelcontextprotocol/sdk`), as in a project that did not
 * install them: the client's connect and gateway calls throw a MissingDependencyError naming the
 * install command, and the emulator answers its WebSocket and gateway requests 501 with the same
 * words; everything else keeps working. Node's "not installed" error is reproduced as Node words
 * it (`ERR_MODULE_NOT_FOUND`, "Cannot find package '…'"), for those two packages only.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/optional-peer.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/optional-peer.js')>();
  return {
    ...actual,
    importUnbundled: (specifier: string) => {
      const name = specifier.startsWith('@')
        ? specifier.split('/').slice(0, 2).join('/')
        : specifier.split('/')[0];
      if (name === 'ws' || name === '@modelcontextprotocol/sdk') {
        return Promise.reject(
          Object.assign(new Error(`Cannot find package '${name}' imported from /app/index.js`), {
            code: 'ERR_MODULE_NOT_FOUND',
          }),
        );
      }
      return actual.importUnbundled(specifier);
    },
  };
});

const { isMissingDependencyError } = await import('../../../src/errors.js');
const { startLocalAgentCore } = await import('../../../src/testing/index.js');
const { clientOf, grant } = await import('./access-patterns.js');
const { ACCOUNT_A, ENDPOINT_ARN, REGION, RUNTIME_ARN } = await import('../../fixtures/arns.js');

const GATEWAY_ARN = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT_A}:gateway/tools-gateway-abcdefghij`;

describe('without the optional peers', () => {
  let emulator: Awaited<ReturnType<typeof startLocalAgentCore>>;
  beforeAll(async () => {
    emulator = await startLocalAgentCore();
    await grant(emulator, 'resource-policy', [
      {
        resourceArns: [RUNTIME_ARN, ENDPOINT_ARN],
        actions: ['InvokeAgentRuntime', 'InvokeAgentRuntimeWithWebSocketStream'],
      },
      { resourceArns: [GATEWAY_ARN], actions: ['InvokeGateway'] },
    ]);
  });
  afterAll(() => emulator.stop());

  it('client.connect throws MissingDependencyError naming npm install ws', async () => {
    const client = clientOf(emulator, 'resource-policy');
    const error = await client.connect({ runtimeArn: RUNTIME_ARN }).catch((e: unknown) => e);
    expect(isMissingDependencyError(error)).toBe(true);
    expect((error as Error).message).toContain('run npm install ws');
    // Invocations do not need it.
    expect(
      await (await client.invoke({ runtimeArn: RUNTIME_ARN, payload: { prompt: 'still' } })).json(),
    ).toMatchObject({
      echo: { prompt: 'still' },
    });
    client.destroy();
  });

  it('a gateway call throws MissingDependencyError naming npm install @modelcontextprotocol/sdk', async () => {
    const client = clientOf(emulator, 'resource-policy');
    const error = await client
      .gateway(GATEWAY_ARN, { url: emulator.gatewayUrl(GATEWAY_ARN) })
      .listTools()
      .catch((e: unknown) => e);
    expect(isMissingDependencyError(error)).toBe(true);
    expect((error as Error).message).toContain('run npm install @modelcontextprotocol/sdk');
    client.destroy();
  });

  it('the emulator answers its gateway 501 with the install command, after authorizing', async () => {
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const { Hash } = await import('@smithy/hash-node');
    const url = new URL(emulator.gatewayUrl(GATEWAY_ARN));
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const signer = new SignatureV4({
      credentials: emulator.credentialsFor('arn:aws:iam::222222222222:role/the-caller-role'),
      region: REGION,
      service: 'bedrock-agentcore',
      sha256: Hash.bind(null, 'sha256'),
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, 'content-type': 'application/json' },
      body,
    });
    const { host: _host, ...headers } = signed.headers;
    const response = await fetch(url, { method: 'POST', headers, body });
    expect(response.status).toBe(501);
    expect(((await response.json()) as { message: string }).message).toContain(
      'npm install @modelcontextprotocol/sdk',
    );
  });
});
