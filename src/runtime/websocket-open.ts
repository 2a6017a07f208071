/**
 * Opening a runtime WebSocket: the URL presigned with SigV4 in the query string, then the `ws`
 * client's handshake. `ws` and the signer are loaded on the first `connect()` (the root entry
 * loads neither).
 *
 * The URL follows the AgentCore Python SDK's `generate_presigned_url` (aws/bedrock-agentcore-sdk-python,
 * `AgentCoreRuntimeClient`): `wss://bedrock-agentcore.{region}.amazonaws.com/runtimes/{url-encoded
 * ARN}/ws?qualifier=…&X-Amzn-Bedrock-AgentCore-Runtime-Session-Id=…` signed by botocore's
 * `SigV4QueryAuth` (service `bedrock-agentcore`, only `host` signed, the empty body's hash, at
 * most 300 s). The user id as the query parameter
 * `X-Amzn-Bedrock-AgentCore-Runtime-User-Id` is by analogy with the session id: no public sample.
 * @internal
 */
import { type HttpRefusal, httpRefusal, MAX_ERROR_BODY } from '../http-refusal.js';
import { importUnbundled, loadOptionalPeer } from '../optional-peer.js';
import { agentCoreSigner, type SigningCredentials } from '../sigv4-signer.js';
import type { PreparedConnect, WsSocket } from './websocket.js';

/** Where the data plane is: the client's resolved endpoint. @internal */
export interface DataPlaneEndpoint {
  protocol: string;
  hostname: string;
  port?: number | undefined;
  /** Base path (usually `/`). */
  path: string;
}

const SESSION_PARAM = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';
const USER_PARAM = 'X-Amzn-Bedrock-AgentCore-Runtime-User-Id';

/**
 * The presigned `ws:`/`wss:` URL of a connection. Holds a signature and maybe a session token:
 * never log it.
 * @internal
 */
export async function presignedUrl(
  prepared: PreparedConnect,
  endpoint: DataPlaneEndpoint,
  credentials: SigningCredentials,
  region: string,
): Promise<string> {
  const host = endpoint.port === undefined ? endpoint.hostname : `${endpoint.hostname}:${endpoint.port}`;
  const base = endpoint.path.endsWith('/') ? endpoint.path.slice(0, -1) : endpoint.path;
  const path = `${base}/runtimes/${encodeURIComponent(prepared.runtimeArn)}/ws`;
  const query: Record<string, string> = { [SESSION_PARAM]: prepared.sessionId };
  if (prepared.qualifier !== undefined) query['qualifier'] = prepared.qualifier;
  if (prepared.userId !== undefined) query[USER_PARAM] = prepared.userId;
  const signer = await agentCoreSigner(credentials, region);
  const signed = await signer.presign(
    { method: 'GET', protocol: 'https:', hostname: host, path, query, headers: { host } },
    { expiresIn: prepared.expiresInSeconds },
  );
  const search = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const scheme = endpoint.protocol === 'http:' ? 'ws:' : 'wss:';
  return `${scheme}//${host}${path}?${search}`;
}

async function refusal(response: import('node:http').IncomingMessage): Promise<HttpRefusal> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response) {
      size += (chunk as Buffer).length;
      if (size > MAX_ERROR_BODY) break;
      chunks.push(chunk as Buffer);
    }
  } catch {
    // The body is best effort: the status and headers carry the error.
  }
  const header = (name: string) => {
    const value = response.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  return httpRefusal(response.statusCode ?? 0, header, Buffer.concat(chunks).toString('utf8'));
}

/**
 * Opens the WebSocket at `url`: resolves with the open socket, rejects with the upgrade's HTTP
 * refusal (an AccessDeniedException…), a network error, or the signal's reason.
 * @internal
 */
export async function openSocket(url: string, signal: AbortSignal | undefined): Promise<WsSocket> {
  const { WebSocket } = await loadOptionalPeer('ws', 'client.connect (WebSocket sessions)', () =>
    importUnbundled<typeof import('ws')>('ws'),
  );
  signal?.throwIfAborted();
  return new Promise<WsSocket>((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { 'User-Agent': 'agentcore-xacct' } });
    const onAbort = () => {
      socket.terminate();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    socket.once('open', () => {
      settle();
      resolve(socket as unknown as WsSocket);
    });
    let refused = false;
    socket.once('unexpected-response', (_request, response) => {
      settle();
      refused = true;
      // Read the answer first: terminating aborts the request, and with it the body.
      refusal(response)
        .then(reject, reject)
        .finally(() => socket.terminate());
    });
    socket.on('error', (error) => {
      // After a refusal, terminating reports "closed before the connection was established".
      if (refused) return;
      settle();
      reject(error);
    });
  });
}
