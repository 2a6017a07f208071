/**
 * WebSocket upgrades (`server.on('upgrade')`): the request is matched to a route-table row with an
 * `upgrade` handler, authenticated by SigV4 in the query string (presigned) or in the headers,
 * subjected to faults, authorized by the row's handler, and only then handed to `ws` to complete
 * the handshake. Any refusal is an HTTP answer in AgentCore's REST-JSON shape on the raw socket,
 * which a WebSocket client sees as an unexpected response to its upgrade.
 *
 * `ws` is an optional peer: it is loaded on the first upgrade that passes every check, and a
 * missing `ws` is answered 501 with the install command (the rest of the emulator never needs it).
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isMissingDependencyError } from '../errors.js';
import { importUnbundled, loadOptionalPeer } from '../optional-peer.js';
import { EmulatorHttpError } from './http-error.js';
import type { EmulatorWebSocket, WebSocketSession } from './route-table.js';
import { ROUTE_TABLE } from './routes.js';
import { type EmulatorCore, faultError, routeContext, serviceErrorOf } from './serve.js';
import type { RecordedRequest } from './server.js';
import { SERVICES, type ServiceError } from './services.js';
import { checkHeaders, checkPresigned, checkSignature, isPresigned, type SignedRequest } from './sigv4.js';
import { requestId as newRequestId } from './world.js';

const SERVICE = 'bedrock-agentcore';
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

type WsModule = typeof import('ws');
let wsModule: Promise<WsModule> | undefined;

function loadWs(): Promise<WsModule> {
  wsModule ??= loadOptionalPeer('ws', "The emulator's WebSocket runtimes", () =>
    importUnbundled<WsModule>('ws'),
  );
  // A failed load is retried on the next upgrade (the package may be installed meanwhile).
  wsModule.catch(() => {
    wsModule = undefined;
  });
  return wsModule;
}

/**
 * Serves one upgrade request. Never throws: every failure is answered on the socket (or the
 * socket is destroyed).
 * @internal
 */
export async function serveUpgrade(
  core: EmulatorCore,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const method = req.method ?? 'GET';
  const record: RecordedRequest = {
    requestId: newRequestId(),
    time: core.now(),
    method,
    path: rawPath,
    service: SERVICE,
    operation: 'Unknown',
    status: 0,
  };
  core.requests.push(record);
  if (core.requests.length > core.maxRecorded)
    core.requests.splice(0, core.requests.length - core.maxRecorded);
  const controller = new AbortController();
  core.streams.add(controller);
  socket.on('close', () => {
    controller.abort();
    core.streams.delete(controller);
  });
  socket.on('error', () => socket.destroy());
  try {
    const match = ROUTE_TABLE.matchPath(SERVICE, method, rawPath);
    const upgrade = match?.route.upgrade;
    if (match === undefined || upgrade === undefined) {
      throw new EmulatorHttpError(
        404,
        'UnknownOperationException',
        `No WebSocket operation matches ${method} ${rawPath}.`,
      );
    }
    record.operation = match.route.operation;
    const request: SignedRequest = { method, rawPath, rawQuery, headers: req.headers };
    let signed: Awaited<ReturnType<typeof checkPresigned>>;
    if (isPresigned(rawQuery)) signed = await checkPresigned(request, core.world, core.now, SERVICE);
    else {
      const claim = checkHeaders(request, core.world, core.now, SERVICE);
      await checkSignature(claim, request, new Uint8Array());
      signed = claim;
    }
    record.principalArn = signed.caller.principalArn;
    const fault = core.faults.decide(record.operation);
    if (fault !== undefined) {
      record.fault = fault.kind;
      const refused = faultError(fault, SERVICE, record.operation);
      if (refused !== undefined) throw refused;
      if (fault.kind === 'drop-before' || fault.kind === 'drop-after') {
        socket.destroy();
        return;
      }
    }
    const ctx = routeContext(core, {
      ...signed,
      record,
      method,
      rawPath,
      rawQuery,
      headers: req.headers,
      body: new Uint8Array(),
      signal: controller.signal,
    });
    const session = await upgrade(ctx, match.params);
    const ws = await loadWs();
    const server = new ws.WebSocketServer({ noServer: true });
    server.handleUpgrade(req, socket, head, (open) => {
      record.status = 101;
      const close = () => open.terminate();
      controller.signal.addEventListener('abort', close, { once: true });
      open.on('close', () => controller.signal.removeEventListener('abort', close));
      (session as WebSocketSession)(open as unknown as EmulatorWebSocket);
    });
  } catch (error) {
    refuse(socket, record, error);
  }
}

/** Answers an upgrade with an HTTP error in AgentCore's REST-JSON shape, then closes the socket. */
function refuse(socket: Duplex, record: RecordedRequest, error: unknown): void {
  const spec = SERVICES[SERVICE];
  const answer: ServiceError = isServiceError(error)
    ? error
    : isMissingDependencyError(error)
      ? { status: 501, code: 'NotImplementedException', message: error.message }
      : (serviceErrorOf(error, spec) ?? {
          status: 500,
          code: spec.serverError(500),
          message: 'The emulator failed to handle the request.',
        });
  record.status = answer.status;
  record.errorType = answer.code;
  const body = JSON.stringify({ ...answer.fields, message: answer.message });
  const lines = [
    `HTTP/1.1 ${answer.status} ${REASONS[answer.status] ?? 'Error'}`,
    'Content-Type: application/json',
    `x-amzn-ErrorType: ${answer.code}`,
    `x-amzn-RequestId: ${record.requestId}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

function isServiceError(error: unknown): error is ServiceError {
  return (
    typeof error === 'object' &&
    error !== null &&
    !(error instanceof Error) &&
    typeof (error as ServiceError).status === 'number' &&
    typeof (error as ServiceError).code === 'string'
  );
}
