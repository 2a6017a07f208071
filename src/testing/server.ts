/**
 * The local AgentCore emulator: one node:http server on 127.0.0.1 that serves the AgentCore data
 * plane, the control-plane resource-policy API and STS to unmodified AWS SDK v3 clients.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArnOfType } from '../arn/parse.js';
import { REGION } from '../arn/patterns.js';
import { ValidationError } from '../errors.js';
import type { Decision } from '../policy/evaluate/types.js';
import type { PolicyDocument } from '../policy/types.js';
import { checkPolicy, MemoryControlPlane } from './control-plane.js';
import { FaultInjector, type FaultKind, type FaultRule } from './faults.js';
import { EmulatorHttpError } from './http-error.js';
import { type MemorySpec, MemoryStore, type MemoryStoreOptions } from './memory/index.js';
import { localAgentCoreOptions } from './options.js';
import { type EmulatorCore, serve } from './serve.js';
import { serveUpgrade } from './upgrade.js';
import {
  type AccountSpec,
  type EmulatorCredentials,
  type GatewaySpec,
  type HarnessSpec,
  type RuntimeSpec,
  SEED_ACCOUNT_A,
  SEED_REGION,
  seedAccounts,
  seedGateways,
  seedHarnesses,
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
  /** Gateways. Default: `tools-gateway-abcdefghij` in Account A. */
  gateways?: readonly GatewaySpec[];
  /** Harnesses and their endpoints. Default: `support_harness-abcdefghij` (endpoint `DEFAULT`) in Account A. */
  harnesses?: readonly HarnessSpec[];
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
  /**
   * IAM managed policies by ARN (`arn:aws:iam::111111111111:policy/NAME`, or an AWS managed
   * `arn:aws:iam::aws:policy/NAME` you declare): AssumeRole's `PolicyArns` narrow the session to
   * them, as the inline `Policy` does; an ARN the emulator does not know is refused. Default: none.
   */
  managedPolicies?: Readonly<Record<string, PolicyDocument>>;
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
  /** The SigV4 signing name the request was for (a request that is not signed: guessed from its shape). */
  service: 'bedrock-agentcore' | 'sts' | 'iam';
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
  /**
   * The URL of a hosted gateway on the emulator, `{endpoint}/gateways/{gatewayId}/mcp`: where MCP
   * clients (signing for `bedrock-agentcore`) reach it, as they reach
   * `https://{gatewayId}.gateway.bedrock-agentcore.{region}.amazonaws.com/mcp` in AWS.
   *
   * @throws ValidationError when the ARN is not a gateway ARN the emulator hosts.
   *
   * @example
   * ```ts
   * const url = emulator.gatewayUrl('arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij');
   * // 'http://127.0.0.1:PORT/gateways/tools-gateway-abcdefghij/mcp'
   * ```
   */
  gatewayUrl(gatewayArn: string): string;
  /** Replaces the identity policies of a role or user, declaring it if new; `undefined` removes them. */
  setIdentityPolicy(
    principalArn: string,
    document: PolicyDocument | readonly PolicyDocument[] | undefined,
  ): void;
  /** Replaces the trust policy of a role, declaring it if new. */
  setTrustPolicy(roleArn: string, document: PolicyDocument | undefined): void;
  /**
   * Declares or replaces a managed policy (see {@link LocalAgentCoreOptions.managedPolicies});
   * `undefined` removes it. Sessions already minted keep the policy they were given.
   *
   * @example
   * ```ts
   * emulator.setManagedPolicy('arn:aws:iam::111111111111:policy/invoke-only', invokeOnly);
   * await sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'narrow',
   *   PolicyArns: [{ arn: 'arn:aws:iam::111111111111:policy/invoke-only' }] }));
   * ```
   */
  setManagedPolicy(policyArn: string, document: PolicyDocument | undefined): void;
  /** Replaces the fault rules (scripts start over). */
  setFaults(rules: readonly FaultRule[]): void;
  /**
   * The active sessions of a runtime, oldest first: invoked, not stopped, and within the runtime's
   * idle timeout and maximum lifetime (see `RuntimeSpec.lifecycle`) on the `now` clock.
   *
   * @example
   * ```ts
   * await client.invoke({ runtimeArn, payload, sessionId });
   * expect(emulator.runtimeSessions(runtimeArn)).toContain(sessionId);
   * ```
   */
  runtimeSessions(runtimeArn: string): string[];
  /** The requests served, oldest first (live view; the last `maxRecordedRequests`). */
  readonly requests: readonly RecordedRequest[];
  /** The memory data plane's store, for assertions (`memory.counts(arn)`). */
  readonly memory: MemoryStore;
  /** Closes the server, every connection and stream; resolves when nothing is left open. */
  stop(): Promise<void>;
}

function seedMemories(region: string): MemorySpec[] {
  return [{ memoryId: 'shared_memory-abcdefghij', accountId: SEED_ACCOUNT_A, region }];
}

/**
 * Starts a local AgentCore emulator on 127.0.0.1 (an ephemeral port) that the unmodified AWS SDK
 * v3 clients talk to through `endpoint` overrides: the AgentCore data plane (InvokeAgentRuntime,
 * GetAgentCard, StopRuntimeSession, memory), the control plane (Put/Get/DeleteResourcePolicy,
 * CreateMemory, GetMemory, GetGateway, and ListAgentRuntimes, ListAgentRuntimeEndpoints,
 * ListMemories and ListGateways with pagination) and STS (AssumeRole, GetCallerIdentity). Every
 * request's SigV4
 * signature is recomputed and its access key mapped to a principal; every call is authorized
 * through `explainAccess` and denied in AWS's words. Several instances can run at once.
 *
 * Called with no options it starts the seed's world:
 * - Account A `111111111111` (region `eu-west-1`): role `arn:aws:iam::111111111111:role/admin`
 *   allowed everything (identity policy `Action: *, Resource: *`; trusted by Account A);
 *   runtimes, each with endpoint `DEFAULT` unless said:
 *   - `agent-abcdefghij`: JSON echo (`{"echo": <payload>, "sessionId": …}`);
 *   - `agent_staged-abcdefghij`: the same JSON echo with two endpoints, `DEFAULT` and `prod`
 *     (three resource policies to keep in step: the runtime's and one per endpoint);
 *   - `agent_sse_py-abcdefghij`: SSE in the Python framing (`data: {"text": word}` per word of
 *     `prompt`; `{"error", "error_type"}` as a data event mid-stream when the payload has `failAfter: n`);
 *   - `agent_sse_ts-abcdefghij`: SSE in the TypeScript framing (`retry:`, `id:`, `event: message`,
 *     `: heartbeat` comments, a multi-line `data:` summary event, `event: done`; `event: error`
 *     mid-stream with `failAfter: n`);
 *   - `agent_strict-abcdefghij`: like the TypeScript one but answers 406 without
 *     `Accept: text/event-stream`;
 *   memory `shared_memory-abcdefghij`; gateway `tools-gateway-abcdefghij` (see `gatewayUrl`); and
 *   harness `support_harness-abcdefghij` with endpoint `DEFAULT`.
 * - Account B `222222222222`: role `arn:aws:iam::222222222222:role/the-caller-role`, no policies
 *   (trusted by Account B).
 * - No resource policies.
 *
 * Each of `accounts`, `runtimes`, `memories`, `gateways` and `harnesses` replaces its default when
 * given. Access keys are
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
  options = localAgentCoreOptions(options);
  const region = options.region ?? SEED_REGION;
  if (!REGION.test(region)) {
    throw new ValidationError(
      'region',
      `"${region}" is not a region`,
      'Use a region code such as eu-west-1.',
    );
  }
  const now = options.now ?? Date.now;
  const world = new World(
    region,
    options.accounts ?? seedAccounts(),
    options.runtimes ?? seedRuntimes(),
    now,
    { gateways: options.gateways ?? seedGateways(), harnesses: options.harnesses ?? seedHarnesses() },
  );
  const memory = new MemoryStore([...(options.memories ?? seedMemories(region))], { now, ...options.memory });
  const lifetime = new AbortController();
  const core: EmulatorCore = {
    world,
    memory,
    memoryControl: new MemoryControlPlane(memory),
    faults: new FaultInjector(options.faults, options.seed ?? 1),
    now,
    endpoint: '',
    lifetime: lifetime.signal,
    streams: new Set(),
    requests: [],
    maxRecorded: options.maxRecordedRequests ?? 10_000,
  };
  for (const [arn, document] of Object.entries(options.managedPolicies ?? {})) {
    world.setManagedPolicy(arn, document);
  }
  for (const [arn, document] of Object.entries(options.resourcePolicies ?? {})) {
    attachInitialPolicy(world, memory.memoryArns(), arn, document);
  }

  const server: Server = createServer((req, res) => {
    serve(core, req, res).catch(() => res.destroy());
  });
  server.on('upgrade', (req, socket, head) => {
    serveUpgrade(core, req, socket, head).catch(() => socket.destroy());
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
  const endpoint = `http://127.0.0.1:${address.port}`;
  core.endpoint = endpoint;

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
    gatewayUrl(gatewayArn) {
      let arn: string;
      try {
        arn = parseArnOfType(gatewayArn, 'gateway', 'gatewayArn').arn;
      } catch (error) {
        throw new ValidationError(
          'gatewayArn',
          (error as Error).message,
          'Pass the ARN of a hosted gateway.',
        );
      }
      const gateway = world.gateways.get(arn);
      if (gateway === undefined) {
        throw new ValidationError(
          'gatewayArn',
          `The emulator hosts no gateway ${arn}`,
          `Declare it in the gateways option, or use one of: ${[...world.gateways.keys()].join(', ') || '(none)'}.`,
        );
      }
      return `${endpoint}/gateways/${gateway.gatewayId}/mcp`;
    },
    setIdentityPolicy(principalArn, document) {
      const record = world.addPrincipal(principalArn);
      world.setInlinePolicies(
        record,
        document === undefined ? [] : Array.isArray(document) ? document : [document as PolicyDocument],
      );
    },
    setTrustPolicy(roleArn, document) {
      world.addPrincipal(roleArn).trustPolicy = document;
    },
    setManagedPolicy(policyArn, document) {
      world.setManagedPolicy(policyArn, document);
    },
    setFaults(rules) {
      core.faults.set(rules);
    },
    runtimeSessions(runtimeArn) {
      const runtime = world.runtimes.get(runtimeArn);
      if (runtime === undefined) {
        throw new ValidationError(
          'runtimeArn',
          `The emulator hosts no runtime ${runtimeArn}`,
          `Use one of: ${[...world.runtimes.keys()].join(', ')}.`,
        );
      }
      return runtime.sessions.keys();
    },
    requests: core.requests,
    memory,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        lifetime.abort();
        for (const controller of core.streams) controller.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
  return emulator;
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
        `No runtime, memory, gateway or harness (or endpoint of one) ${arn}`,
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
