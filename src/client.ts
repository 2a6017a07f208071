/**
 * `CrossAccountAgentClient`: code in Account B invokes an agent runtime in Account A with one
 * object, through a resource policy or an assumed role.
 *
 * Cold start: this module statically imports only the data-plane client. STS and the credential
 * providers are loaded with `import()` when an assume-role or profile client first needs
 * credentials; a resource-policy client never loads them.
 * @module
 */
import {
  BedrockAgentCoreClient,
  type BedrockAgentCoreClientConfig,
  GetAgentCardCommand,
  InvokeAgentRuntimeCommand,
  InvokeAgentRuntimeCommandCommand,
  type InvokeAgentRuntimeCommandStreamOutput,
  StopRuntimeSessionCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import { memoryArn } from './arn/format.js';
import { REGION } from './arn/patterns.js';
import type { StrategyContext } from './credentials/assume-role.js';
import type { SharedCredentials } from './credentials/cache.js';
import { log } from './credentials/redact.js';
import { sharedCredentialsFor } from './credentials/resolve.js';
import type { AccessMode, CredentialsInput, Logger, ResolvedCredentials } from './credentials/types.js';
import { validateAccess } from './credentials/validate.js';
import {
  type DeniedCall,
  type DiagnoseOptions,
  translateError,
  validateDiagnoseOptions,
} from './diagnose/access-denied.js';
import { AgentStreamError, shown, ValidationError } from './errors.js';
import { GatewayClient, type GatewayOptions, type GatewayTarget, resolveGateway } from './gateway/gateway.js';
import { openMcpSession } from './gateway/mcp.js';
import { httpRefusal, MAX_ERROR_BODY } from './http-refusal.js';
import {
  callControl,
  inputObject,
  isRecord,
  optionalRecord,
  optionalSignal,
  plain,
  record,
  sdkServiceOf,
  shallow,
} from './input.js';
import { CrossAccountMemory } from './memory/memory.js';
import type { MemoryHandleOptions } from './memory/types.js';
import { type RetryKind, type RetryOptions, withRetry } from './retry.js';
import { type CallScope, callScope, raceAbort } from './runtime/abort.js';
import { CommandExecution, type CommandInput, prepareCommand } from './runtime/command.js';
import { type InvokeInput, prepareInvocation, resolveTarget } from './runtime/invoke.js';
import { AgentResponse } from './runtime/response.js';
import {
  type AgentCard,
  AgentSession,
  type GetAgentCardInput,
  type SessionOptions,
  type StopSessionInput,
  type StopSessionResult,
} from './runtime/session.js';
import { newSessionId, validateSessionId } from './runtime/session-id.js';
import { AgentConnection, type ConnectInput, prepareConnect } from './runtime/websocket.js';
import { openSocket, presignedUrl } from './runtime/websocket-open.js';

/**
 * The options of {@link CrossAccountAgentClient} that do not depend on how it reaches the data plane.
 *
 * @example
 * ```ts
 * const common: CrossAccountAgentClientCommonOptions = { retry: { attempts: 4 }, logger: console };
 * ```
 */
export interface CrossAccountAgentClientCommonOptions {
  /**
   * Region of the data-plane endpoint; default: the region in each target ARN (one data-plane
   * client per region, created when first needed). Set it only to force one region.
   */
  region?: string;
  /** The retry policy; `false` for one attempt. Default: 3 attempts, invocations only when unsent. */
  retry?: RetryOptions | false;
  /** Where to report credential refreshes and retries (never secrets); default: nowhere. */
  logger?: Logger;
  /** Aborts every call of this client, in flight or future (e.g. on shutdown). */
  signal?: AbortSignal;
  /**
   * Policies (or a function fetching them, called on a denial only) that let an
   * AgentCoreAccessDeniedError prove its cause with `explainAccess` instead of ranking guesses.
   */
  diagnose?: DiagnoseOptions;
}

/**
 * The client creates its own `BedrockAgentCoreClient`s (one per region) from `clientConfig`.
 *
 * @example
 * ```ts
 * const options: CrossAccountAgentClientConfigOptions = {
 *   access: { mode: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/CrossAccountAgentInvoker' },
 *   clientConfig: { requestHandler: { requestTimeout: 30_000 } },
 * };
 * ```
 */
export interface CrossAccountAgentClientConfigOptions extends CrossAccountAgentClientCommonOptions {
  /** How to obtain credentials; default `{ mode: 'resource-policy' }` with the default chain. */
  access?: AccessMode;
  /**
   * Passed to every `BedrockAgentCoreClient` (endpoint, requestHandler, logger…). Its `region`
   * is ignored (see `region`); its `credentials` apply in resource-policy mode only;
   * `maxAttempts` is forced to 1 while `retry` is on, so the retries never multiply.
   */
  clientConfig?: BedrockAgentCoreClientConfig;
  /** Not with `clientConfig`: give one or the other. */
  client?: never;
}

/**
 * The client sends every call through a `BedrockAgentCoreClient` of yours, for instance one that
 * AWS Lambda Powertools' Tracer instruments (`tracer.captureAWSv3Client(…)`), with that client's
 * own region and credentials. It is used, never destroyed: `destroy()` leaves it open.
 *
 * - Every target must be in the client's region (a call elsewhere throws a `ValidationError`
 *   before anything is sent).
 * - With `retry` on (the default) the client must make one attempt (`maxAttempts: 1`), or the
 *   attempts would multiply and the SDK could send an invocation twice; a client that retries on
 *   its own is refused at the first call. Pass `retry: false` to keep the SDK's retries instead.
 * - The access mode is resource-policy: the client's credentials are the caller's.
 *
 * @example
 * ```ts
 * import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
 * import { Tracer } from '@aws-lambda-powertools/tracer';
 * const tracer = new Tracer();
 * const options: CrossAccountAgentClientExistingClientOptions = {
 *   client: tracer.captureAWSv3Client(new BedrockAgentCoreClient({ region: 'eu-west-1', maxAttempts: 1 })),
 * };
 * ```
 */
export interface CrossAccountAgentClientExistingClientOptions extends CrossAccountAgentClientCommonOptions {
  /** The data-plane client every call goes through. */
  client: BedrockAgentCoreClient;
  /** Not with `client`: configure the client itself. */
  clientConfig?: never;
  /** Only the default mode: the client's own credentials are the caller's. */
  access?: { mode: 'resource-policy'; credentials?: never };
}

/**
 * Options of {@link CrossAccountAgentClient}: `clientConfig` (the client creates its data-plane
 * clients) or `client` (an existing one), never both.
 *
 * @example
 * ```ts
 * const options: CrossAccountAgentClientOptions = {
 *   access: { mode: 'resource-policy' },
 *   retry: { attempts: 4 },
 *   logger: console,
 * };
 * ```
 */
export type CrossAccountAgentClientOptions =
  | CrossAccountAgentClientConfigOptions
  | CrossAccountAgentClientExistingClientOptions;

/** What `#start` needs of a prepared invocation or command. */
interface StreamedCall {
  region: string;
  runtimeArn: string;
  command: { qualifier?: string | undefined; runtimeUserId?: string | undefined };
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/** Per-call options of {@link CrossAccountAgentClient.call}. @internal */
export interface CallOptions {
  /** The operation name, for logs and errors: `ListEvents`. */
  operation: string;
  kind: RetryKind;
  region: string;
  /** The target, for AccessDenied errors. */
  resourceArn?: string;
  /** The runtime endpoint the call targets, for AccessDenied errors. */
  qualifier?: string;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/**
 * Invokes agent runtimes in another account (Account A) from this one (Account B), through a
 * resource policy on the runtime (the default) or an assumed role in Account A.
 *
 * - Assume-role (and profile) credentials are cached process-wide and shared by every client
 *   with the same role, session name and ExternalId: one STS call however many clients and
 *   concurrent requests, refreshed in the background before they expire.
 * - Session ids are generated valid (33–256 characters) and checked before any request.
 * - Throttling and connection refusals are retried with backoff and jitter; an invocation that
 *   may have reached the agent is not re-sent unless `retry.invoke` is `'always'`.
 * - Every AccessDenied becomes an `AgentCoreAccessDeniedError` with the SDK error as `cause`.
 *
 * Create it once (outside a Lambda handler) and reuse it.
 *
 * @example
 * ```ts
 * import { CrossAccountAgentClient } from 'agentcore-xacct';
 * const client = new CrossAccountAgentClient({
 *   access: { mode: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/CrossAccountAgentInvoker' },
 * });
 * const response = await client.invoke({
 *   runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
 *   payload: { prompt: 'Hello' },
 * });
 * for await (const event of response.events()) console.log(event.data);
 * ```
 */
export class CrossAccountAgentClient {
  /** The access mode in use. */
  readonly accessMode: AccessMode['mode'];
  readonly #access: AccessMode;
  readonly #region: string | undefined;
  readonly #clientConfig: BedrockAgentCoreClientConfig;
  readonly #retry: RetryOptions | false;
  readonly #logger: Logger | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #diagnose: DiagnoseOptions | undefined;
  readonly #clients = new Map<string, BedrockAgentCoreClient>();
  /** The caller's own client (the `client` option), and the regions already checked against it. */
  readonly #existing: { client: BedrockAgentCoreClient; checked: Set<string> } | undefined;
  #credentials: { value: CredentialsInput | undefined } | undefined;
  readonly #warned = new Set<string>();

  constructor(given: CrossAccountAgentClientOptions = {}) {
    // Read once, one level deep: the SDK's clientConfig and the logger are kept as given (the SDK
    // and the logger keep their own state); access, retry and diagnose are data, read whole.
    const options = record(
      shallow(given, 'options'),
      'options',
      'Pass { region?, access?, clientConfig? or client?, retry?, logger?, signal?, diagnose? }.',
    ) as CrossAccountAgentClientOptions;
    const access: AccessMode = plain(options.access, 'access') ?? { mode: 'resource-policy' };
    validateAccess(access);
    if (
      options.region !== undefined &&
      (typeof options.region !== 'string' || !REGION.test(options.region))
    ) {
      throw new ValidationError(
        'region',
        `${shown(options.region, 40)} is not a region`,
        'Use a region code such as eu-west-1, or omit it (each target ARN gives its region).',
      );
    }
    const clientConfig =
      optionalRecord(shallow(options.clientConfig, 'clientConfig'), 'clientConfig', CLIENT_CONFIG_FIX) ?? {};
    if (options.client !== undefined) validateExistingClient(options, access);
    const retry = plain(options.retry, 'retry');
    const diagnose = shallow(options.diagnose, 'diagnose', 2);
    const logger = optionalRecordOrObject(options.logger, 'logger');
    optionalSignal(options.signal, 'signal');
    if (access.mode !== 'resource-policy' && clientConfig.credentials !== undefined) {
      throw new ValidationError(
        'clientConfig.credentials',
        `clientConfig.credentials conflicts with access mode '${access.mode}', which supplies the credentials`,
        access.mode === 'assume-role'
          ? 'Move them to access.sourceCredentials (the credentials that call STS).'
          : 'Remove them: the profile supplies the credentials.',
      );
    }
    if (retry !== undefined && retry !== false) validateRetry(retry);
    validateDiagnoseOptions(diagnose, 'diagnose');
    this.accessMode = access.mode;
    this.#access = access;
    this.#region = options.region;
    this.#clientConfig = clientConfig as BedrockAgentCoreClientConfig;
    this.#retry = retry ?? {};
    this.#logger = logger;
    this.#signal = options.signal;
    this.#diagnose = diagnose;
    this.#existing =
      options.client === undefined ? undefined : { client: options.client, checked: new Set() };
  }

  /**
   * Invokes an agent runtime. Validates everything before the request (a session id is
   * generated when absent), sends it to the ARN's region, and returns as soon as the response
   * starts: read the body with `text()`, `json()`, `bytes()` or `events()`, or `cancel()` it.
   *
   * @throws {@link ValidationError} for invalid input (no request sent).
   * @throws {@link AgentCoreAccessDeniedError} when AWS (or STS) denies the call.
   * @throws the SDK's error for other failures, or the signal's reason (a `TimeoutError` for `timeoutMs`).
   *
   * @example
   * ```ts
   * const response = await client.invoke({
   *   runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
   *   payload: { prompt: 'Summarize our Q3 numbers' },
   *   userId: 'user-42',
   *   timeoutMs: 30_000,
   * });
   * console.log(response.sessionId, await response.json());
   * ```
   */
  async invoke(input: InvokeInput): Promise<AgentResponse> {
    const prepared = prepareInvocation(input);
    const command = new InvokeAgentRuntimeCommand(prepared.command);
    const { output, scope } = await this.#start('InvokeAgentRuntime', prepared, (client, signal) =>
      client.send(command, sendOptions(signal)),
    );
    // Never trust an output field to be present (house style): check, then use.
    const body: unknown = output.response;
    if (body === undefined || body === null) {
      scope.done();
      throw new AgentStreamError('InvokeAgentRuntime answered without a response body.');
    }
    const sessionId = this.#answeredSession(output.runtimeSessionId, prepared.sessionId);
    return new AgentResponse({
      sessionId,
      statusCode: output.statusCode ?? output.$metadata?.httpStatusCode ?? 200,
      contentType: output.contentType ?? '',
      ...definedStrings({
        traceId: output.traceId,
        traceParent: output.traceParent,
        traceState: output.traceState,
        baggage: output.baggage,
      }),
      body,
      signal: scope.signal,
      onDone: scope.done,
    });
  }

  /**
   * Runs a shell command in a runtime session's container (InvokeAgentRuntimeCommand, which
   * needs `bedrock-agentcore:InvokeAgentRuntimeCommand` on the runtime and its endpoint) and
   * returns as soon as the output starts: iterate the execution for its events (`start`,
   * `stdout`, `stderr`, `exit`) as they arrive, or await `result()`. Session ids follow
   * `invoke`'s rules (generated valid when absent, checked when given: pass an invocation's
   * `sessionId` to reach its container), and like an invocation a command is never sent twice
   * once it may have started: only a refusal at the front door (throttling, no connection) is
   * retried.
   *
   * @throws {@link ValidationError} for invalid input (no request sent).
   * @throws {@link AgentCoreAccessDeniedError} when AWS (or STS) denies the call.
   *
   * @example
   * ```ts
   * const execution = await client.command({
   *   runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
   *   command: 'cat /app/VERSION',
   *   sessionId: response.sessionId,
   * });
   * const { stdout, exitCode } = await execution.result();
   * ```
   */
  async command(input: CommandInput): Promise<CommandExecution> {
    const prepared = prepareCommand(input);
    const command = new InvokeAgentRuntimeCommandCommand(prepared.command);
    const region = this.#region ?? prepared.region;
    const { output, scope } = await this.#start('InvokeAgentRuntimeCommand', prepared, (client, signal) =>
      client.send(command, sendOptions(signal)),
    );
    const stream: unknown = output.stream;
    if (
      stream === undefined ||
      stream === null ||
      typeof stream !== 'object' ||
      !(Symbol.asyncIterator in stream)
    ) {
      scope.done();
      throw new AgentStreamError('InvokeAgentRuntimeCommand answered without an event stream.');
    }
    return new CommandExecution({
      sessionId: this.#answeredSession(output.runtimeSessionId, prepared.sessionId),
      statusCode: output.statusCode ?? output.$metadata?.httpStatusCode ?? 200,
      contentType: output.contentType ?? '',
      stream: stream as AsyncIterable<InvokeAgentRuntimeCommandStreamOutput>,
      failure: (error) =>
        this.#failure(error, scope.signal, {
          operation: 'InvokeAgentRuntimeCommand',
          resourceArn: prepared.runtimeArn,
          region,
          ...(prepared.command.qualifier === undefined ? {} : { qualifier: prepared.command.qualifier }),
        }),
      onDone: scope.done,
    });
  }

  /**
   * Opens a WebSocket session with a runtime (InvokeAgentRuntimeWithWebSocketStream, which needs
   * `bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStream` on the runtime and its endpoint,
   * and the `…ForUser` action too when `userId` is given), signed with SigV4 in the query string
   * (a presigned URL, valid `urlExpiresInSeconds`), with this client's credentials. Session ids
   * follow `invoke`'s rules. A refused upgrade is retried only when it provably never reached the
   * agent (throttled, no connection); a denial is an `AgentCoreAccessDeniedError`. Needs the
   * optional peer `ws` (`npm install ws`).
   *
   * @throws {@link ValidationError} for invalid input (no request sent).
   * @throws {@link MissingDependencyError} when `ws` is not installed.
   * @throws {@link AgentCoreAccessDeniedError} when AWS (or STS) denies the session.
   *
   * @example
   * ```ts
   * const connection = await client.connect({
   *   runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
   * });
   * await connection.send({ prompt: 'Hello' });
   * for await (const message of connection) console.log(message.data);
   * ```
   */
  async connect(input: ConnectInput): Promise<AgentConnection> {
    const prepared = prepareConnect(input);
    const operation =
      prepared.userId === undefined
        ? 'InvokeAgentRuntimeWithWebSocketStream'
        : 'InvokeAgentRuntimeWithWebSocketStreamForUser';
    const region = this.#region ?? prepared.region;
    const call = {
      region,
      runtimeArn: prepared.runtimeArn,
      command: { qualifier: prepared.qualifier, runtimeUserId: prepared.userId },
      signal: prepared.signal,
      timeoutMs: prepared.timeoutMs,
    };
    const { output: socket, scope } = await this.#start(operation, call, async (client, signal) => {
      const config = client.config;
      const endpoint =
        config.endpoint === undefined
          ? dataPlaneEndpoint(
              config.endpointProvider({ Region: region, UseFIPS: false, UseDualStack: false }).url,
            )
          : await config.endpoint();
      const credentials = await config.credentials();
      const url = await presignedUrl(prepared, endpoint, credentials, region);
      return openSocket(url, signal);
    });
    scope.done();
    return new AgentConnection(socket, {
      sessionId: prepared.sessionId,
      runtimeArn: prepared.runtimeArn,
      qualifier: prepared.qualifier,
    });
  }

  /**
   * An MCP client of an AgentCore gateway in another account (MCP over HTTPS, signed with SigV4
   * for `bedrock-agentcore`), built on the official MCP TypeScript SDK (the optional peer
   * `@modelcontextprotocol/sdk`, loaded on the first call). Calling its tools needs
   * `bedrock-agentcore:InvokeGateway`, allowed by the gateway's resource policy and the caller's
   * identity policy (or, assuming a role, by the role's). Nothing is sent until the first call.
   *
   * @param gatewayArnOrUrl The gateway ARN (its URL is then AWS's, or `options.url`), or its MCP URL.
   * @throws {@link ValidationError} for an ARN or URL that is not a gateway's.
   *
   * @example
   * ```ts
   * const gateway = client.gateway('arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij');
   * const result = await gateway.callTool('echo-target___echo', { text: 'hello' });
   * ```
   */
  gateway(gatewayArnOrUrl: string, options: GatewayOptions = {}): GatewayClient {
    const target = resolveGateway(gatewayArnOrUrl, options, this.#region);
    return new GatewayClient(target, {
      open: (at) =>
        openMcpSession(at, (attempt, signal) => this.#gatewayRequest(at, attempt, signal), at.mcp),
    });
  }

  /**
   * One HTTP request of a gateway's MCP session: signed with this client's credentials for the
   * gateway's region, retried only when it never reached the gateway (a tool call may have side
   * effects), its 403 an AgentCoreAccessDeniedError with the diagnosis.
   */
  #gatewayRequest(
    target: GatewayTarget,
    attempt: (credentials: ResolvedCredentials, signal: AbortSignal | undefined) => Promise<Response>,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    return this.call(
      async (client, abortSignal) => {
        const response = await attempt(await client.config.credentials(), abortSignal);
        if (response.status === 403 || response.status === 429 || response.status >= 500) {
          const text = (await response.text()).slice(0, MAX_ERROR_BODY);
          throw httpRefusal(response.status, (name) => response.headers.get(name), text);
        }
        return response;
      },
      {
        operation: 'InvokeGateway',
        kind: 'invoke',
        region: target.region,
        signal,
        ...(target.arn === undefined ? {} : { resourceArn: target.arn }),
      },
    );
  }

  /**
   * Sends the request that starts a streamed runtime call (an invocation, a command) with the
   * client's signals, timeout and retry policy for invocations (never re-sent once the agent may
   * have started), and translates a denial. The scope stays open until the stream is read.
   */
  async #start<T>(
    operation: string,
    prepared: StreamedCall,
    send: (client: BedrockAgentCoreClient, signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<{ output: T; scope: CallScope }> {
    const scope = callScope([this.#signal, prepared.signal], prepared.timeoutMs, operation);
    const region = this.#region ?? prepared.region;
    try {
      scope.signal?.throwIfAborted();
      const client = await this.#dataPlane(region);
      const output = await withRetry(() => raceAbort(send(client, scope.signal), scope.signal), {
        kind: 'invoke',
        operation,
        options: this.#retry,
        signal: scope.signal,
        logger: this.#logger,
      });
      scope.started();
      return { output, scope };
    } catch (error) {
      scope.done();
      throw await this.#failure(error, scope.signal, {
        operation,
        resourceArn: prepared.runtimeArn,
        region,
        userIdSent: prepared.command.runtimeUserId !== undefined,
        ...(prepared.command.qualifier === undefined ? {} : { qualifier: prepared.command.qualifier }),
      });
    }
  }

  /** The session id the runtime answered with (warning when it is not the one sent). */
  #answeredSession(answered: string | undefined, sent: string): string {
    const sessionId = nonEmpty(answered) ?? sent;
    if (sessionId !== sent) {
      log(
        this.#logger,
        'warn',
        'agentcore-xacct: the runtime answered with another session id than the one sent',
        {
          sent,
          received: sessionId,
        },
      );
    }
    return sessionId;
  }

  /**
   * A conversation with one runtime: every turn carries the same session id (a new valid one
   * unless `options.sessionId` continues an earlier conversation).
   *
   * @example
   * ```ts
   * const chat = client.session('arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij');
   * await (await chat.invoke({ prompt: 'Hi, I am Ada' })).text();
   * const again = await chat.invoke({ prompt: 'Who am I?' });
   * ```
   */
  session(runtimeArn: string, options: SessionOptions = {}): AgentSession {
    options = inputObject(options, 'Pass { qualifier?, sessionId?, userId? }.', 'options');
    const target = resolveTarget(runtimeArn, options.qualifier);
    if (options.sessionId !== undefined) validateSessionId(options.sessionId);
    const sessionOptions: SessionOptions = {};
    if (target.qualifier !== undefined) sessionOptions.qualifier = target.qualifier;
    if (options.userId !== undefined) sessionOptions.userId = options.userId;
    return new AgentSession(this, target.runtimeArn, options.sessionId ?? newSessionId(), sessionOptions);
  }

  /**
   * Fetches a runtime's A2A agent card (needs `bedrock-agentcore:GetAgentCard` on the runtime
   * and its endpoint). Retried on throttling and transient faults.
   *
   * @example
   * ```ts
   * const card = await client.getAgentCard({ runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij' });
   * console.log(card['name']);
   * ```
   */
  async getAgentCard(given: GetAgentCardInput): Promise<AgentCard> {
    const input = inputObject(given, 'Pass { runtimeArn, qualifier?, sessionId? }.');
    const control = callControl(input as unknown as Record<string, unknown>);
    const target = resolveTarget(input.runtimeArn, input.qualifier);
    if (input.sessionId !== undefined) validateSessionId(input.sessionId);
    const command = new GetAgentCardCommand({
      agentRuntimeArn: target.runtimeArn,
      ...(target.qualifier === undefined ? {} : { qualifier: target.qualifier }),
      ...(input.sessionId === undefined ? {} : { runtimeSessionId: input.sessionId }),
    });
    const output = await this.call((client, abortSignal) => client.send(command, sendOptions(abortSignal)), {
      operation: 'GetAgentCard',
      kind: 'idempotent',
      region: this.#region ?? target.region,
      resourceArn: target.runtimeArn,
      ...(target.qualifier === undefined ? {} : { qualifier: target.qualifier }),
      ...control,
    });
    let card: unknown = output.agentCard;
    if (typeof card === 'string') {
      try {
        card = JSON.parse(card);
      } catch {
        // Reported below as a missing card.
      }
    }
    if (typeof card !== 'object' || card === null || Array.isArray(card)) {
      throw new AgentStreamError('GetAgentCard answered without an agent card object.', {
        data: output.agentCard,
      });
    }
    return card as AgentCard;
  }

  /**
   * Stops a runtime session. One client token is reused across retries, so a retried stop is
   * idempotent.
   *
   * @example
   * ```ts
   * await client.stopSession({ runtimeArn, sessionId: response.sessionId });
   * ```
   */
  async stopSession(given: StopSessionInput): Promise<StopSessionResult> {
    const input = inputObject(given, 'Pass { runtimeArn, sessionId, qualifier? }.');
    const control = callControl(input as unknown as Record<string, unknown>);
    const target = resolveTarget(input.runtimeArn, input.qualifier);
    validateSessionId(input.sessionId);
    const command = new StopRuntimeSessionCommand({
      agentRuntimeArn: target.runtimeArn,
      runtimeSessionId: input.sessionId,
      clientToken: globalThis.crypto.randomUUID(),
      ...(target.qualifier === undefined ? {} : { qualifier: target.qualifier }),
    });
    const output = await this.call((client, abortSignal) => client.send(command, sendOptions(abortSignal)), {
      operation: 'StopRuntimeSession',
      kind: 'idempotent',
      region: this.#region ?? target.region,
      resourceArn: target.runtimeArn,
      ...(target.qualifier === undefined ? {} : { qualifier: target.qualifier }),
      ...control,
    });
    return {
      sessionId: output.runtimeSessionId ?? input.sessionId,
      statusCode: output.statusCode ?? output.$metadata?.httpStatusCode ?? 200,
    };
  }

  /**
   * A handle on one AgentCore Memory in another account. Every call sends the full memory ARN
   * as `memoryId` (a bare id resolved in the caller's own account would miss Account A's memory)
   * to the ARN's region, through this client's credentials, retries and AccessDenied translation.
   *
   * @param memoryArnOrId The full memory ARN, or a bare id with `options.accountId` (and
   * `options.region`, default this client's `region`).
   * @throws {@link InvalidArnError} with `findingCode: 'memory-id-not-arn'` for a bare id without
   * an owner account (no request is sent).
   *
   * @example
   * ```ts
   * const memory = client.memory('arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij');
   * await memory.recordTurns({ actorId: 'user-42', sessionId: 'session-1', turns: [{ role: 'USER', text: 'Hi' }] });
   * ```
   */
  memory(memoryArnOrId: string, options: MemoryHandleOptions = {}): CrossAccountMemory {
    options = inputObject(
      options,
      'Pass { accountId?, region?, partition?, createEventRate?, ingestDataRate?, batch? }.',
      'options',
    );
    const region = options.region ?? this.#region;
    const arn = memoryArn(memoryArnOrId, {
      ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
      // The client's forced region only completes a bare id; a full ARN keeps its own region.
      ...(region === undefined ||
      (options.region === undefined && typeof memoryArnOrId === 'string' && memoryArnOrId.startsWith('arn:'))
        ? {}
        : { region }),
      ...(options.partition === undefined ? {} : { partition: options.partition }),
    });
    return new CrossAccountMemory(this, arn, {
      ...(options.createEventRate === undefined ? {} : { createEventRate: options.createEventRate }),
      ...(options.ingestDataRate === undefined ? {} : { ingestDataRate: options.ingestDataRate }),
      ...(options.batch === undefined ? {} : { batch: options.batch }),
    });
  }

  /**
   * Runs one data-plane call with the client's retry policy, abort signals, timeout and
   * AccessDenied translation. The seam the memory handle builds on.
   * @internal
   */
  async call<T>(
    send: (client: BedrockAgentCoreClient, abortSignal: AbortSignal | undefined) => Promise<T>,
    options: CallOptions,
  ): Promise<T> {
    const scope = callScope([this.#signal, options.signal], options.timeoutMs, options.operation);
    try {
      scope.signal?.throwIfAborted();
      const client = await this.#dataPlane(options.region);
      return await withRetry(() => raceAbort(send(client, scope.signal), scope.signal), {
        kind: options.kind,
        operation: options.operation,
        options: this.#retry,
        signal: scope.signal,
        logger: this.#logger,
      });
    } catch (error) {
      throw await this.#failure(error, scope.signal, {
        operation: options.operation,
        region: options.region,
        ...(options.resourceArn === undefined ? {} : { resourceArn: options.resourceArn }),
        ...(options.qualifier === undefined ? {} : { qualifier: options.qualifier }),
      });
    } finally {
      scope.done();
    }
  }

  /**
   * The data-plane client of `region`, created on first use and kept for the life of this client.
   * @internal
   */
  clientFor(region: string): BedrockAgentCoreClient {
    let client = this.#clients.get(region);
    if (client !== undefined) return client;
    const config = this.#clientConfig;
    if (typeof config.region === 'string' && config.region !== region) {
      this.#warnOnce(
        `clientConfig.region ${config.region} is ignored: calls go to ${region}, the target ARN's region (set options.region to force one).`,
      );
    }
    const retryActive = this.#retry !== false;
    if (retryActive && config.maxAttempts !== undefined && config.maxAttempts !== 1) {
      this.#warnOnce('clientConfig.maxAttempts is ignored while retry is on (the SDK makes one attempt).');
    }
    const credentials = this.#resolveCredentials(region);
    client = new BedrockAgentCoreClient({
      ...config,
      region,
      ...(credentials === undefined ? {} : { credentials }),
      maxAttempts: retryActive ? 1 : (config.maxAttempts ?? 1),
      customUserAgent: config.customUserAgent ?? [['agentcore-xacct']],
    });
    this.#clients.set(region, client);
    return client;
  }

  /**
   * The data-plane client of `region`: the caller's own (checked once per region: right region,
   * no retries of its own while ours are on), or the one this client creates.
   */
  async #dataPlane(region: string): Promise<BedrockAgentCoreClient> {
    const existing = this.#existing;
    if (existing === undefined) return this.clientFor(region);
    if (!existing.checked.has(region)) {
      const config = existing.client.config;
      const own = await config.region();
      if (own !== region) {
        throw new ValidationError(
          'client',
          `the client sends to ${own}, and the target is in ${region}`,
          `Pass a client created with region: '${region}', or one CrossAccountAgentClient per region.`,
        );
      }
      const attempts = await config.maxAttempts();
      if (this.#retry !== false && attempts !== 1) {
        throw new ValidationError(
          'client',
          `the client makes up to ${attempts} attempts of its own while retry is on: the attempts would multiply, and the SDK could send an invocation twice`,
          'Create the client with maxAttempts: 1 (this client retries, never re-sending an invocation the agent may be running), or pass retry: false to keep the SDK retries.',
        );
      }
      existing.checked.add(region);
    }
    return existing.client;
  }

  /**
   * Closes the sockets of every data-plane client this client created (never a client passed as
   * the `client` option: its owner closes it). Shared credentials stay cached for other clients.
   *
   * @example
   * ```ts
   * client.destroy();
   * ```
   */
  destroy(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }

  #resolveCredentials(region: string): CredentialsInput | undefined {
    if (this.#credentials === undefined) {
      const access = this.#access;
      if (access.mode === 'resource-policy') {
        this.#credentials = { value: access.credentials ?? this.#clientConfig.credentials };
      } else {
        const context: StrategyContext = { region, retryActive: this.#retry !== false, logger: this.#logger };
        let shared: SharedCredentials | undefined;
        // The SDK providers behind the strategies load on the first request that needs
        // credentials. Marked memoized: the shared entry caches and refreshes for every client.
        const provider = async (): Promise<ResolvedCredentials> => {
          shared ??= sharedCredentialsFor(access, context);
          return shared.get();
        };
        this.#credentials = { value: Object.assign(provider, { memoized: true }) };
      }
    }
    return this.#credentials.value;
  }

  async #failure(error: unknown, signal: AbortSignal | undefined, call: DeniedCall): Promise<unknown> {
    // The SDK wraps an abort in its own AbortError; the caller wants the reason it gave.
    if (signal?.aborted) return signal.reason;
    if (
      !(error instanceof Error) ||
      (error.name !== 'AccessDeniedException' &&
        error.name !== 'AccessDenied' &&
        // A 424 may carry the runtime execution role's own denial (not the caller's fault).
        error.name !== 'RuntimeClientError')
    ) {
      return error;
    }
    return translateError(error, {
      ...call,
      access: this.#access,
      ...(this.#diagnose === undefined ? {} : { diagnose: this.#diagnose }),
    });
  }

  #warnOnce(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    log(this.#logger, 'warn', `agentcore-xacct: ${message}`);
  }
}

/** Refuses an existing client given with what it cannot honour: clientConfig, another access mode. */
function validateExistingClient(options: CrossAccountAgentClientOptions, access: AccessMode): void {
  const client = options.client as unknown;
  const config = (client as { config?: { region?: unknown; maxAttempts?: unknown } } | null)?.config;
  if (
    typeof (client as { send?: unknown } | null)?.send !== 'function' ||
    typeof config?.region !== 'function' ||
    typeof config.maxAttempts !== 'function'
  ) {
    throw new ValidationError(
      'client',
      `client is ${client === null ? 'null' : typeof client}, not a BedrockAgentCoreClient`,
      'Pass new BedrockAgentCoreClient({ region, maxAttempts: 1 }) from @aws-sdk/client-bedrock-agentcore (or a client wrapped by a tracer), or omit client.',
    );
  }
  // The same check admin makes of its clients: an SDK client of another service (the control
  // plane's, say) has the same shape and would send the data-plane calls to the wrong service.
  const service = sdkServiceOf(client);
  if (service !== undefined && service !== 'Bedrock AgentCore') {
    throw new ValidationError(
      'client',
      `client is a client of ${service}, not a BedrockAgentCoreClient`,
      'Pass new BedrockAgentCoreClient({ region, maxAttempts: 1 }) from @aws-sdk/client-bedrock-agentcore, or omit client.',
    );
  }
  if (options.clientConfig !== undefined) {
    throw new ValidationError(
      'clientConfig',
      'client and clientConfig are both given: the client is already configured',
      'Pass one of them: configure your client itself, or let this client create its own from clientConfig.',
    );
  }
  if (access.mode !== 'resource-policy' || access.credentials !== undefined) {
    throw new ValidationError(
      'access',
      `access ${access.mode === 'resource-policy' ? 'credentials' : `mode '${access.mode}'`} cannot apply to an existing client: it signs with its own credentials`,
      'Give the client the credentials it should use (e.g. fromTemporaryCredentials for a role in Account A), or pass clientConfig instead of client.',
    );
  }
}

const CLIENT_CONFIG_FIX =
  'Pass the BedrockAgentCoreClient configuration as an object ({ endpoint, requestHandler… }).';

/** The logger: any object (a class instance such as pino's, or a plain one), or nothing. */
function optionalRecordOrObject(value: unknown, field: string): Logger | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    throw new ValidationError(
      field,
      `${field} must be an object with debug/warn methods, not ${shown(value)}`,
      'Pass console, a pino or winston logger, or leave it out.',
    );
  }
  return value as Logger;
}

function validateRetry(value: unknown): void {
  const retry = value as RetryOptions;
  if (!isRecord(value)) {
    throw new ValidationError(
      'retry',
      `retry must be an object or false, not ${shown(retry)}`,
      'Pass { attempts?, baseDelayMs?, maxDelayMs?, maxElapsedMs?, invoke? } or false.',
    );
  }
  const checks: Array<[keyof RetryOptions, number | undefined, number]> = [
    ['attempts', retry.attempts as number | undefined, 1],
    ['baseDelayMs', retry.baseDelayMs, 0],
    ['maxDelayMs', retry.maxDelayMs, 0],
    ['maxElapsedMs', retry.maxElapsedMs, 0],
  ];
  for (const [field, value, min] of checks) {
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= min)) {
      throw new ValidationError(
        `retry.${field}`,
        `retry.${field} must be a number ≥ ${min}`,
        `Pass a finite number ≥ ${min}.`,
      );
    }
  }
  if (retry.invoke !== undefined && !(['unsent', 'always', 'never'] as unknown[]).includes(retry.invoke)) {
    throw new ValidationError(
      'retry.invoke',
      `unknown retry.invoke ${shown(retry.invoke)}`,
      "Use 'unsent', 'always' or 'never'.",
    );
  }
}

/** The SDK's send options: an abort signal only when there is one (the SDK's abort wiring costs per request). */
function sendOptions(abortSignal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return abortSignal === undefined ? {} : { abortSignal };
}

/** The data plane's endpoint from the SDK's endpoint rules (no custom endpoint configured). */
function dataPlaneEndpoint(url: URL): { protocol: string; hostname: string; port?: number; path: string } {
  return {
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    path: url.pathname,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function definedStrings<K extends string>(values: Record<K, string | undefined>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of Object.keys(values) as K[]) {
    const value = values[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
