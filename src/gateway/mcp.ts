/**
 * The MCP side of a gateway client; the SDK and the signer load on its first call: the official MCP TypeScript SDK's
 * `Client` on its Streamable HTTP transport, with a `fetch` that signs each request with SigV4
 * (service `bedrock-agentcore`, FACTS.md) before the client's retry and AccessDenied layer sends
 * it. The transport's documented seam for this is its `fetch` option.
 * @internal
 */
import type { ResolvedCredentials } from '../credentials/types.js';
import { importUnbundled, loadOptionalPeer } from '../optional-peer.js';
import { agentCoreSigner } from '../sigv4-signer.js';
import type { GatewayTarget, McpClientClasses, McpSession } from './gateway.js';

/** One HTTP attempt, given the credentials to sign it with. @internal */
export type SignedAttempt = (
  credentials: ResolvedCredentials,
  signal: AbortSignal | undefined,
) => Promise<Response>;

/** How the client sends one HTTP request of the session: retries, signals, AccessDenied. @internal */
export type SendRequest = (attempt: SignedAttempt, signal: AbortSignal | undefined) => Promise<Response>;

const SDK = '@modelcontextprotocol/sdk';

/** The MCP SDK's client classes, loaded by name (bundlers do not follow it: see `importUnbundled`). */
async function loadMcp(): Promise<McpClientClasses> {
  const [client, http] = await loadOptionalPeer(SDK, 'client.gateway (MCP over SigV4)', () =>
    Promise.all([
      importUnbundled<typeof import('@modelcontextprotocol/sdk/client/index.js')>(`${SDK}/client/index.js`),
      importUnbundled<typeof import('@modelcontextprotocol/sdk/client/streamableHttp.js')>(
        `${SDK}/client/streamableHttp.js`,
      ),
    ]),
  );
  return { Client: client.Client, StreamableHTTPClientTransport: http.StreamableHTTPClientTransport };
}

/** Signs one fetch request for the gateway's region. */
async function signed(
  target: GatewayTarget,
  url: URL,
  init: RequestInit,
  credentials: ResolvedCredentials,
): Promise<RequestInit> {
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => {
    headers[name] = value;
  });
  headers['host'] = url.host;
  const body = typeof init.body === 'string' || init.body instanceof Uint8Array ? init.body : undefined;
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, name) => {
    query[name] = value;
  });
  const signer = await agentCoreSigner(credentials, target.region);
  const request = await signer.sign({
    method: init.method ?? 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    path: url.pathname,
    query,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  // fetch sets Host itself, from the URL (the value that was signed).
  const { host: _host, ...sent } = request.headers;
  return { ...init, headers: sent };
}

/**
 * Opens an MCP session with the gateway: initialize, over requests that `send` signs, retries and
 * translates. Throws `MissingDependencyError` when the MCP SDK is not installed.
 * @internal
 */
export async function openMcpSession(
  target: GatewayTarget,
  send: SendRequest,
  given: McpClientClasses | undefined,
): Promise<McpSession> {
  const classes = given ?? (await loadMcp());
  const fetchSigned = (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof URL ? input.href : input);
    const signal = init.signal ?? undefined;
    return send(async (credentials, combined) => {
      const request = await signed(target, url, init, credentials);
      return fetch(url, { ...request, ...(combined === undefined ? {} : { signal: combined }) });
    }, signal);
  };
  // The SDK's Client, as the calls this library makes on it.
  const client = new classes.Client({ name: 'agentcore-xacct', version: '1' }) as McpSession & {
    connect(transport: unknown): Promise<void>;
  };
  const transport = new classes.StreamableHTTPClientTransport(target.url, { fetch: fetchSigned });
  await client.connect(transport);
  return client;
}
