/**
 * The life of one request in the emulator, step by step: open the exchange (request id, record),
 * find the signing service and the route-table row, check the SigV4 headers, read the body up to
 * the row's limit, check the body against the signature, apply a fault, dispatch to the row's
 * handler, and answer (or answer the error in the service's shape).
 * @module
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { type AccessCheck, type AccessOutcome, authorize } from './access.js';
import type { FaultDecision, FaultInjector } from './faults.js';
import { EmulatorHttpError } from './http-error.js';
import { invalidAction, parseForm } from './query-protocol.js';
import { type EmulatorState, header, type RouteContext, type StreamingResponse } from './responses.js';
import type { Route, RouteParams } from './route-table.js';
import { ROUTE_TABLE, UNMATCHED_BODY_LIMIT } from './routes.js';
import type { RecordedRequest } from './server.js';
import { isServiceName, SERVICES, type ServiceError, type ServiceName } from './services.js';
import {
  AuthFailure,
  checkHeaders,
  checkPayload,
  checkSignature,
  claimedScope,
  type SignatureClaim,
  type SignedRequest,
} from './sigv4.js';
import { type Caller, requestId as newRequestId } from './world.js';

/** Everything the steps share about one running emulator. @internal */
export interface EmulatorCore extends EmulatorState {
  readonly faults: FaultInjector;
  readonly now: () => number;
  /** `http://127.0.0.1:PORT`, set once the server listens. */
  endpoint: string;
  /** Aborted by `stop()`: pending latency faults and streams end. */
  readonly lifetime: AbortSignal;
  /** One controller per open exchange, aborted by `stop()`. */
  readonly streams: Set<AbortController>;
  readonly requests: RecordedRequest[];
  readonly maxRecorded: number;
}

/** One request and its answer. */
class Exchange {
  readonly requestId = newRequestId();
  readonly method: string;
  /** Path as on the wire, without the query. */
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly record: RecordedRequest;
  readonly controller = new AbortController();
  /** drop-after: the operation runs, then the connection is cut instead of answering. */
  dropAnswer = false;
  /** False while the body is unread: an answer then closes the connection rather than drain it. */
  bodyRead = false;
  readonly #res: ServerResponse;

  constructor(core: EmulatorCore, req: IncomingMessage, res: ServerResponse) {
    this.#res = res;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    this.rawPath = q < 0 ? url : url.slice(0, q);
    this.rawQuery = q < 0 ? '' : url.slice(q + 1);
    this.method = req.method ?? 'GET';
    this.record = {
      requestId: this.requestId,
      time: core.now(),
      method: this.method,
      path: this.rawPath,
      service: 'bedrock-agentcore',
      operation: 'Unknown',
      status: 0,
    };
    core.requests.push(this.record);
    if (core.requests.length > core.maxRecorded) {
      core.requests.splice(0, core.requests.length - core.maxRecorded);
    }
    core.streams.add(this.controller);
    res.on('close', () => {
      this.controller.abort();
      core.streams.delete(this.controller);
    });
  }

  /** True once nothing can be written any more (headers sent, or the socket is gone). */
  get committed(): boolean {
    return this.#res.headersSent || this.#res.destroyed;
  }

  async reply(response: StreamingResponse): Promise<void> {
    if (this.dropAnswer) {
      // drop-after: the operation ran (the write happened, the agent was invoked); only the
      // answer is lost, whatever it was.
      this.record.status = 0;
      this.destroy();
      return;
    }
    const answer = this.bodyRead
      ? response
      : { ...response, headers: { ...response.headers, Connection: 'close' } };
    await writeResponse(this.#res, answer, this.requestId, this.record, this.controller.signal);
  }

  /** Cuts the connection without an answer. */
  destroy(): void {
    this.#res.socket?.destroy();
    this.#res.destroy();
  }
}

/** Where a request goes: its operation name and, once matched, its row and parameters. */
interface Target {
  operation: string;
  route: Route | undefined;
  params: RouteParams;
}

/**
 * Serves one HTTP request. What is checked before the body is read: the signing service and (for
 * REST-JSON) the row; every header-level SigV4 check (see `checkHeaders`: Authorization well
 * formed, key known, session token valid and unexpired, date and skew, scope, `host` signed,
 * no UNSIGNED-PAYLOAD); the signature itself when the client declared the payload hash in
 * `x-amz-content-sha256`; and a declared `Content-Length` against the row's body limit. After the
 * body (read up to that limit, never more): the body's hash against the declared one, or the
 * signature over the body's hash; then the AWS Query action; then faults and the handler.
 */
export async function serve(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const exchange = new Exchange(core, req, res);
  try {
    const service = signingServiceOf(req.headers, exchange);
    exchange.record.service = service;
    let target = findRoute(service, exchange);
    exchange.record.operation = target.operation;
    const request: SignedRequest = {
      method: exchange.method,
      rawPath: exchange.rawPath,
      rawQuery: exchange.rawQuery,
      headers: req.headers,
    };
    // Before the body: the headers, and the signature when it covers a declared payload hash.
    const claim = checkHeaders(request, core.world, core.now, service);
    if (claim.hashSigned) await checkSignature(claim, request);
    const body = await readBody(req, service, bodyLimit(service, target), target.operation);
    exchange.bodyRead = true;
    // After the body: it must be the body that was signed.
    checkPayload(claim, body);
    if (!claim.hashSigned) await checkSignature(claim, request, body);
    exchange.record.principalArn = claim.caller.principalArn;
    if (SERVICES[service].protocol === 'query') {
      target = findAction(service, body);
      exchange.record.operation = target.operation;
    }
    if (await applyFault(core, exchange, service)) return;
    await exchange.reply(await dispatch(core, exchange, service, target, claim, req.headers, body));
  } catch (error) {
    await answerError(core, exchange, error);
  } finally {
    core.streams.delete(exchange.controller);
  }
}

/**
 * The request body, refused with 413 as soon as it is known to exceed `max`: from its
 * `Content-Length` before a byte is read, or while reading (chunked), so no caller can make the
 * emulator buffer more than the operation takes.
 */
async function readBody(
  req: IncomingMessage,
  service: ServiceName,
  max: number,
  operation: string,
): Promise<Uint8Array> {
  // Assumed wording and code (no AWS sample): the service's validation error, with status 413.
  const tooLarge = () =>
    new EmulatorHttpError(
      413,
      SERVICES[service].validationCode,
      `The request body is larger than ${operation} accepts (${max} bytes).`,
    );
  const declared = Number(header(req.headers, 'content-length') ?? '0');
  if (declared > max) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > max) throw tooLarge();
    chunks.push(buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** The largest body a request may carry: its row's; for an AWS Query service, its largest row's. */
function bodyLimit(service: ServiceName, target: Target): number {
  if (SERVICES[service].protocol === 'query') return ROUTE_TABLE.maxQueryBody(service);
  return target.route?.maxBodyBytes ?? UNMATCHED_BODY_LIMIT;
}

/**
 * The service a request is for: the signing name of its credential scope; an unsigned request is
 * STS's when it is a form POST to `/` (the AWS Query shape), AgentCore's otherwise.
 */
function signingServiceOf(headers: IncomingHttpHeaders, exchange: Exchange): ServiceName {
  const scope = claimedScope(headers);
  // A scope naming a service the emulator does not serve is answered as AgentCore (the scope check
  // then refuses it in AgentCore's words).
  if (scope !== undefined) return isServiceName(scope.service) ? scope.service : 'bedrock-agentcore';
  const formPost =
    exchange.method === 'POST' &&
    exchange.rawPath === '/' &&
    (header(headers, 'content-type') ?? '').includes('x-www-form-urlencoded');
  return formPost ? 'sts' : 'bedrock-agentcore';
}

/** The REST-JSON row a request matches by method and path; an AWS Query request's row waits for its body. */
function findRoute(service: ServiceName, exchange: Exchange): Target {
  if (SERVICES[service].protocol === 'query')
    return { operation: 'Unknown', route: undefined, params: new Map() };
  const match = ROUTE_TABLE.matchPath(service, exchange.method, exchange.rawPath);
  return {
    operation: match?.route.operation ?? 'Unknown',
    route: match?.route,
    params: match?.params ?? new Map(),
  };
}

/** The AWS Query row a form body names in `Action`. */
function findAction(service: ServiceName, body: Uint8Array): Target {
  const form = parseForm(body);
  const action = form.get('Action');
  const route = action === undefined ? undefined : ROUTE_TABLE.matchAction(service, action);
  return { operation: action ?? 'Unknown', route, params: form };
}

/** Applies the fault rules; true when the fault answered (or cut) the request. */
async function applyFault(core: EmulatorCore, exchange: Exchange, service: ServiceName): Promise<boolean> {
  const fault = core.faults.decide(exchange.record.operation);
  if (fault === undefined) return false;
  exchange.record.fault = fault.kind;
  if (fault.kind === 'latency') await delay(fault.latencyMs, undefined, { signal: core.lifetime });
  if (fault.kind === 'drop-before') {
    exchange.destroy();
    return true;
  }
  if (fault.kind === 'drop-after') exchange.dropAnswer = true;
  const refused = faultError(fault, service, exchange.record.operation);
  if (refused === undefined) return false;
  await exchange.reply(SERVICES[service].errorResponse(refused, exchange.requestId));
  return true;
}

/** The error a throttle or 5xx fault answers instead of running the operation. @internal */
export function faultError(
  fault: FaultDecision,
  service: ServiceName,
  operation: string,
): ServiceError | undefined {
  const spec = SERVICES[service];
  if (fault.kind === 'throttle') {
    const [status, code] = spec.throttle(operation);
    return { status, code, message: 'Rate exceeded' };
  }
  if (fault.kind === '5xx') {
    return {
      status: fault.status,
      code: spec.serverError(fault.status),
      message: 'An internal error occurred. Try again.',
      faultType: 'Receiver',
    };
  }
  return undefined;
}

/** Runs the row's handler for the caller whose signature checked out. */
async function dispatch(
  core: EmulatorCore,
  exchange: Exchange,
  service: ServiceName,
  target: Target,
  claim: SignatureClaim,
  headers: IncomingHttpHeaders,
  body: Uint8Array,
): Promise<StreamingResponse> {
  const spec = SERVICES[service];
  if (spec.protocol === 'query') {
    const version = target.params.get('Version');
    if (version !== spec.version) throw invalidAction(target.params.get('Action'), version);
    if (target.route === undefined) throw invalidAction(target.params.get('Action'), version);
  } else if (target.route === undefined) {
    throw new EmulatorHttpError(
      404,
      'UnknownOperationException',
      `No operation matches ${exchange.method} ${exchange.rawPath}.`,
    );
  }
  const ctx = routeContext(core, {
    ...claim,
    record: exchange.record,
    method: exchange.method,
    rawPath: exchange.rawPath,
    rawQuery: exchange.rawQuery,
    headers,
    body,
    signal: exchange.controller.signal,
  });
  return (target.route as Route).handler(ctx, target.params);
}

/** One authenticated request, as a route's context is built from it. @internal */
export interface AuthenticatedRequest {
  caller: Caller;
  /** The region the request was signed for. */
  region: string;
  record: RecordedRequest;
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
  signal: AbortSignal;
}

/** The context a route handler (or WebSocket upgrade) runs with. @internal */
export function routeContext(core: EmulatorCore, request: AuthenticatedRequest): RouteContext {
  const { record, caller, region } = request;
  const outcomes: AccessOutcome[] = [];
  return {
    world: core.world,
    emulator: core,
    caller,
    now: core.now(),
    requestId: record.requestId,
    region,
    method: request.method,
    rawPath: request.rawPath,
    query: new URLSearchParams(request.rawQuery),
    headers: request.headers,
    body: request.body,
    endpoint: core.endpoint,
    authorize: (check: AccessCheck) => {
      try {
        authorize(core.world, caller, check, { now: core.now(), region, outcomes });
      } finally {
        noteDecision(record, outcomes);
      }
    },
    note(decision, resourceArn) {
      record.decision = decision;
      if (resourceArn !== undefined) record.resourceArn = resourceArn;
    },
    signal: request.signal,
  };
}

function noteDecision(record: RecordedRequest, outcomes: readonly AccessOutcome[]): void {
  const denied = outcomes.find((o) => o.decision !== 'allow');
  const last = denied ?? outcomes[outcomes.length - 1];
  if (last === undefined) return;
  record.decision = last.decision;
  record.resourceArn = last.resourceArn;
}

/** Answers an error thrown by any step in the service's shape (or cuts the connection). */
async function answerError(core: EmulatorCore, exchange: Exchange, error: unknown): Promise<void> {
  if (exchange.committed) {
    exchange.destroy();
    return;
  }
  const spec = SERVICES[exchange.record.service];
  let answer = serviceErrorOf(error, spec);
  if (answer === undefined) {
    if (core.lifetime.aborted) {
      exchange.destroy();
      return;
    }
    answer = {
      status: 500,
      code: spec.serverError(500),
      message: 'The emulator failed to handle the request.',
      faultType: 'Receiver',
    };
  }
  await exchange.reply(spec.errorResponse(answer, exchange.requestId));
}

/** The answer to an authentication failure or an emulator error; `undefined` for anything else. @internal */
export function serviceErrorOf(
  error: unknown,
  spec: (typeof SERVICES)[ServiceName],
): ServiceError | undefined {
  if (error instanceof AuthFailure) {
    const [status, code] = spec.authErrors[error.reason];
    return { status, code, message: error.message };
  }
  if (error instanceof EmulatorHttpError) {
    return {
      status: error.status,
      code: error.type,
      message: error.message,
      fields: error.fields,
      faultType: error.faultType,
    };
  }
  return undefined;
}

async function writeResponse(
  res: ServerResponse,
  response: StreamingResponse,
  requestId: string,
  record: RecordedRequest,
  signal: AbortSignal,
): Promise<void> {
  record.status = response.status;
  const errorType = response.headers?.['x-amzn-ErrorType'];
  if (errorType !== undefined) record.errorType = errorType;
  else if (response.status >= 400 && typeof response.body === 'string') {
    const code = /<Code>([^<]*)<\/Code>/.exec(response.body)?.[1];
    if (code !== undefined) record.errorType = code;
  }
  const headers: Record<string, string> = { ...response.headers, 'x-amzn-RequestId': requestId };
  if (response.stream !== undefined) {
    res.writeHead(response.status, headers);
    // Send the headers now: a streaming agent may take a while before its first event.
    res.flushHeaders();
    for await (const chunk of response.stream) {
      if (signal.aborted || res.destroyed) break;
      res.write(chunk);
    }
    res.end();
    return;
  }
  const payload =
    response.body === undefined
      ? ''
      : typeof response.body === 'string' || response.body instanceof Uint8Array
        ? response.body
        : JSON.stringify(response.body);
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}
