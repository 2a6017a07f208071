/**
 * The control plane: the resource-policy API (`PUT|GET|DELETE /resourcepolicy/{resourceArn}` for
 * runtimes, runtime endpoints, memories, gateways, harnesses and harness endpoints), and
 * CreateMemory / GetMemory, so that a memory
 * created through the control plane is served by the data plane at once.
 * @module
 */
import { memoryArn } from '../arn/format.js';
import { parseArn } from '../arn/parse.js';
import { parsePrincipalArn } from '../arn/principal.js';
import { asArray, statementsOf } from '../policy/document.js';
import { MAX_RESOURCE_POLICY_LENGTH, MAX_RESOURCE_POLICY_STATEMENTS } from '../policy/limits.js';
import { hasWildcard } from '../policy/statement/wildcard.js';
import type { PolicyDocument } from '../policy/types.js';
import { ExpiringMap } from './expiring-map.js';
import { EmulatorHttpError, notFound } from './http-error.js';
import type { MemoryStore } from './memory/index.js';
import {
  checkLength,
  fieldValidationError,
  jsonObjectBody,
  type RouteContext,
  type StreamingResponse,
} from './responses.js';
import { type RouteHandler, type RouteParams, requireParam } from './route-table.js';
import { randomId } from './world.js';

type PolicyOperation = 'PutResourcePolicy' | 'GetResourcePolicy' | 'DeleteResourcePolicy';

/** ValidationException for a policy document AgentCore refuses. */
function policyRejected(message: string): EmulatorHttpError {
  return new EmulatorHttpError(400, 'ValidationException', message, {
    reason: 'FieldValidationFailed',
    fieldList: [{ name: 'policy', message }],
  });
}

/**
 * The checks AgentCore applies to a resource policy before storing it. Grounded: `Resource` must
 * be the exact ARN the policy is attached to, never a wildcard (gotcha 2 of the seed); at most
 * 100 statements (AgentCore quotas, FACTS.md). Assumed (no
 * public sample of the real messages): the wording below, and that a statement without
 * `Resource` (or with `NotResource`) or without `Principal` is refused the same way.
 * @internal
 */
export function checkPolicy(resourceArn: string, text: string): PolicyDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new EmulatorHttpError(400, 'ValidationException', 'The policy is not valid JSON.', {
      reason: 'CannotParse',
      fieldList: [{ name: 'policy', message: 'The policy is not valid JSON.' }],
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('Statement' in value)) {
    throw policyRejected('The policy must be a JSON object with a Statement element.');
  }
  const document = value as PolicyDocument;
  const statements = statementsOf(document);
  // AgentCore's quota (FACTS.md); no public sample of AWS's refusal: the wording is the emulator's.
  if (statements.length > MAX_RESOURCE_POLICY_STATEMENTS) {
    throw policyRejected(
      `The policy has ${statements.length} statements; a resource-based policy can have at most ${MAX_RESOURCE_POLICY_STATEMENTS}.`,
    );
  }
  statements.forEach((statement, index) => {
    if (typeof statement !== 'object' || statement === null) {
      throw policyRejected(`Statement ${index} of the policy is not a JSON object.`);
    }
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      throw policyRejected(`Statement ${index} of the policy has an invalid Effect; use Allow or Deny.`);
    }
    if (statement.Principal === undefined && statement.NotPrincipal === undefined) {
      throw policyRejected(
        `Statement ${index} of the policy has no Principal; a resource-based policy must name one.`,
      );
    }
    if (statement.NotResource !== undefined || statement.Resource === undefined) {
      throw policyRejected(
        `Statement ${index} of the policy must have a Resource element naming exactly ${resourceArn}.`,
      );
    }
    for (const resource of asArray(statement.Resource)) {
      if (typeof resource !== 'string') {
        throw policyRejected(`Statement ${index} of the policy has a Resource that is not a string.`);
      }
      if (hasWildcard(resource)) {
        throw policyRejected(
          `Invalid Resource '${resource}' in statement ${index}: wildcards are not allowed in the Resource of a resource-based policy. Specify the exact ARN of the resource the policy is attached to: ${resourceArn}.`,
        );
      }
      if (resource !== resourceArn) {
        throw policyRejected(
          `Invalid Resource '${resource}' in statement ${index}: the Resource must be the ARN of the resource the policy is attached to: ${resourceArn}.`,
        );
      }
    }
  });
  return document;
}

/**
 * The handler of `PUT|GET|DELETE /resourcepolicy/{resourceArn}` for one operation.
 * @internal
 */
export function resourcePolicyHandler(operation: PolicyOperation): RouteHandler {
  return (ctx, params) =>
    handlePolicy(ctx, operation, requireParam(params, 'resourceArn'), ctx.emulator.memory.memoryArns());
}

function handlePolicy(
  ctx: RouteContext,
  operation: PolicyOperation,
  resourceArn: string,
  memoryArns: readonly string[],
): StreamingResponse {
  checkLength('resourceArn', resourceArn, 20, 1011);
  try {
    parseArn(resourceArn);
  } catch (error) {
    throw fieldValidationError('resourceArn', resourceArn, (error as Error).message);
  }
  let text: string | undefined;
  if (operation === 'PutResourcePolicy') {
    const body = jsonObjectBody(ctx.body);
    if (typeof body.policy !== 'string') throw fieldValidationError('policy', '', 'Member must not be null');
    text = body.policy;
    checkLength('policy', text, 1, MAX_RESOURCE_POLICY_LENGTH);
  }
  ctx.authorize({ action: operation, resourceArn });
  if (!ctx.world.hasResource(resourceArn, memoryArns) || parseArn(resourceArn).region !== ctx.region) {
    throw notFound(`Resource ${resourceArn} does not exist.`);
  }
  const policies = ctx.world.resourcePolicies;
  switch (operation) {
    case 'PutResourcePolicy': {
      const policy = text as string;
      policies.set(resourceArn, { text: policy, document: checkPolicy(resourceArn, policy) });
      return { status: 201, headers: { 'Content-Type': 'application/json' }, body: { policy } };
    }
    case 'GetResourcePolicy': {
      // Assumed: no policy attached answers ResourceNotFoundException (as Lambda's GetPolicy does);
      // the SDK model would also allow a 200 without `policy`.
      const stored = policies.get(resourceArn);
      if (stored === undefined) throw notFound(`No resource policy is attached to ${resourceArn}.`);
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body: { policy: stored.text } };
    }
    case 'DeleteResourcePolicy': {
      if (!policies.delete(resourceArn)) throw notFound(`No resource policy is attached to ${resourceArn}.`);
      return { status: 204 };
    }
  }
}

/** `POST /memories/create`. @internal */
export function createMemory(ctx: RouteContext): StreamingResponse {
  return ctx.emulator.memoryControl.create(ctx);
}

/** `GET /memories/{memoryId}/details`. @internal */
export function getMemory(ctx: RouteContext, params: RouteParams): StreamingResponse {
  return ctx.emulator.memoryControl.get(ctx, requireParam(params, 'memoryId'));
}

/** What CreateMemory recorded about a memory (the data plane ignores all of it). */
interface MemoryDetails {
  arn: string;
  id: string;
  name: string;
  description?: string;
  eventExpiryDuration: number;
  memoryExecutionRoleArn?: string;
  encryptionKeyArn?: string;
  strategies: Array<{ strategyId: string; name: string; type: string; namespaces: string[] }>;
  streamDeliveryResources?: unknown;
  /** Epoch seconds. */
  createdAt: number;
  /** Canonical JSON of the request without its client token, for idempotent retries. */
  fingerprint: string;
}

// Assumed: the constraints the delivery builder applies (FACTS.md has no CreateMemory limits).
const MEMORY_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;
const STRATEGY_TYPES: Record<string, string> = {
  semanticMemoryStrategy: 'SEMANTIC',
  summaryMemoryStrategy: 'SUMMARIZATION',
  userPreferenceMemoryStrategy: 'USER_PREFERENCE',
  customMemoryStrategy: 'CUSTOM',
  episodicMemoryStrategy: 'EPISODIC',
};

/**
 * CreateMemory and GetMemory over the emulator's memory store. A created memory is registered
 * with the store at once, so the data plane serves it. Assumed (not in FACTS.md): CreateMemory
 * answers `CREATING` and every later GetMemory `ACTIVE` (what the SDK's `waitUntilMemoryCreated`
 * polls for); a repeated `clientToken` with the same input returns the same memory, with another
 * input ConflictException; names need not be unique; `iam:PassRole` on the execution role is not
 * checked, and the strategies' `configuration` is not echoed back.
 * @internal
 */
export class MemoryControlPlane {
  readonly #store: MemoryStore;
  readonly #details = new Map<string, MemoryDetails>();
  /** CreateMemory client tokens, remembered for the memory store's idempotency window. */
  readonly #tokens: ExpiringMap<string, string>;
  readonly #startedAt: number;

  constructor(store: MemoryStore) {
    this.#store = store;
    this.#tokens = new ExpiringMap(() => store.now());
    this.#startedAt = store.now() / 1000;
  }

  /** CreateMemory. */
  create(ctx: RouteContext): StreamingResponse {
    const body = jsonObjectBody(ctx.body);
    const { clientToken, ...input } = body;
    const name = requiredString(input.name, 'name');
    if (!MEMORY_NAME.test(name)) {
      throw fieldValidationError(
        'name',
        name,
        `Member must satisfy regular expression pattern: ${MEMORY_NAME.source}`,
      );
    }
    const days = input.eventExpiryDuration;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 7 || days > 365) {
      throw fieldValidationError(
        'eventExpiryDuration',
        String(days),
        'Member must be an integer from 7 to 365',
      );
    }
    const details: Omit<MemoryDetails, 'arn' | 'id' | 'createdAt' | 'fingerprint'> = {
      name,
      eventExpiryDuration: days,
      strategies: strategiesOf(input.memoryStrategies),
    };
    if (input.description !== undefined) {
      details.description = requiredString(input.description, 'description');
      checkLength('description', details.description, 1, 4096);
    }
    if (input.memoryExecutionRoleArn !== undefined) {
      details.memoryExecutionRoleArn = roleArn(input.memoryExecutionRoleArn);
    }
    if (input.encryptionKeyArn !== undefined) {
      details.encryptionKeyArn = requiredString(input.encryptionKeyArn, 'encryptionKeyArn');
    }
    if (input.streamDeliveryResources !== undefined)
      details.streamDeliveryResources = input.streamDeliveryResources;

    const fingerprint = JSON.stringify(input);
    const tokenKey = typeof clientToken === 'string' ? `${ctx.caller.accountId}|${clientToken}` : undefined;
    const earlier = tokenKey === undefined ? undefined : this.#tokens.get(tokenKey);
    if (earlier !== undefined) {
      const created = this.#details.get(earlier);
      if (created !== undefined && created.fingerprint === fingerprint) {
        ctx.authorize({ action: 'CreateMemory', resourceArn: created.arn });
        return json(202, { memory: view(created, 'CREATING') });
      }
      throw new EmulatorHttpError(
        409,
        'ConflictException',
        'The clientToken was already used with a different request.',
      );
    }

    const id = `${name}-${randomId('').slice(0, 10)}`;
    const arn = memoryArn(id, { accountId: ctx.caller.accountId, region: ctx.region });
    ctx.authorize({ action: 'CreateMemory', resourceArn: arn });
    this.#store.add({
      memoryId: id,
      accountId: ctx.caller.accountId,
      region: ctx.region,
      name,
      strategies: details.strategies.map(({ strategyId, namespaces }) => ({ strategyId, namespaces })),
    });
    const created: MemoryDetails = { ...details, arn, id, createdAt: this.#store.now() / 1000, fingerprint };
    this.#details.set(arn, created);
    if (tokenKey !== undefined) this.#tokens.set(tokenKey, arn, this.#store.replayExpiry());
    return json(202, { memory: view(created, 'CREATING') });
  }

  /** The ListMemories summary of a memory the store serves. */
  summary(arn: string): Record<string, unknown> {
    const created = this.#details.get(arn)?.createdAt ?? this.#startedAt;
    return {
      arn,
      id: arn.slice(arn.indexOf(':memory/') + ':memory/'.length),
      status: 'ACTIVE',
      createdAt: created,
      updatedAt: created,
    };
  }

  /** GetMemory. */
  get(ctx: RouteContext, memoryId: string): StreamingResponse {
    let arn: string;
    try {
      arn = memoryArn(memoryId, { accountId: ctx.caller.accountId, region: ctx.region });
    } catch (error) {
      throw fieldValidationError('memoryId', memoryId, (error as Error).message);
    }
    ctx.authorize({ action: 'GetMemory', resourceArn: arn });
    const state = this.#store.memory(arn);
    if (state === undefined) throw notFound(`Memory ${memoryId} does not exist.`);
    const details = this.#details.get(arn) ?? {
      // A memory declared in the emulator's options: only its id, account and region are known.
      arn,
      id: state.memoryId,
      name: state.spec.name ?? state.memoryId.slice(0, -11),
      eventExpiryDuration: 30,
      strategies: (state.spec.strategies ?? []).map(({ strategyId, namespaces }) => ({
        strategyId,
        name: strategyId,
        type: 'CUSTOM',
        namespaces,
      })),
      createdAt: this.#startedAt,
      fingerprint: '',
    };
    return json(200, { memory: view(details, 'ACTIVE') });
  }
}

function json(status: number, body: unknown): StreamingResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body };
}

function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw fieldValidationError(field, String(value), 'Member must be a string');
  return value;
}

function roleArn(value: unknown): string {
  const text = requiredString(value, 'memoryExecutionRoleArn');
  let kind: string;
  try {
    kind = parsePrincipalArn(text).kind;
  } catch (error) {
    throw fieldValidationError('memoryExecutionRoleArn', text, (error as Error).message);
  }
  if (kind !== 'role')
    throw fieldValidationError('memoryExecutionRoleArn', text, 'Member must be an IAM role ARN');
  return text;
}

function strategiesOf(value: unknown): MemoryDetails['strategies'] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw fieldValidationError('memoryStrategies', String(value), 'Member must be a list');
  return value.map((entry: unknown, index) => {
    const field = `memoryStrategies.${index + 1}.member`;
    const members = typeof entry === 'object' && entry !== null ? Object.entries(entry) : [];
    const [member] = members;
    const type = member === undefined ? undefined : STRATEGY_TYPES[member[0]];
    if (members.length !== 1 || member === undefined || type === undefined) {
      throw fieldValidationError(
        field,
        JSON.stringify(entry) ?? '',
        'Member must set exactly one strategy type',
      );
    }
    const strategy = member[1] as { name?: unknown; namespaces?: unknown };
    const name = requiredString(strategy.name, `${field}.name`);
    if (!MEMORY_NAME.test(name)) {
      throw fieldValidationError(
        `${field}.name`,
        name,
        `Member must satisfy regular expression pattern: ${MEMORY_NAME.source}`,
      );
    }
    const namespaces = Array.isArray(strategy.namespaces)
      ? strategy.namespaces.filter((n): n is string => typeof n === 'string')
      : [];
    return { strategyId: `${name}-${randomId('').slice(0, 10)}`, name, type, namespaces };
  });
}

function view(details: MemoryDetails, status: 'CREATING' | 'ACTIVE'): Record<string, unknown> {
  const { fingerprint: _fingerprint, strategies, ...rest } = details;
  return {
    ...rest,
    status,
    updatedAt: details.createdAt,
    strategies: strategies.map((s) => ({ ...s, namespaceTemplates: s.namespaces, status: 'ACTIVE' })),
  };
}
