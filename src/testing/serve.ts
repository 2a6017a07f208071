/**
 * The life of one request in the emulator, step by step: open the exchange (request id, record),
 * read the body, find the signing service and the route-table row, apply a fault, authenticate,
 * dispatch to the row's handler, and answer (or answer the error in the service's shape).
 * @module
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { REGION } from '../arn/patterns.js';
import { type AccessCheck, type AccessOutcome, authorize } from './access.js';
import type { FaultDecision, FaultInjector } from './faults.js';
import { EmulatorHttpError } from './http-error.js';
import { invalidAction, parseForm } from './query-protocol.js';
import { type EmulatorState, header, type RouteContext, type StreamingResponse } from './responses.js';
import type { Route, RouteParams } from './route-table.js';
import { ROUTE_TABLE } from './routes.js';
import type { RecordedRequest } from './server.js';
import { SERVICES, type ServiceError, type ServiceName } from './services.js';
import { AuthFailure, claimedScope, type SignedRequest, type Verified, verifySignature } from './sigv4.js';
import { requestId as newRequestId } from './world.js';

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

const MAX_BODY = 100 * 1024 * 1024 + 1024;

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
    await writeResponse(this.#res, response, this.requestId, this.record, this.controller.signal);
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

/** Serves one HTTP request. @internal */
export async function serve(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const exchange = new Exchange(core, req, res);
  try {
    const body = await readBody(req, MAX_BODY);
    const service = signingServiceOf(req.headers, exchange);
    exchange.record.service = service;
    const target = findTarget(service, exchange, body);
    exchange.record.operation = target.operation;
    if (await applyFault(core, exchange, service)) return;
    const verified = await authenticate(core, service, {
      method: exchange.method,
      rawPath: exchange.rawPath,
      rawQuery: exchange.rawQuery,
      headers: req.headers,
      body,
    });
    if (!('caller' in verified)) {
      return await exchange.reply(SERVICES[service].errorResponse(verified, exchange.requestId));
    }
    exchange.record.principalArn = verified.caller.principalArn;
    await exchange.reply(await dispatch(core, exchange, service, target, verified, req.headers, body));
  } catch (error) {
    await answerError(core, exchange, error);
  } finally {
    core.streams.delete(exchange.controller);
  }
}

async function readBody(req: IncomingMessage, max: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > max) throw new EmulatorHttpError(413, 'ValidationException', 'The request body is too large.');
    chunks.push(buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The service a request is for: the signing name of its credential scope; an unsigned request is
 * STS's when it is a form POST to `/` (the AWS Query shape), AgentCore's otherwise.
 */
function signingServiceOf(headers: IncomingHttpHeaders, exchange: Exchange): ServiceName {
  const scope = claimedScope(headers);
  if (scope !== undefined) return scope.service === 'sts' ? 'sts' : 'bedrock-agentcore';
  const formPost =
    exchange.method === 'POST' &&
    exchange.rawPath === '/' &&
    (header(headers, 'content-type') ?? '').includes('x-www-form-urlencoded');
  return formPost ? 'sts' : 'bedrock-agentcore';
}

/** The row a request matches: by method and path (REST-JSON), or by `Action` (AWS Query). */
function findTarget(service: ServiceName, exchange: Exchange, body: Uint8Array): Target {
  if (SERVICES[service].protocol === 'query') {
    const form = parseForm(body);
    const action = form.get('Action');
    const route = action === undefined ? undefined : ROUTE_TABLE.matchAction(service, action);
    return { operation: action ?? 'Unknown', route, params: form };
  }
  const match = ROUTE_TABLE.matchPath(service, exchange.method, exchange.rawPath);
  return {
    operation: match?.route.operation ?? 'Unknown',
    route: match?.route,
    params: match?.params ?? new Map(),
  };
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

/** The error a throttle or 5xx fault answers instead of running the operation. */
function faultError(fault: FaultDecision, service: ServiceName, operation: string): ServiceError | undefined {
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

/** Verifies the signature and its scope; on failure, the error to answer. */
async function authenticate(
  core: EmulatorCore,
  service: ServiceName,
  request: SignedRequest,
): Promise<Verified | ServiceError> {
  const { authErrors } = SERVICES[service];
  let verified: Verified;
  try {
    verified = await verifySignature(request, core.world, core.now);
  } catch (error) {
    if (!(error instanceof AuthFailure)) throw error;
    const [status, code] = authErrors[error.reason];
    return { status, code, message: error.message };
  }
  const problem = scopeMismatch(service, verified.service, verified.region);
  if (problem === undefined) return verified;
  const [status, code] = authErrors.scope;
  return { status, code, message: problem };
}

/**
 * AWS's complaint when a signature's credential scope names the wrong service or no region (the
 * signature itself may be valid). Any region is accepted: the signing region plays the part of
 * the regional endpoint the request was sent to.
 */
function scopeMismatch(service: ServiceName, signedFor: string, region: string): string | undefined {
  if (signedFor !== service) return `Credential should be scoped to correct service: '${service}'. `;
  if (!REGION.test(region)) return `Credential should be scoped to a valid region. `;
  return undefined;
}

/** Runs the row's handler for the verified caller. */
async function dispatch(
  core: EmulatorCore,
  exchange: Exchange,
  service: ServiceName,
  target: Target,
  verified: Verified,
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
  const { record } = exchange;
  const { caller, region } = verified;
  const outcomes: AccessOutcome[] = [];
  const ctx: RouteContext = {
    world: core.world,
    emulator: core,
    caller,
    now: core.now(),
    requestId: exchange.requestId,
    region,
    method: exchange.method,
    rawPath: exchange.rawPath,
    query: new URLSearchParams(exchange.rawQuery),
    headers,
    body,
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
    signal: exchange.controller.signal,
  };
  return (target.route as Route).handler(ctx, target.params);
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
  let answer: ServiceError;
  if (error instanceof EmulatorHttpError) {
    answer = {
      status: error.status,
      code: error.type,
      message: error.message,
      fields: error.fields,
      faultType: error.faultType,
    };
  } else if (core.lifetime.aborted) {
    exchange.destroy();
    return;
  } else {
    answer = {
      status: 500,
      code: spec.serverError(500),
      message: 'The emulator failed to handle the request.',
      faultType: 'Receiver',
    };
  }
  await exchange.reply(spec.errorResponse(answer, exchange.requestId));
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
