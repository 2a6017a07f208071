/**
 * The emulator's world: accounts, principals and their policies, access keys, runtimes and
 * resource policies, with the seed's world as the default.
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { endpointArn, gatewayArn, harnessArn, harnessEndpointArn, runtimeArn } from '../arn/format.js';
import { type ManagedPolicyArnParts, parseManagedPolicyArn } from '../arn/managed-policy.js';
import { parseArn } from '../arn/parse.js';
import { ENDPOINT_NAME } from '../arn/patterns.js';
import { type PrincipalArnParts, parsePrincipalArn } from '../arn/principal.js';
import { shown, ValidationError } from '../errors.js';
import { list } from '../input.js';
import type { AccessPolicies, ContextValue } from '../policy/evaluate/types.js';
import type { PolicyDocument } from '../policy/types.js';
import { ExpiringMap } from './expiring-map.js';

/**
 * The built-in agents a runtime can run: `echo-json` (answers `{"echo": payload, "sessionId"}`),
 * `sse-python` and `sse-typescript` (stream the words of `prompt` in each host's SSE framing,
 * failing mid-stream when the payload has `failAfter: n`), `sse-strict` (the TypeScript stream,
 * but 406 without `Accept: text/event-stream`).
 *
 * @example
 * ```ts
 * const runtime: RuntimeSpec = { runtimeId: 'agent_sse-abcdefghij', accountId: '111111111111', agent: 'sse-python' };
 * ```
 */
export type AgentKind = 'echo-json' | 'sse-python' | 'sse-typescript' | 'sse-strict';

/**
 * What an agent receives for one invocation.
 *
 * @example
 * ```ts
 * const agent: AgentHandler = (invocation: AgentInvocation) => ({
 *   contentType: 'text/plain',
 *   body: `${invocation.sessionId}: ${Buffer.from(invocation.payload).toString()}`,
 * });
 * ```
 */
export interface AgentInvocation {
  runtimeArn: string;
  qualifier: string;
  sessionId: string;
  userId?: string;
  /** The raw request body. */
  payload: Uint8Array;
  contentType?: string;
  accept?: string;
  /** Lower-cased request headers the agent may see (trace headers, content type, accept). */
  headers: Readonly<Record<string, string>>;
}

/**
 * What an agent answers: a whole body, or a stream of chunks written as they come.
 *
 * @example
 * ```ts
 * async function* events() { yield 'data: {"text":"hi"}\n\n'; }
 * const reply: AgentReply = { contentType: 'text/event-stream', stream: events() };
 * ```
 */
export interface AgentReply {
  /** HTTP status; default 200. */
  status?: number;
  /** Content type; default `application/json`. */
  contentType?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  stream?: AsyncIterable<string | Uint8Array>;
}

/**
 * A custom agent: a function from invocation to reply.
 *
 * @example
 * ```ts
 * const failing: AgentHandler = () => ({ status: 500, body: '{"message":"boom"}' });
 * await startLocalAgentCore({ runtimes: [{ runtimeId: 'flaky-abcdefghij', accountId: '111111111111', agent: failing }] });
 * ```
 */
export type AgentHandler = (invocation: AgentInvocation) => AgentReply | Promise<AgentReply>;

/**
 * An agent runtime hosted by the emulator.
 *
 * @example
 * ```ts
 * const runtime: RuntimeSpec = { runtimeId: 'agent-abcdefghij', accountId: '111111111111', endpoints: ['DEFAULT', 'prod'] };
 * ```
 */
export interface RuntimeSpec {
  /** `agent-abcdefghij` */
  runtimeId: string;
  /** Owner account (Account A). */
  accountId: string;
  /** Default: the emulator's region. */
  region?: string;
  /** Endpoint names; default `['DEFAULT']`. */
  endpoints?: readonly string[];
  /** A built-in agent or your own handler; default `echo-json`. */
  agent?: AgentKind | AgentHandler;
  /** The A2A agent card `GetAgentCard` returns; a generated one by default. */
  agentCard?: Record<string, unknown>;
  /** Pause between streamed events of the built-in SSE agents, in ms; default 5. */
  eventIntervalMs?: number;
  /**
   * How long runtime sessions live, in seconds, as the runtime's `lifecycleConfiguration` says
   * (AgentCore control plane, LifecycleConfiguration): a session not invoked for
   * `idleRuntimeSessionTimeout` (default 900, 15 minutes) or older than `maxLifetime` (default
   * 28800, 8 hours) is over; StopRuntimeSession then answers ResourceNotFoundException and the
   * next invoke with its id starts a new session. Each 60–28800, idle at most the lifetime.
   */
  lifecycle?: { idleRuntimeSessionTimeout?: number; maxLifetime?: number };
}

/**
 * An AgentCore gateway hosted by the emulator: it takes a resource policy (Put/Get/
 * DeleteResourcePolicy) and is reached at `emulator.gatewayUrl(arn)`. Gateway ids are unique in
 * the emulator (its URL names the id alone, as AWS's `https://{gatewayId}.gateway…` does).
 *
 * @example
 * ```ts
 * const gateway: GatewaySpec = { gatewayId: 'tools-gateway-abcdefghij', accountId: '111111111111' };
 * ```
 */
export interface GatewaySpec {
  /** `tools-gateway-abcdefghij`: lower-case letters, digits and dashes, a dash and 10 characters. */
  gatewayId: string;
  /** Owner account (Account A). */
  accountId: string;
  /** Default: the emulator's region. */
  region?: string;
}

/**
 * An AgentCore harness hosted by the emulator, with its endpoints: like a runtime, each takes a
 * resource policy, and InvokeHarness is authorized against the harness and the endpoint.
 *
 * @example
 * ```ts
 * const harness: HarnessSpec = { harnessId: 'support_harness-abcdefghij', accountId: '111111111111', endpoints: ['DEFAULT', 'prod'] };
 * ```
 */
export interface HarnessSpec {
  /** `support_harness-abcdefghij` */
  harnessId: string;
  /** Owner account (Account A). */
  accountId: string;
  /** Default: the emulator's region. */
  region?: string;
  /** Endpoint names; default `['DEFAULT']`. */
  endpoints?: readonly string[];
}

/**
 * An IAM role or user of an account.
 *
 * @example
 * ```ts
 * const invoker: PrincipalSpec = {
 *   arn: 'arn:aws:iam::111111111111:role/CrossAccountAgentInvoker',
 *   trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:role/the-caller-role' }, Action: 'sts:AssumeRole' }] },
 *   identityPolicies: [invokePolicy],
 * };
 * ```
 */
export interface PrincipalSpec {
  /** `arn:aws:iam::222222222222:role/the-caller-role` (roles and users only). */
  arn: string;
  /** Identity-based policies attached to the role or user. */
  identityPolicies?: readonly PolicyDocument[];
  /** Trust policy of a role: who may `sts:AssumeRole` it. Default: nobody. */
  trustPolicy?: PolicyDocument;
  /** Longest session `AssumeRole` grants, 3600–43200 s; default 3600. */
  maxSessionDurationSeconds?: number;
  permissionsBoundary?: PolicyDocument;
  /**
   * MFA devices of a user (or role): AssumeRole with one's `SerialNumber` and this `tokenCode`
   * (6 digits; the emulator runs no TOTP, the code is fixed) makes an MFA-authenticated request
   * (`aws:MultiFactorAuthPresent` true), and so is every request the resulting session makes.
   */
  mfaDevices?: ReadonlyArray<{ serialNumber: string; tokenCode: string }>;
}

/**
 * An AWS account of the emulated world.
 *
 * @example
 * ```ts
 * const accountB: AccountSpec = { accountId: '222222222222', principals: [{ arn: 'arn:aws:iam::222222222222:role/the-caller-role' }] };
 * ```
 */
export interface AccountSpec {
  accountId: string;
  principals?: readonly PrincipalSpec[];
  /** Service control policies that apply to the account's principals. */
  serviceControlPolicies?: readonly PolicyDocument[];
}

/**
 * Credentials the emulator accepts, in the shape the AWS SDK v3 takes.
 *
 * @example
 * ```ts
 * const credentials: EmulatorCredentials = emulator.credentialsFor('arn:aws:iam::111111111111:role/admin');
 * ```
 */
export interface EmulatorCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** @internal */
export interface PrincipalRecord {
  arn: string;
  parts: PrincipalArnParts;
  /** `AROA…` or `AIDA…`. */
  uniqueId: string;
  /** Inline identity policies by name (IAM PutRolePolicy; declared ones are named `inline-policy-N`). */
  inlinePolicies: Map<string, PolicyDocument>;
  /** ARNs of the managed policies attached (IAM AttachRolePolicy), in attachment order. */
  attachedPolicies: string[];
  /** When IAM created the role or user (epoch ms, the emulator clock). */
  createdAt: number;
  trustPolicy: PolicyDocument | undefined;
  maxSessionDurationSeconds: number;
  permissionsBoundary: PolicyDocument | undefined;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** The identity behind an access key, once the signature checks out. @internal */
export interface Caller {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** The ARN requests are made as: a role, a user, or an assumed-role session. */
  principalArn: string;
  /** The role or user whose policies apply. */
  identityArn: string;
  accountId: string;
  /** `AROA…:session` for a session, the role or user id otherwise (GetCallerIdentity's UserId). */
  userId: string;
  /** Epoch ms after which the key is rejected with ExpiredToken. */
  expiresAt?: number;
  sourceIdentity?: string;
  sessionPolicy?: PolicyDocument;
  /** True for a session minted by AssumeRole (role chaining caps a chained session at 1 h). */
  isSession: boolean;
  /** Epoch ms when the session was obtained with MFA (AssumeRole with SerialNumber and TokenCode). */
  mfaAuthenticatedAt?: number;
}

/** An IAM managed policy the world knows (a customer managed policy, or an AWS managed one declared). @internal */
export interface ManagedPolicyRecord {
  arn: string;
  parts: ManagedPolicyArnParts;
  document: PolicyDocument;
  /** When it was created or declared (epoch ms, the emulator clock). */
  createdAt: number;
  /** IAM's `ANPA…` id. */
  policyId: string;
}

/** @internal */
export interface RuntimeRecord {
  arn: string;
  runtimeId: string;
  accountId: string;
  region: string;
  endpoints: ReadonlySet<string>;
  agent: AgentKind | AgentHandler;
  agentCard: Record<string, unknown> | undefined;
  eventIntervalMs: number;
  /** Runtime sessions seen by invoke, not stopped and not timed out, by id. */
  sessions: ExpiringMap<string, { startedAt: number }>;
  /** Idle timeout and maximum lifetime of a session, in ms. */
  idleTimeoutMs: number;
  maxLifetimeMs: number;
}

/** A hosted gateway. @internal */
export interface GatewayRecord {
  arn: string;
  gatewayId: string;
  accountId: string;
  region: string;
  /** Epoch ms (emulator clock) when it was declared: GetGateway's createdAt. */
  createdAt: number;
}

/** A hosted harness and its endpoints. @internal */
export interface HarnessRecord {
  arn: string;
  harnessId: string;
  accountId: string;
  region: string;
  endpoints: ReadonlySet<string>;
}

/** @internal */
export interface StoredPolicy {
  /** The policy string exactly as put. */
  text: string;
  document: PolicyDocument;
}

/** STS's pattern for an MFA device serial number (serialNumberType). @internal */
export const MFA_SERIAL = /^[\w+=/:,.@-]{9,256}$/;

/** Account A of the seed. @internal */
export const SEED_ACCOUNT_A = '111111111111';
/** Account B of the seed. @internal */
export const SEED_ACCOUNT_B = '222222222222';
/** Region of the seed. @internal */
export const SEED_REGION = 'eu-west-1';

function trustAccount(accountId: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'sts:AssumeRole',
      },
    ],
  };
}

function administratorAccess(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'AdministratorAccess', Effect: 'Allow', Action: '*', Resource: '*' }],
  };
}

/** The seed's accounts: an administrator in each, the caller role in B without policies. @internal */
export function seedAccounts(): AccountSpec[] {
  return [
    {
      accountId: SEED_ACCOUNT_A,
      principals: [
        {
          arn: `arn:aws:iam::${SEED_ACCOUNT_A}:role/admin`,
          identityPolicies: [administratorAccess()],
          trustPolicy: trustAccount(SEED_ACCOUNT_A),
        },
      ],
    },
    {
      accountId: SEED_ACCOUNT_B,
      principals: [
        {
          arn: `arn:aws:iam::${SEED_ACCOUNT_B}:role/the-caller-role`,
          trustPolicy: trustAccount(SEED_ACCOUNT_B),
        },
        {
          // Account B's administrator: sets the caller's identity policy through IAM.
          arn: `arn:aws:iam::${SEED_ACCOUNT_B}:role/admin`,
          identityPolicies: [administratorAccess()],
          trustPolicy: trustAccount(SEED_ACCOUNT_B),
        },
      ],
    },
  ];
}

/** The seed's gateway, in Account A. @internal */
export function seedGateways(): GatewaySpec[] {
  return [{ gatewayId: 'tools-gateway-abcdefghij', accountId: SEED_ACCOUNT_A }];
}

/** The seed's harness (endpoint `DEFAULT`), in Account A. @internal */
export function seedHarnesses(): HarnessSpec[] {
  return [{ harnessId: 'support_harness-abcdefghij', accountId: SEED_ACCOUNT_A }];
}

/**
 * The seed's runtime, a second runtime with two endpoints (`DEFAULT` and `prod`, each a resource
 * policy of its own), and one runtime per other built-in agent, all in Account A. @internal
 */
export function seedRuntimes(): RuntimeSpec[] {
  return [
    { runtimeId: 'agent-abcdefghij', accountId: SEED_ACCOUNT_A, agent: 'echo-json' },
    {
      runtimeId: 'agent_staged-abcdefghij',
      accountId: SEED_ACCOUNT_A,
      agent: 'echo-json',
      endpoints: ['DEFAULT', 'prod'],
    },
    { runtimeId: 'agent_sse_py-abcdefghij', accountId: SEED_ACCOUNT_A, agent: 'sse-python' },
    { runtimeId: 'agent_sse_ts-abcdefghij', accountId: SEED_ACCOUNT_A, agent: 'sse-typescript' },
    { runtimeId: 'agent_strict-abcdefghij', accountId: SEED_ACCOUNT_A, agent: 'sse-strict' },
  ];
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `AKIA…`/`ASIA…`/`AROA…` style identifiers: a prefix and 16 random base32 characters. @internal */
export function randomId(prefix: string): string {
  const bytes = randomBytes(16);
  let out = prefix;
  for (const byte of bytes) out += KEY_ALPHABET[byte % 32];
  return out;
}

/** A fresh random secret (never logged, never recorded). @internal */
export function randomSecret(bytes = 30): string {
  return randomBytes(bytes).toString('base64');
}

/**
 * The mutable state of one emulator instance.
 * @internal
 */
export class World {
  readonly region: string;
  readonly principals = new Map<string, PrincipalRecord>();
  readonly serviceControlPolicies = new Map<string, readonly PolicyDocument[]>();
  readonly keys = new Map<string, Caller>();
  readonly runtimes = new Map<string, RuntimeRecord>();
  /** Gateways by ARN. */
  readonly gateways = new Map<string, GatewayRecord>();
  /** Harnesses by ARN. */
  readonly harnesses = new Map<string, HarnessRecord>();
  readonly resourcePolicies = new Map<string, StoredPolicy>();
  /**
   * Managed policies by ARN: what STS AssumeRole's `PolicyArns` name (and what an IAM API of the
   * emulator would create and attach).
   */
  readonly managedPolicies = new Map<string, ManagedPolicyRecord>();
  /** MFA devices by serial number: the principal they belong to and the code they accept. */
  readonly mfaDevices = new Map<string, { principalArn: string; tokenCode: string }>();
  /** Epoch ms the world was made: the creation time of the resources declared in the options. */
  readonly startedAt: number;

  readonly #now: () => number;

  constructor(
    region: string,
    accounts: readonly AccountSpec[],
    runtimes: readonly RuntimeSpec[],
    now: () => number = Date.now,
    resources: { gateways?: readonly GatewaySpec[]; harnesses?: readonly HarnessSpec[] } = {},
  ) {
    this.region = region;
    this.#now = now;
    this.startedAt = now();
    for (const account of accounts) {
      if (account.serviceControlPolicies !== undefined) {
        this.serviceControlPolicies.set(account.accountId, account.serviceControlPolicies);
      }
      for (const principal of account.principals ?? []) {
        const record = this.addPrincipal(principal.arn);
        if (record.parts.accountId !== account.accountId) {
          throw new ValidationError(
            'accounts[].principals[].arn',
            `Principal ${principal.arn} is listed under account ${account.accountId}`,
            'List each principal under the account its ARN names.',
          );
        }
        this.setInlinePolicies(record, principal.identityPolicies ?? []);
        record.trustPolicy = principal.trustPolicy;
        record.permissionsBoundary = principal.permissionsBoundary;
        for (const device of principal.mfaDevices ?? []) this.addMfaDevice(principal.arn, device);
        if (principal.maxSessionDurationSeconds !== undefined) {
          const max = principal.maxSessionDurationSeconds;
          if (!(Number.isInteger(max) && max >= 3600 && max <= 43200)) {
            throw new ValidationError(
              'maxSessionDurationSeconds',
              `${max} is not a valid maximum session duration`,
              'Use a whole number of seconds from 3600 to 43200.',
            );
          }
          record.maxSessionDurationSeconds = max;
        }
      }
    }
    for (const spec of runtimes) this.addRuntime(spec);
    for (const spec of resources.gateways ?? []) this.addGateway(spec);
    for (const spec of resources.harnesses ?? []) this.addHarness(spec);
  }

  /** Finds or creates a role or user, with a permanent access key of its own. */
  addPrincipal(arn: string): PrincipalRecord {
    const existing = this.principals.get(arn);
    if (existing !== undefined) return existing;
    const parts = parsePrincipalArn(arn);
    if (parts.kind !== 'role' && parts.kind !== 'user') {
      throw new ValidationError(
        'principalArn',
        `${arn} is a ${parts.kind} ARN`,
        'Declare IAM roles (arn:aws:iam::ACCOUNT:role/NAME) or users; sessions come from AssumeRole.',
      );
    }
    const uniqueId = randomId(parts.kind === 'role' ? 'AROA' : 'AIDA');
    const credentials = { accessKeyId: randomId('AKIA'), secretAccessKey: randomSecret() };
    const record: PrincipalRecord = {
      arn,
      parts,
      uniqueId,
      inlinePolicies: new Map(),
      attachedPolicies: [],
      createdAt: this.#now(),
      trustPolicy: undefined,
      maxSessionDurationSeconds: 3600,
      permissionsBoundary: undefined,
      credentials,
    };
    this.principals.set(arn, record);
    this.keys.set(credentials.accessKeyId, {
      ...credentials,
      principalArn: arn,
      identityArn: arn,
      accountId: parts.accountId,
      userId: uniqueId,
      isSession: false,
    });
    return record;
  }

  /**
   * Replaces the inline policies of a role or user with `documents`, named `inline-policy-1`…, and
   * detaches its managed policies: what `setIdentityPolicy` and `PrincipalSpec.identityPolicies` mean.
   */
  setInlinePolicies(record: PrincipalRecord, documents: readonly PolicyDocument[]): void {
    record.inlinePolicies = new Map(documents.map((d, i) => [`inline-policy-${i + 1}`, d]));
    record.attachedPolicies = [];
  }

  /** The identity policies that apply to a role or user: its inline policies, then the attached managed ones. */
  identityPolicies(record: PrincipalRecord | undefined): PolicyDocument[] {
    if (record === undefined) return [];
    const attached = record.attachedPolicies
      .map((arn) => this.managedPolicies.get(arn)?.document)
      .filter((d): d is PolicyDocument => d !== undefined);
    return [...record.inlinePolicies.values(), ...attached];
  }

  /** The role `name` of `accountId` (IAM addresses roles by name within the caller's account). */
  roleNamed(accountId: string, name: string): PrincipalRecord | undefined {
    for (const record of this.principals.values()) {
      if (record.parts.kind === 'role' && record.parts.accountId === accountId && record.parts.name === name)
        return record;
    }
    return undefined;
  }

  /** Declares or replaces a managed policy; `undefined` removes it. */
  setManagedPolicy(
    arn: string,
    document: PolicyDocument | undefined,
    meta: { createdAt?: number; policyId?: string } = {},
  ): void {
    let parts: ManagedPolicyArnParts;
    try {
      parts = parseManagedPolicyArn(arn);
    } catch (error) {
      throw new ValidationError(
        'managedPolicies',
        (error as Error).message,
        'Name managed policies by ARN: arn:aws:iam::ACCOUNT:policy/NAME (or arn:aws:iam::aws:policy/NAME).',
      );
    }
    if (document === undefined) {
      this.managedPolicies.delete(arn);
      return;
    }
    if (typeof document !== 'object' || document === null || !('Statement' in document)) {
      throw new ValidationError(
        'managedPolicies',
        `The document of ${arn} is not a policy document`,
        'Give a policy document object with a Statement element.',
      );
    }
    const existing = this.managedPolicies.get(arn);
    this.managedPolicies.set(arn, {
      arn,
      parts,
      document,
      createdAt: meta.createdAt ?? existing?.createdAt ?? this.#now(),
      policyId: meta.policyId ?? existing?.policyId ?? randomId('ANPA'),
    });
  }

  addMfaDevice(principalArn: string, device: { serialNumber: string; tokenCode: string }): void {
    if (!MFA_SERIAL.test(device.serialNumber) || !/^\d{6}$/.test(device.tokenCode)) {
      throw new ValidationError(
        'accounts[].principals[].mfaDevices',
        `MFA device ${String(device.serialNumber).slice(0, 80)} of ${principalArn} is not valid`,
        'Give a serialNumber of 9-256 characters ([\\w+=/:,.@-], e.g. arn:aws:iam::111111111111:mfa/alice) and a 6-digit tokenCode.',
      );
    }
    this.mfaDevices.set(device.serialNumber, { principalArn, tokenCode: device.tokenCode });
  }

  /** The declared role or user, or a typed error naming the fix. */
  principal(arn: string): PrincipalRecord {
    const record = this.principals.get(arn);
    if (record === undefined) {
      throw new ValidationError(
        'principalArn',
        `The emulator has no principal ${arn}`,
        `Declare it under accounts[].principals, or call setIdentityPolicy first. Known: ${[...this.principals.keys()].join(', ')}.`,
      );
    }
    return record;
  }

  addRuntime(spec: RuntimeSpec): RuntimeRecord {
    const region = spec.region ?? this.region;
    const arn = runtimeArn({ region, accountId: spec.accountId, runtimeId: spec.runtimeId });
    const endpoints = endpointNames(spec.endpoints, 'runtimes[].endpoints');
    const record: RuntimeRecord = {
      arn,
      runtimeId: spec.runtimeId,
      accountId: spec.accountId,
      region,
      endpoints,
      agent: spec.agent ?? 'echo-json',
      agentCard: spec.agentCard,
      eventIntervalMs: spec.eventIntervalMs ?? 5,
      sessions: new ExpiringMap(this.#now),
      ...lifecycleOf(spec),
    };
    this.runtimes.set(arn, record);
    return record;
  }

  addGateway(spec: GatewaySpec): GatewayRecord {
    const region = spec.region ?? this.region;
    const arn = resourceArn('gateways[]', () =>
      gatewayArn({ region, accountId: spec.accountId, gatewayId: spec.gatewayId }),
    );
    const same = this.gatewayById(spec.gatewayId);
    if (same !== undefined && same.arn !== arn) {
      throw new ValidationError(
        'gateways[].gatewayId',
        `Gateway id ${spec.gatewayId} is declared twice (${same.arn} and ${arn})`,
        'Give each gateway its own id: its URL names the id alone.',
      );
    }
    const record: GatewayRecord = {
      arn,
      gatewayId: spec.gatewayId,
      accountId: spec.accountId,
      region,
      createdAt: this.#now(),
    };
    this.gateways.set(arn, record);
    return record;
  }

  /** The hosted gateway with this id, whatever its account and region. */
  gatewayById(gatewayId: string): GatewayRecord | undefined {
    for (const gateway of this.gateways.values()) if (gateway.gatewayId === gatewayId) return gateway;
    return undefined;
  }

  addHarness(spec: HarnessSpec): HarnessRecord {
    const region = spec.region ?? this.region;
    const arn = resourceArn('harnesses[]', () =>
      harnessArn({ region, accountId: spec.accountId, harnessId: spec.harnessId }),
    );
    const record: HarnessRecord = {
      arn,
      harnessId: spec.harnessId,
      accountId: spec.accountId,
      region,
      endpoints: endpointNames(spec.endpoints, 'harnesses[].endpoints'),
    };
    this.harnesses.set(arn, record);
    return record;
  }

  /**
   * True when the runtime, runtime endpoint, memory, gateway, harness or harness endpoint ARN
   * names something the emulator hosts.
   */
  hasResource(arn: string, memoryArns: readonly string[]): boolean {
    const parsed = parseArn(arn);
    const location = { partition: parsed.partition, region: parsed.region, accountId: parsed.accountId };
    switch (parsed.resourceType) {
      case 'runtime':
        return this.runtimes.has(arn);
      case 'runtime-endpoint':
        return (
          this.runtimes
            .get(runtimeArn({ ...location, runtimeId: parsed.runtimeId }))
            ?.endpoints.has(parsed.endpointName) ?? false
        );
      case 'memory':
        return memoryArns.includes(arn);
      case 'gateway':
        return this.gateways.has(arn);
      case 'harness':
        return this.harnesses.has(arn);
      case 'harness-endpoint':
        return (
          this.harnesses
            .get(harnessArn({ ...location, harnessId: parsed.harnessId }))
            ?.endpoints.has(parsed.endpointName) ?? false
        );
    }
  }

  /** Mints an assumed-role session key. */
  mintSession(
    session: Omit<Caller, 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'isSession'>,
  ): Caller {
    const caller: Caller = {
      ...session,
      accessKeyId: randomId('ASIA'),
      secretAccessKey: randomSecret(),
      sessionToken: randomSecret(180),
      isSession: true,
    };
    this.keys.set(caller.accessKeyId, caller);
    return caller;
  }

  /** The policies `explainAccess` needs for a call by `caller` on the given ARNs. */
  policiesFor(caller: Caller, resourceArns: readonly string[]): AccessPolicies {
    const principal = this.principals.get(caller.identityArn);
    const resource: Record<string, PolicyDocument | undefined> = {};
    for (const arn of resourceArns) resource[arn] = this.resourcePolicies.get(arn)?.document;
    const policies: AccessPolicies = { identity: this.identityPolicies(principal), resource };
    const scp = this.serviceControlPolicies.get(caller.accountId);
    return {
      ...policies,
      ...(scp === undefined ? {} : { scp }),
      ...(caller.sessionPolicy === undefined ? {} : { sessionPolicy: caller.sessionPolicy }),
      ...(principal?.permissionsBoundary === undefined
        ? {}
        : { permissionsBoundary: principal.permissionsBoundary }),
    };
  }
}

/** The endpoint names of a runtime or harness spec (default `DEFAULT`), each checked. */
function endpointNames(names: readonly string[] | undefined, field: string): ReadonlySet<string> {
  const given =
    names === undefined
      ? ['DEFAULT']
      : list(names, field, "Pass a list of endpoint names, e.g. ['DEFAULT', 'prod'].");
  const endpoints = new Set<string>();
  for (const name of given) {
    if (typeof name !== 'string' || !ENDPOINT_NAME.test(name)) {
      throw new ValidationError(
        field,
        `${shown(name)} is not a valid endpoint name`,
        'Use a letter then up to 47 of [a-zA-Z0-9_], e.g. DEFAULT.',
      );
    }
    endpoints.add(name);
  }
  return endpoints;
}

/** The ARN a spec declares, or a ValidationError naming the option. */
function resourceArn(field: string, build: () => string): string {
  try {
    return build();
  } catch (error) {
    throw new ValidationError(
      field,
      (error as Error).message,
      'Declare it with a valid id and a 12-digit account id.',
    );
  }
}

/** AgentCore's LifecycleConfiguration defaults and range (control-plane API reference). */
const DEFAULT_IDLE_SECONDS = 900;
const DEFAULT_LIFETIME_SECONDS = 28_800;

function lifecycleOf(spec: RuntimeSpec): { idleTimeoutMs: number; maxLifetimeMs: number } {
  const idle = spec.lifecycle?.idleRuntimeSessionTimeout ?? DEFAULT_IDLE_SECONDS;
  const lifetime = spec.lifecycle?.maxLifetime ?? DEFAULT_LIFETIME_SECONDS;
  for (const [name, value] of [
    ['idleRuntimeSessionTimeout', idle],
    ['maxLifetime', lifetime],
  ] as const) {
    if (!(Number.isInteger(value) && value >= 60 && value <= 28_800)) {
      throw new ValidationError(
        `runtimes[].lifecycle.${name}`,
        `${String(value)} is not a valid ${name}`,
        'Use a whole number of seconds from 60 to 28800, as AgentCore accepts.',
      );
    }
  }
  if (idle > lifetime) {
    throw new ValidationError(
      'runtimes[].lifecycle.idleRuntimeSessionTimeout',
      `${idle} s is longer than maxLifetime (${lifetime} s)`,
      'Give an idle timeout at most the maximum lifetime, as AgentCore requires.',
    );
  }
  return { idleTimeoutMs: idle * 1000, maxLifetimeMs: lifetime * 1000 };
}

/**
 * The MFA condition keys of a request made by `caller`: for a session obtained with MFA,
 * `aws:MultiFactorAuthPresent` true and `aws:MultiFactorAuthAge` in seconds; otherwise none (the
 * keys are absent from requests made with long-term keys, IAM condition key reference).
 * @internal
 */
export function mfaContext(caller: Caller, now: number): Record<string, ContextValue> {
  if (caller.mfaAuthenticatedAt === undefined) return {};
  return {
    'aws:MultiFactorAuthPresent': true,
    'aws:MultiFactorAuthAge': Math.max(0, Math.floor((now - caller.mfaAuthenticatedAt) / 1000)),
  };
}

/** The ARNs a runtime action authorizes: the runtime and its endpoint. @internal */
export function runtimeResourceArns(runtime: string, qualifier: string): [string, string] {
  return [runtime, endpointArn(runtime, qualifier)];
}

/** The ARNs InvokeHarness authorizes: the harness and its endpoint. @internal */
export function harnessResourceArns(harness: string, qualifier: string): [string, string] {
  return [harness, harnessEndpointArn(harness, qualifier)];
}

/** An AWS-style request id. @internal */
export function requestId(): string {
  return randomUUID();
}
