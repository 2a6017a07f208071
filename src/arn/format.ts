import { InvalidArnError, shown } from '../errors.js';
import { isRecord, plain } from '../input.js';
import { type AgentCoreArn, parseArn, parseArnOfType, RESOURCE_TYPES } from './parse.js';
import { ACCOUNT_ID, PARTITIONS, type Partition, partitionOfRegion, REGION } from './patterns.js';

/** The parts of an ARN input, as plain data; refused (naming `what`) when not an object. */
function partsOf(value: unknown, what: string): Record<string, unknown> {
  const parts = plain(value, what);
  if (!isRecord(parts)) {
    throw new InvalidArnError(
      'arn',
      shown(parts),
      `${what}: expected the parts of an ARN as an object, got ${shown(parts)}.`,
    );
  }
  return parts;
}

/** One part of an ARN: a string, or an {@link InvalidArnError} naming it. */
function part(parts: Record<string, unknown>, name: string, what: string): string {
  const value = parts[name];
  if (typeof value !== 'string') {
    throw new InvalidArnError(name, shown(value), `${what}: ${name} must be a string, not ${shown(value)}.`);
  }
  return value;
}

/** The partition given, or the region's; refused when it is not one of {@link PARTITIONS}. */
function partitionOf(parts: Record<string, unknown>, region: string, what: string): Partition {
  const value = parts['partition'];
  if (value === undefined) return partitionOfRegion(region);
  if (!(PARTITIONS as readonly unknown[]).includes(value)) {
    throw new InvalidArnError(
      'partition',
      shown(value),
      `${what}: partition ${shown(value)} is not one of ${PARTITIONS.join(', ')}.`,
    );
  }
  return value as Partition;
}

/** The parts {@link formatArn} needs: partition, region, account, and the typed resource id. */
export type ArnFormatInput = Pick<AgentCoreArn, 'partition' | 'region' | 'accountId' | 'resourceType'> &
  (
    | { resourceType: 'runtime'; runtimeId: string }
    | { resourceType: 'runtime-endpoint'; runtimeId: string; endpointName: string }
    | { resourceType: 'memory'; memoryId: string }
    | { resourceType: 'gateway'; gatewayId: string }
    | { resourceType: 'harness'; harnessId: string }
    | { resourceType: 'harness-endpoint'; harnessId: string; endpointName: string }
  );

/**
 * Formats parsed ARN parts back into an ARN string, validating the result.
 * `formatArn(parseArn(arn)) === arn` for every valid ARN.
 *
 * @example
 * ```ts
 * import { formatArn } from 'agentcore-xacct/policy';
 * formatArn({ partition: 'aws', region: 'eu-west-1', accountId: '111111111111', resourceType: 'memory', memoryId: 'shared_memory-abcdefghij' });
 * // 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij'
 * ```
 */
export function formatArn(parts: ArnFormatInput): string {
  const input = partsOf(parts, 'formatArn');
  const id = (name: string) => part(input, name, 'formatArn');
  let resource: string;
  const type = input['resourceType'];
  switch (type) {
    case 'runtime':
      resource = `runtime/${id('runtimeId')}`;
      break;
    case 'runtime-endpoint':
      resource = `runtime/${id('runtimeId')}/runtime-endpoint/${id('endpointName')}`;
      break;
    case 'memory':
      resource = `memory/${id('memoryId')}`;
      break;
    case 'gateway':
      resource = `gateway/${id('gatewayId')}`;
      break;
    case 'harness':
      resource = `harness/${id('harnessId')}`;
      break;
    case 'harness-endpoint':
      resource = `harness/${id('harnessId')}/harness-endpoint/${id('endpointName')}`;
      break;
    default:
      throw new InvalidArnError(
        'resourceType',
        shown(type),
        `formatArn: resourceType ${shown(type)} is not one of ${RESOURCE_TYPES.join(', ')}.`,
      );
  }
  const arn = `arn:${id('partition')}:bedrock-agentcore:${id('region')}:${id('accountId')}:${resource}`;
  return parseArn(arn).arn;
}

/** Where a resource lives: its owner's account and region. */
export interface ResourceLocation {
  /** Region of the resource, e.g. `eu-west-1`. */
  region: string;
  /** 12-digit id of the account that owns the resource (Account A). */
  accountId: string;
  /** Partition; defaults to the one the region belongs to. */
  partition?: Partition;
}

/**
 * Builds a runtime ARN from its parts.
 *
 * @example
 * ```ts
 * import { runtimeArn } from 'agentcore-xacct/policy';
 * runtimeArn({ region: 'eu-west-1', accountId: '111111111111', runtimeId: 'agent-abcdefghij' });
 * // 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij'
 * ```
 */
export function runtimeArn(input: ResourceLocation & { runtimeId: string }): string {
  return locatedArn(input, 'runtimeArn', 'runtime', 'runtimeId');
}

/** The ARN of a resource type whose ARN is its location and one id. */
function locatedArn(
  input: unknown,
  what: string,
  resourceType: 'runtime' | 'gateway' | 'harness',
  idName: 'runtimeId' | 'gatewayId' | 'harnessId',
): string {
  const parts = partsOf(input, what);
  const region = part(parts, 'region', what);
  return formatArn({
    partition: partitionOf(parts, region, what),
    region,
    accountId: part(parts, 'accountId', what),
    resourceType,
    [idName]: part(parts, idName, what),
  } as ArnFormatInput);
}

/**
 * Builds a gateway ARN from its parts.
 *
 * @example
 * ```ts
 * import { gatewayArn } from 'agentcore-xacct/policy';
 * gatewayArn({ region: 'eu-west-1', accountId: '111111111111', gatewayId: 'tools-gateway-abcdefghij' });
 * // 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij'
 * ```
 */
export function gatewayArn(input: ResourceLocation & { gatewayId: string }): string {
  return locatedArn(input, 'gatewayArn', 'gateway', 'gatewayId');
}

/**
 * Builds a harness ARN from its parts.
 *
 * @example
 * ```ts
 * import { harnessArn } from 'agentcore-xacct/policy';
 * harnessArn({ region: 'eu-west-1', accountId: '111111111111', harnessId: 'support_harness-abcdefghij' });
 * // 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/support_harness-abcdefghij'
 * ```
 */
export function harnessArn(input: ResourceLocation & { harnessId: string }): string {
  return locatedArn(input, 'harnessArn', 'harness', 'harnessId');
}

/**
 * The ARN of a runtime endpoint: AWS authorizes every invocation against it as well as against
 * the runtime (hierarchical authorization), so both need a resource policy.
 *
 * @param runtimeArnValue - The runtime ARN (not an endpoint ARN).
 * @param qualifier - The endpoint name; defaults to `DEFAULT`, the endpoint AgentCore uses when a
 *   request names none.
 *
 * @example
 * ```ts
 * import { endpointArn } from 'agentcore-xacct/policy';
 * endpointArn('arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij');
 * // 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij/runtime-endpoint/DEFAULT'
 * ```
 */
export function endpointArn(runtimeArnValue: string, qualifier = 'DEFAULT'): string {
  return endpointOf(runtimeArnValue, qualifier, 'runtime', 'endpointArn');
}

/**
 * The ARN of a harness endpoint: AWS authorizes InvokeHarness against it as well as against the
 * harness (the IAM data marks both `harness` and `harness-endpoint` required), so both need a
 * resource policy.
 *
 * @param harnessArnValue - The harness ARN (not an endpoint ARN).
 * @param qualifier - The endpoint name; defaults to `DEFAULT`, the endpoint InvokeHarness uses when
 *   a request names none ("If omitted, the DEFAULT endpoint is used", InvokeHarness `qualifier`).
 *
 * @example
 * ```ts
 * import { harnessEndpointArn } from 'agentcore-xacct/policy';
 * harnessEndpointArn('arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/support_harness-abcdefghij');
 * // 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/support_harness-abcdefghij/harness-endpoint/DEFAULT'
 * ```
 */
export function harnessEndpointArn(harnessArnValue: string, qualifier = 'DEFAULT'): string {
  return endpointOf(harnessArnValue, qualifier, 'harness', 'harnessEndpointArn');
}

/** The endpoint ARN of a runtime or harness ARN. */
function endpointOf(parent: string, qualifier: unknown, type: 'runtime' | 'harness', what: string): string {
  const field = type === 'runtime' ? 'runtimeArn' : 'harnessArn';
  if (typeof qualifier !== 'string') {
    throw new InvalidArnError(
      'endpointName',
      shown(qualifier),
      `${what}: the qualifier must be an endpoint name such as DEFAULT, not ${shown(qualifier)}.`,
    );
  }
  if (type === 'runtime') {
    const runtime = parseArnOfType(parent, 'runtime', field);
    return formatArn({
      ...locationOf(runtime),
      resourceType: 'runtime-endpoint',
      runtimeId: runtime.runtimeId,
      endpointName: qualifier,
    });
  }
  const harness = parseArnOfType(parent, 'harness', field);
  return formatArn({
    ...locationOf(harness),
    resourceType: 'harness-endpoint',
    harnessId: harness.harnessId,
    endpointName: qualifier,
  });
}

function locationOf(parsed: AgentCoreArn): Pick<AgentCoreArn, 'partition' | 'region' | 'accountId'> {
  return { partition: parsed.partition, region: parsed.region, accountId: parsed.accountId };
}

/**
 * The runtime ARN a runtime or runtime-endpoint ARN belongs to.
 *
 * @example
 * ```ts
 * import { runtimeArnOf } from 'agentcore-xacct/policy';
 * runtimeArnOf('arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij/runtime-endpoint/DEFAULT');
 * // 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij'
 * ```
 */
export function runtimeArnOf(arn: string): string {
  return parentArnOf(arn, 'runtime');
}

/** The runtime or harness ARN of a runtime / harness ARN or of one of its endpoints. */
function parentArnOf(arn: string, type: 'runtime' | 'harness'): string {
  const parsed = parseArn(arn);
  if (parsed.resourceType === 'runtime' || parsed.resourceType === 'runtime-endpoint') {
    if (type === 'runtime')
      return formatArn({ ...locationOf(parsed), resourceType: type, runtimeId: parsed.runtimeId });
  } else if (parsed.resourceType === 'harness' || parsed.resourceType === 'harness-endpoint') {
    if (type === 'harness')
      return formatArn({ ...locationOf(parsed), resourceType: type, harnessId: parsed.harnessId });
  }
  throw new InvalidArnError(
    'resourceType',
    parsed.resourceType,
    `Expected a ${type} or ${type}-endpoint ARN, got a ${parsed.resourceType} ARN.`,
  );
}

/**
 * The harness ARN a harness or harness-endpoint ARN belongs to.
 *
 * @example
 * ```ts
 * import { harnessArnOf } from 'agentcore-xacct/policy';
 * harnessArnOf('arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/support_harness-abcdefghij/harness-endpoint/DEFAULT');
 * // 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/support_harness-abcdefghij'
 * ```
 */
export function harnessArnOf(arn: string): string {
  return parentArnOf(arn, 'harness');
}

/**
 * Resolves a memory id or ARN to the full memory ARN that cross-account calls must send.
 *
 * A full ARN passes through validated (and must agree with `owner`, when given). A bare id needs
 * the owner's account and region: sent alone, AgentCore would resolve it in the caller's own
 * account, which is the `memory-id-not-arn` trap.
 *
 * @throws {@link InvalidArnError} with `findingCode: 'memory-id-not-arn'` for a bare id without
 *   an owner account.
 *
 * @example
 * ```ts
 * import { memoryArn } from 'agentcore-xacct/policy';
 * memoryArn('shared_memory-abcdefghij', { region: 'eu-west-1', accountId: '111111111111' });
 * // 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij'
 * ```
 */
export function memoryArn(idOrArn: string, owner?: Partial<ResourceLocation>): string {
  if (typeof idOrArn !== 'string' || idOrArn === '') {
    throw new InvalidArnError(
      'memoryId',
      shown(idOrArn),
      `memoryArn: the memory id or ARN is ${typeof idOrArn === 'string' ? 'empty' : shown(idOrArn)}. Pass the full memory ARN from Account A.`,
    );
  }
  const given = owner === undefined ? {} : partsOf(owner, 'memoryArn (owner)');
  for (const key of ['accountId', 'region', 'partition'] as const) {
    if (given[key] !== undefined) part(given, key, 'memoryArn');
  }
  if (idOrArn.startsWith('arn:')) {
    const parsed = parseArnOfType(idOrArn, 'memory', 'memoryArn');
    for (const key of ['accountId', 'region', 'partition'] as const) {
      const expected = given[key];
      if (expected !== undefined && expected !== parsed[key]) {
        throw new InvalidArnError(
          key,
          parsed[key],
          `memoryArn: the ARN's ${key} "${parsed[key]}" differs from the ${key} given (${shown(expected)}). Use one source of truth for the memory's owner.`,
        );
      }
    }
    return parsed.arn;
  }
  owner = given as Partial<ResourceLocation>;
  if (owner.accountId === undefined || owner.region === undefined) {
    const missing = owner.accountId === undefined ? 'accountId' : 'region';
    throw new InvalidArnError(
      missing,
      idOrArn.slice(0, 200),
      `memoryArn: "${idOrArn.slice(0, 80)}" is a bare memory id and no owner ${missing} was given. A bare id resolves in the caller's own account, never in Account A. Pass the full memory ARN, or the owner's { accountId, region }.`,
      { findingCode: 'memory-id-not-arn' },
    );
  }
  if (!ACCOUNT_ID.test(owner.accountId)) {
    throw new InvalidArnError(
      'accountId',
      owner.accountId,
      `memoryArn: accountId "${owner.accountId.slice(0, 80)}" is not a 12-digit account id.`,
    );
  }
  if (!REGION.test(owner.region)) {
    throw new InvalidArnError(
      'region',
      owner.region,
      `memoryArn: region "${owner.region.slice(0, 80)}" is not a region code such as eu-west-1.`,
    );
  }
  return formatArn({
    partition: partitionOf(given, owner.region, 'memoryArn'),
    region: owner.region,
    accountId: owner.accountId,
    resourceType: 'memory',
    memoryId: idOrArn,
  });
}
