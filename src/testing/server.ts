/**
 * The local AgentCore emulator: one node:http server on 127.0.0.1 that serves the AgentCore data
 * plane, the control-plane resource-policy API and STS to unmodified AWS SDK v3 clients.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { REGION } from '../arn/patterns.js';
import { ValidationError } from '../errors.js';
import type { Decision } from '../policy/evaluate/types.js';
import type { PolicyDocument } from '../policy/types.js';
import { type AccessCheck, type AccessOutcome, authorize } from './access.js';
import {
  checkPolicy,
  handlePolicy,
  MemoryControlPlane,
  matchMemoryControlRoute,
  matchPolicyRoute,
} from './control-plane.js';
import { type FaultDecision, FaultInjector, type FaultKind, type FaultRule } from './faults.js';
import { EmulatorHttpError } from './http-error.js';
import {
  handleMemoryRequest,
  type MemorySpec,
  MemoryStore,
  type MemoryStoreOptions,
  memoryOperationOf,
} from './memory/index.js';
import { header, type RouteContext, type StreamingResponse } from './responses.js';
import { handleRuntime, matchRuntimeRoute } from './runtime.js';
import { AuthFailure, claimedScope, type Verified, verifySignature } from './sigv4.js';
import { handleSts, StsError, stsActionOf, stsErrorXml } from './sts.js';
import {
  type AccountSpec,
  type Caller,
  type EmulatorCredentials,
  requestId as newRequestId,
  type RuntimeSpec,
  SEED_ACCOUNT_A,
  SEED_REGION,
  seedAccounts,
  seedRuntimes,
  World,
} from './world.js';

/**
 * Options of {@link startLocalAgentCore}; every one has the seed's default.
 *
 * @example
 * ```ts
 * const options: LocalAgentCoreOptions = {
 *   faults: [{ operation: 'InvokeAgentRuntime', kind: 'throttle', rate: 0.1 }],
 *   seed: 42,
 * };
 * const emulator = await startLocalAgentCore(options);
 * ```
 */
export interface LocalAgentCoreOptions {
  /** Accounts and their roles/users. Default: the seed's Account A (admin) and Account B (the-caller-role). */
  accounts?: readonly AccountSpec[];
  /** Agent runtimes. Default: the seed's runtime plus one per built-in agent (see {@link startLocalAgentCore}). */
  runtimes?: readonly RuntimeSpec[];
  /** Memories. Default: `shared_memory-abcdefghij` in Account A. */
  memories?: readonly MemorySpec[];
  /** Fault rules, tried in order for each request. Default: none. */
  faults?: readonly FaultRule[];
  /** Seed of the generator behind fault rates, for reproducible runs. Default 1. */
  seed?: number;
  /** The region `clientConfig` returns and default runtimes live in. Default `eu-west-1`. */
  region?: string;
  /** The clock (epoch ms) for session expiry and the memory store. Default `Date.now`. */
  now?: () => number;
  /** Tuning of the memory data plane (CreateEvent pacing…); its clock defaults to `now`. */
  memory?: MemoryStoreOptions;
  /** How many requests `requests` keeps (the oldest go first). Default 10,000. */
  maxRecordedRequests?: number;
  /** Resource policies attached from the start, by ARN (checked as PutResourcePolicy checks them). */
  resourcePolicies?: Readonly<Record<string, PolicyDocument>>;
}

/**
 * One request as the emulator saw it. Never holds a secret: no header, key, token or body.
 *
 * @example
 * ```ts
 * const denied = emulator.requests.filter((r) => r.decision === 'implicit-deny');
 * console.log(denied.map((r) => `${r.operation} ${r.principalArn} ${r.resourceArn}`));
 * ```
 */
export interface RecordedRequest {
  /** The `x-amzn-RequestId` answered. */
  requestId: string;
  /** Epoch ms (emulator clock) when the request arrived. */
  time: number;
  method: string;
  /** Path without the query, as on the wire. */
  path: string;
  service: 'bedrock-agentcore' | 'sts';
  /** `InvokeAgentRuntime`, `AssumeRole`, `CreateEvent`…; `Unknown` for an unmatched route. */
  operation: string;
  /** The verified caller, when the signature checked out. */
  principalArn?: string;
  /** The resource the last authorization named. */
  resourceArn?: string;
  /** The authorization decision (the first denial, or `allow` when every check allowed). */
  decision?: Decision;
  /** HTTP status answered; 0 when the connection was dropped. */
  status: number;
  /** `x-amzn-ErrorType` (or STS error code) of an error answer. */
  errorType?: string;
  /** The injected fault, if any. */
  fault?: Exclude<FaultKind, 'drop'>;
}

/**
 * Client configuration for the AWS SDK v3 clients (data plane, control plane, STS).
 *
 * @example
 * ```ts
 * const config: EmulatorClientConfig = emulator.clientConfig('arn:aws:iam::222222222222:role/the-caller-role');
 * const sts = new STSClient(config);
 * ```
 */
export interface EmulatorClientConfig {
  endpoint: string;
  region: string;
  credentials: EmulatorCredentials;
}

/**
 * A running emulator.
 *
 * @example
 * ```ts
 * const emulator: LocalAgentCore = await startLocalAgentCore();
 * emulator.setIdentityPolicy('arn:aws:iam::222222222222:role/the-caller-role', callerPolicy);
 * const client = new BedrockAgentCoreClient(emulator.clientConfig('arn:aws:iam::222222222222:role/the-caller-role'));
 * // … exercise your cross-account code …
 * await emulator.stop();
 * ```
 */
export interface LocalAgentCore {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly region: string;
  /** The permanent access key of a declared role or user (random per instance). */
  credentialsFor(principalArn: string): EmulatorCredentials;
  /** `{ endpoint, region, credentials }` for BedrockAgentCoreClient, BedrockAgentCoreControlClient and STSClient. */
  clientConfig(principalArn: string): EmulatorClientConfig;
  /** Replaces the identity policies of a role or user, declaring it if new; `undefined` removes them. */
  setIdentityPolicy(
    principalArn: string,
    document: PolicyDocument | readonly PolicyDocument[] | undefined,
  ): void;
  /** Replaces the trust policy of a role, declaring it if new. */
  setTrustPolicy(roleArn: string, document: PolicyDocument | undefined): void;
  /** Replaces the fault rules (scripts start over). */
  setFaults(rules: readonly FaultRule[]): void;
  /** The requests served, oldest first (live view; the last `maxRecordedRequests`). */
  readonly requests: readonly RecordedRequest[];
  /** The memory data plane's store, for assertions (`memory.counts(arn)`). */
  readonly memory: MemoryStore;
  /** Closes the server, every connection and stream; resolves when nothing is left open. */
  stop(): Promise<void>;
}

const MAX_BODY = 100 * 1024 * 1024 + 1024;

function seedMemories(region: string): MemorySpec[] {
  return [{ memoryId: 'shared_memory-abcdefghij', accountId: SEED_ACCOUNT_A, region }];
}

/** Lower-cased request path and query, split. */
function splitUrl(url: string | undefined): { rawPath: string; rawQuery: string } {
  const value = url ?? '/';
  const q = value.indexOf('?');
  return q < 0
    ? { rawPath: value, rawQuery: '' }
    : { rawPath: value.slice(0, q), rawQuery: value.slice(q + 1) };
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY)
      throw new EmulatorHttpError(413, 'ValidationException', 'The request body is too large.');
    chunks.push(buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

type Service = 'bedrock-agentcore' | 'sts';

/** The answer a throttle or 5xx fault gives instead of running the operation. */
function faultResponse(
  fault: FaultDecision,
  service: Service,
  operation: string,
  requestId: string,
): StreamingResponse | undefined {
  if (fault.kind === 'throttle') {
    // STS answers throttling as a 400 with code Throttling; the REST-JSON services as a 429.
    const status = service === 'sts' ? 400 : 429;
    return errorResponse(service, status, throttleType(service, operation), 'Rate exceeded', requestId);
  }
  if (fault.kind === '5xx') {
    const names = SERVER_ERRORS[fault.status] ?? { rest: 'InternalServerException', sts: 'InternalFailure' };
    const type = service === 'sts' ? names.sts : names.rest;
    return errorResponse(
      service,
      fault.status,
      type,
      'An internal error occurred. Try again.',
      requestId,
      'Receiver',
    );
  }
  return undefined;
}

function throttleType(service: Service, operation: string): string {
  if (service === 'sts') return 'Throttling';
  // FACTS.md: the memory data plane's CreateEvent quota answers ThrottledException.
  return operation === 'CreateEvent' ? 'ThrottledException' : 'ThrottlingException';
}

const SERVER_ERRORS: Record<number, { rest: string; sts: string }> = {
  500: { rest: 'InternalServerException', sts: 'InternalFailure' },
  502: { rest: 'BadGatewayException', sts: 'InternalFailure' },
  503: { rest: 'ServiceUnavailableException', sts: 'ServiceUnavailable' },
  504: { rest: 'GatewayTimeoutException', sts: 'InternalFailure' },
};

const AUTH_ERRORS: Record<AuthFailure['reason'], { rest: [number, string]; sts: [number, string] }> = {
  missing: { rest: [403, 'MissingAuthenticationTokenException'], sts: [403, 'MissingAuthenticationToken'] },
  malformed: { rest: [403, 'IncompleteSignatureException'], sts: [400, 'IncompleteSignature'] },
  'unknown-key': { rest: [403, 'UnrecognizedClientException'], sts: [403, 'InvalidClientTokenId'] },
  'invalid-token': { rest: [403, 'UnrecognizedClientException'], sts: [403, 'InvalidClientTokenId'] },
  expired: { rest: [403, 'ExpiredTokenException'], sts: [400, 'ExpiredToken'] },
  signature: { rest: [403, 'InvalidSignatureException'], sts: [403, 'SignatureDoesNotMatch'] },
  skew: { rest: [403, 'InvalidSignatureException'], sts: [403, 'SignatureDoesNotMatch'] },
  scope: { rest: [403, 'InvalidSignatureException'], sts: [403, 'SignatureDoesNotMatch'] },
};

/**
 * Starts a local AgentCore emulator on 127.0.0.1 (an ephemeral port) that the unmodified AWS SDK
 * v3 clients talk to through `endpoint` overrides: the AgentCore data plane (InvokeAgentRuntime,
 * GetAgentCard, StopRuntimeSession, memory), the control-plane resource-policy API
 * (Put/Get/DeleteResourcePolicy, CreateMemory, GetMemory) and STS (AssumeRole, GetCallerIdentity). Every request's SigV4
 * signature is recomputed and its access key mapped to a principal; every call is authorized
 * through `explainAccess` and denied in AWS's words. Several instances can run at once.
 *
 * Called with no options it starts the seed's world:
 * - Account A `111111111111` (region `eu-west-1`): role `arn:aws:iam::111111111111:role/admin`
 *   allowed everything (identity policy `Action: *, Resource: *`; trusted by Account A);
 *   runtimes, each with endpoint `DEFAULT`:
 *   - `agent-abcdefghij`: JSON echo (`{"echo": <payload>, "sessionId": …}`);
 *   - `agent_sse_py-abcdefghij`: SSE in the Python framing (`data: {"text": word}` per word of
 *     `prompt`; `{"error", "error_type"}` as a data event mid-stream when the payload has `failAfter: n`);
 *   - `agent_sse_ts-abcdefghij`: SSE in the TypeScript framing (`retry:`, `id:`, `event: message`,
 *     `: heartbeat` comments, a multi-line `data:` summary event, `event: done`; `event: error`
 *     mid-stream with `failAfter: n`);
 *   - `agent_strict-abcdefghij`: like the TypeScript one but answers 406 without
 *     `Accept: text/event-stream`;
 *   and memory `shared_memory-abcdefghij`.
 * - Account B `222222222222`: role `arn:aws:iam::222222222222:role/the-caller-role`, no policies
 *   (trusted by Account B).
 * - No resource policies.
 *
 * Each of `accounts`, `runtimes` and `memories` replaces its default when given. Access keys are
 * random per instance and never logged; `requests` records what happened without any secret.
 * A declared role's own key signs as the role ARN itself; AssumeRole mints sessions
 * (`arn:aws:sts::…:assumed-role/…`) that expire on the `now` clock.
 *
 * Faults (`faults`, `setFaults`) answer 429 throttling, 5xx, add latency or drop the connection,
 * by rate (seeded by `seed`) or by script, per operation; see {@link FaultRule}.
 *
 * @example
 * ```ts
 * import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
 * import { startLocalAgentCore } from 'agentcore-xacct/testing';
 *
 * const emulator = await startLocalAgentCore();
 * const admin = new BedrockAgentCoreClient(emulator.clientConfig('arn:aws:iam::111111111111:role/admin'));
 * const res = await admin.send(new InvokeAgentRuntimeCommand({
 *   agentRuntimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
 *   payload: JSON.stringify({ prompt: 'hello' }),
 * }));
 * console.log(await res.response?.transformToString());
 * await emulator.stop();
 * ```
 */
export async function startLocalAgentCore(options: LocalAgentCoreOptions = {}): Promise<LocalAgentCore> {
  const region = options.region ?? SEED_REGION;
  if (!REGION.test(region)) {
    throw new ValidationError(
      'region',
      `"${region}" is not a region`,
      'Use a region code such as eu-west-1.',
    );
  }
  const now = options.now ?? Date.now;
  const world = new World(region, options.accounts ?? seedAccounts(), options.runtimes ?? seedRuntimes());
  const memory = new MemoryStore([...(options.memories ?? seedMemories(region))], { now, ...options.memory });
  const memoryArns = (): readonly string[] => memory.memoryArns();
  const memoryControl = new MemoryControlPlane(memory);
  const faults = new FaultInjector(options.faults, options.seed ?? 1);
  const requests: RecordedRequest[] = [];
  const maxRecorded = options.maxRecordedRequests ?? 10_000;
  const lifetime = new AbortController();
  const streams = new Set<AbortController>();
  let endpoint = '';

  for (const [arn, document] of Object.entries(options.resourcePolicies ?? {})) {
    attachInitialPolicy(world, memoryArns(), arn, document);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const { rawPath, rawQuery } = splitUrl(req.url);
    const method = req.method ?? 'GET';
    const record: RecordedRequest = {
      requestId,
      time: now(),
      method,
      path: rawPath,
      service: 'bedrock-agentcore',
      operation: 'Unknown',
      status: 0,
    };
    requests.push(record);
    if (requests.length > maxRecorded) requests.splice(0, requests.length - maxRecorded);
    const outcomes: AccessOutcome[] = [];
    const controller = new AbortController();
    streams.add(controller);
    res.on('close', () => {
      controller.abort();
      streams.delete(controller);
    });
    let dropAnswer = false;
    const reply = async (response: StreamingResponse): Promise<void> => {
      if (dropAnswer) {
        // drop-after: the operation ran (the write happened, the agent was invoked); only the
        // answer is lost, whatever it was.
        record.status = 0;
        res.socket?.destroy();
        return;
      }
      await writeResponse(res, response, requestId, record, controller.signal);
    };
    try {
      const body = await readBody(req);
      const scope = claimedScope(req.headers);
      const formPost =
        method === 'POST' &&
        rawPath === '/' &&
        (header(req.headers, 'content-type') ?? '').includes('x-www-form-urlencoded');
      const service =
        scope?.service === 'sts' || (scope === undefined && formPost) ? 'sts' : 'bedrock-agentcore';
      record.service = service;
      const runtimeRoute = service === 'bedrock-agentcore' ? matchRuntimeRoute(method, rawPath) : undefined;
      const policyRoute = service === 'bedrock-agentcore' ? matchPolicyRoute(method, rawPath) : undefined;
      const memoryControlRoute =
        service === 'bedrock-agentcore' ? matchMemoryControlRoute(method, rawPath) : undefined;
      record.operation =
        (service === 'sts'
          ? stsActionOf(body)
          : (runtimeRoute?.operation ??
            policyRoute?.operation ??
            memoryControlRoute?.operation ??
            memoryOperationOf(method, rawPath))) ?? 'Unknown';

      const fault = faults.decide(record.operation);
      if (fault !== undefined) {
        record.fault = fault.kind;
        if (fault.kind === 'latency') await delay(fault.latencyMs, undefined, { signal: lifetime.signal });
        if (fault.kind === 'drop-before') {
          res.socket?.destroy();
          return;
        }
        if (fault.kind === 'drop-after') dropAnswer = true;
        const refused = faultResponse(fault, service, record.operation, requestId);
        if (refused !== undefined) return await reply(refused);
      }

      const verified = await authenticate({ method, rawPath, rawQuery, headers: req.headers, body }, service);
      if (!('caller' in verified)) return await reply(errorResponse(service, ...verified, requestId));
      const { caller } = verified;
      record.principalArn = caller.principalArn;

      let response: StreamingResponse;
      if (service === 'sts') {
        response = runSts(world, caller, body, verified.region, now(), requestId, record);
      } else {
        const ctx: RouteContext = {
          world,
          caller,
          region: verified.region,
          method,
          rawPath,
          query: new URLSearchParams(rawQuery),
          headers: req.headers,
          body,
          endpoint,
          authorize: (check: AccessCheck) => {
            try {
              authorize(world, caller, check, { now: now(), region: verified.region, outcomes });
            } finally {
              noteDecision(record, outcomes);
            }
          },
          signal: controller.signal,
        };
        response = await route(ctx, runtimeRoute, policyRoute, memoryControlRoute);
      }
      await reply(response);
    } catch (error) {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      const service = record.service;
      if (error instanceof StsError) {
        await reply(errorResponse('sts', error.status, error.code, error.message, requestId, error.type));
      } else if (error instanceof EmulatorHttpError) {
        await reply(
          errorResponse(service, error.status, error.type, error.message, requestId, 'Sender', error.fields),
        );
      } else if (lifetime.signal.aborted) {
        res.destroy();
      } else {
        await reply(
          errorResponse(
            service,
            500,
            service === 'sts' ? 'InternalFailure' : 'InternalServerException',
            'The emulator failed to handle the request.',
            requestId,
            'Receiver',
          ),
        );
      }
    } finally {
      streams.delete(controller);
    }
  }

  /** Verifies the signature and its scope; on failure, the status, type and message to answer. */
  async function authenticate(
    request: Parameters<typeof verifySignature>[0],
    service: Service,
  ): Promise<Verified | [number, string, string]> {
    const protocol = service === 'sts' ? 'sts' : 'rest';
    let verified: Verified;
    try {
      verified = await verifySignature(request, world, now);
    } catch (error) {
      if (!(error instanceof AuthFailure)) throw error;
      return [...AUTH_ERRORS[error.reason][protocol], error.message];
    }
    const problem = scopeMismatch(service, verified.service, verified.region);
    return problem === undefined ? verified : [...AUTH_ERRORS.scope[protocol], problem];
  }

  async function route(
    ctx: RouteContext,
    runtimeRoute: ReturnType<typeof matchRuntimeRoute>,
    policyRoute: ReturnType<typeof matchPolicyRoute>,
    memoryControlRoute: ReturnType<typeof matchMemoryControlRoute>,
  ): Promise<StreamingResponse> {
    if (runtimeRoute !== undefined) return handleRuntime(ctx, runtimeRoute);
    if (policyRoute !== undefined) return handlePolicy(ctx, policyRoute, memoryArns());
    if (memoryControlRoute !== undefined) return memoryControl.handle(ctx, memoryControlRoute);
    const memoryResponse = await handleMemoryRequest(memory, {
      method: ctx.method,
      rawPath: ctx.rawPath,
      query: ctx.query,
      body: parseJsonBody(ctx.body),
      callerAccountId: ctx.caller.accountId,
      region: ctx.region,
      authorize: (action, resourceArn, context) =>
        ctx.authorize({ action, resourceArn, ...(context === undefined ? {} : { context }) }),
    });
    if (memoryResponse !== undefined) return memoryResponse;
    throw new EmulatorHttpError(
      404,
      'UnknownOperationException',
      `No operation matches ${ctx.method} ${ctx.rawPath}.`,
    );
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  // Keep-alive sockets must not hold the process (or stop()) open.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  endpoint = `http://127.0.0.1:${address.port}`;

  let stopping: Promise<void> | undefined;
  const emulator: LocalAgentCore = {
    endpoint,
    region,
    credentialsFor(principalArn) {
      const { accessKeyId, secretAccessKey } = world.principal(principalArn).credentials;
      return { accessKeyId, secretAccessKey };
    },
    clientConfig(principalArn) {
      return { endpoint, region, credentials: emulator.credentialsFor(principalArn) };
    },
    setIdentityPolicy(principalArn, document) {
      const record = world.addPrincipal(principalArn);
      record.identityPolicies =
        document === undefined ? [] : Array.isArray(document) ? [...document] : [document as PolicyDocument];
    },
    setTrustPolicy(roleArn, document) {
      world.addPrincipal(roleArn).trustPolicy = document;
    },
    setFaults(rules) {
      faults.set(rules);
    },
    requests,
    memory,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        lifetime.abort();
        for (const controller of streams) controller.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
  return emulator;
}

/**
 * AWS's complaint when a signature's credential scope names the wrong service or no region (the
 * signature itself may be valid). Any region is accepted: the signing region plays the part of
 * the regional endpoint the request was sent to.
 */
function scopeMismatch(service: Service, signedFor: string, region: string): string | undefined {
  if (signedFor !== service) return `Credential should be scoped to correct service: '${service}'. `;
  if (!REGION.test(region)) return `Credential should be scoped to a valid region. `;
  return undefined;
}

function noteDecision(record: RecordedRequest, outcomes: readonly AccessOutcome[]): void {
  const denied = outcomes.find((o) => o.decision !== 'allow');
  const last = denied ?? outcomes[outcomes.length - 1];
  if (last === undefined) return;
  record.decision = last.decision;
  record.resourceArn = last.resourceArn;
}

function runSts(
  world: World,
  caller: Caller,
  body: Uint8Array,
  region: string,
  now: number,
  requestId: string,
  record: RecordedRequest,
): StreamingResponse {
  const xml = handleSts(
    {
      world,
      caller,
      now,
      requestId,
      region,
      record(decision, resourceArn) {
        record.decision = decision;
        if (resourceArn !== undefined) record.resourceArn = resourceArn;
      },
    },
    body,
  );
  return { status: 200, headers: { 'Content-Type': 'text/xml' }, body: xml };
}

function parseJsonBody(body: Uint8Array): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return undefined;
  }
}

function errorResponse(
  service: Service,
  status: number,
  type: string,
  message: string,
  requestId: string,
  faultType: 'Sender' | 'Receiver' = 'Sender',
  fields: Readonly<Record<string, unknown>> = {},
): StreamingResponse {
  if (service === 'sts') {
    return {
      status,
      headers: { 'Content-Type': 'text/xml' },
      body: stsErrorXml(new StsError(status, type, message, faultType), requestId),
    };
  }
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': type },
    body: { ...fields, message },
  };
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

/** Attaches a resource policy given in the options, with PutResourcePolicy's checks. */
function attachInitialPolicy(
  world: World,
  memoryArns: readonly string[],
  arn: string,
  document: PolicyDocument,
): void {
  const text = JSON.stringify(document);
  try {
    if (!world.hasResource(arn, memoryArns)) {
      throw new ValidationError(
        'resourcePolicies',
        `No runtime, endpoint or memory ${arn}`,
        'Attach policies to resources the emulator hosts.',
      );
    }
    world.resourcePolicies.set(arn, { text, document: checkPolicy(arn, text) });
  } catch (error) {
    if (error instanceof EmulatorHttpError) {
      throw new ValidationError(
        'resourcePolicies',
        `AgentCore would refuse the policy for ${arn}: ${error.message}`,
        'Fix the document as the message says.',
      );
    }
    throw error;
  }
}
