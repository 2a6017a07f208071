import { InvalidArnError, shown } from '../errors.js';
import {
  ACCOUNT_ID,
  ENDPOINT_NAME,
  GATEWAY_ID,
  HARNESS_ID,
  MAX_ARN_LENGTH,
  MEMORY_ID,
  PARTITIONS,
  type Partition,
  partitionOfRegion,
  REGION,
  RUNTIME_ID,
  SERVICE,
} from './patterns.js';

/** Fields every parsed AgentCore ARN has. */
export interface ArnBase {
  /** The ARN exactly as given. */
  readonly arn: string;
  readonly partition: Partition;
  readonly service: 'bedrock-agentcore';
  readonly region: string;
  readonly accountId: string;
  /** Everything after the account: `runtime/agent-abcdefghij/runtime-endpoint/DEFAULT`. */
  readonly resource: string;
}

/** `arn:…:runtime/{runtimeId}` */
export interface RuntimeArnParts extends ArnBase {
  readonly resourceType: 'runtime';
  readonly resourceId: string;
  readonly runtimeId: string;
}

/** `arn:…:runtime/{runtimeId}/runtime-endpoint/{endpointName}` */
export interface RuntimeEndpointArnParts extends ArnBase {
  readonly resourceType: 'runtime-endpoint';
  /** `{runtimeId}/runtime-endpoint/{endpointName}` */
  readonly resourceId: string;
  readonly runtimeId: string;
  readonly endpointName: string;
}

/** `arn:…:memory/{memoryId}` */
export interface MemoryArnParts extends ArnBase {
  readonly resourceType: 'memory';
  readonly resourceId: string;
  readonly memoryId: string;
}

/** `arn:…:gateway/{gatewayId}` */
export interface GatewayArnParts extends ArnBase {
  readonly resourceType: 'gateway';
  readonly resourceId: string;
  readonly gatewayId: string;
}

/** `arn:…:harness/{harnessId}` */
export interface HarnessArnParts extends ArnBase {
  readonly resourceType: 'harness';
  readonly resourceId: string;
  readonly harnessId: string;
}

/** `arn:…:harness/{harnessId}/harness-endpoint/{endpointName}` */
export interface HarnessEndpointArnParts extends ArnBase {
  readonly resourceType: 'harness-endpoint';
  /** `{harnessId}/harness-endpoint/{endpointName}` */
  readonly resourceId: string;
  readonly harnessId: string;
  readonly endpointName: string;
}

/** A parsed AgentCore ARN; switch on `resourceType`. */
export type AgentCoreArn =
  | RuntimeArnParts
  | RuntimeEndpointArnParts
  | MemoryArnParts
  | GatewayArnParts
  | HarnessArnParts
  | HarnessEndpointArnParts;

/** The AgentCore resource types this library understands. */
export type AgentCoreResourceType = AgentCoreArn['resourceType'];

/** The resource types an AgentCore ARN may name. @internal */
export const RESOURCE_TYPES: readonly AgentCoreResourceType[] = [
  'runtime',
  'runtime-endpoint',
  'memory',
  'gateway',
  'harness',
  'harness-endpoint',
];

/** The resource types with endpoints. @internal */
export type ParentResourceType = 'runtime' | 'harness';

/**
 * The type a runtime-endpoint or harness-endpoint ARN (or pattern kind) belongs to; `undefined`
 * for any other type.
 * @internal
 */
export function parentTypeOf(type: string | undefined): ParentResourceType | undefined {
  return type === 'runtime-endpoint' ? 'runtime' : type === 'harness-endpoint' ? 'harness' : undefined;
}

function fail(part: string, value: string, why: string, fix: string): never {
  throw new InvalidArnError(part, value, `Invalid AgentCore ARN: ${part} ${why}. ${fix}`);
}

function noWildcard(part: string, value: string): void {
  if (value.includes('*') || value.includes('?')) {
    fail(
      part,
      value,
      `"${short(value)}" contains a wildcard`,
      'Use the exact ARN: AgentCore accepts no wildcard in a resource ARN or a policy Resource.',
    );
  }
}

function short(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

/**
 * Parses an AgentCore ARN (runtime, runtime endpoint, memory, gateway, harness or harness
 * endpoint) into its parts.
 *
 * Validates the partition (aws, aws-cn, aws-us-gov), the service, the region (and that it belongs
 * to the partition), the 12-digit account id and the identifier patterns of the AgentCore API
 * (runtime, memory, gateway and harness ids, endpoint names). Wildcards are refused: a parsed ARN
 * always names one resource.
 *
 * @param arn - The ARN to parse.
 * @returns The typed parts; `resourceType` tells which variant.
 * @throws {@link InvalidArnError} naming the offending part (`partition`, `service`, `region`,
 *   `accountId`, `resourceType`, `runtimeId`, `endpointName`, `memoryId`, `gatewayId`, `harnessId`).
 *
 * @example
 * ```ts
 * import { parseArn } from 'agentcore-xacct/policy';
 * const parts = parseArn('arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij/runtime-endpoint/DEFAULT');
 * if (parts.resourceType === 'runtime-endpoint') console.log(parts.runtimeId, parts.endpointName);
 * ```
 */
export function parseArn(arn: string): AgentCoreArn {
  if (typeof arn !== 'string')
    fail('arn', shown(arn), `is ${shown(arn)}, not a string`, 'Pass the ARN as a string.');
  if (arn.length > MAX_ARN_LENGTH) {
    fail('arn', arn, `is ${arn.length} characters long`, `An AgentCore ARN has at most ${MAX_ARN_LENGTH}.`);
  }
  // Split the six colon-separated fields without a regular expression; the resource keeps its colons.
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const next = arn.indexOf(':', start);
    if (next < 0) {
      fail(
        'arn',
        arn,
        `"${short(arn)}" is not an ARN`,
        'Expected arn:PARTITION:bedrock-agentcore:REGION:ACCOUNT:RESOURCE.',
      );
    }
    fields.push(arn.slice(start, next));
    start = next + 1;
  }
  const [prefix, partition, service, region, accountId] = fields as [string, string, string, string, string];
  const resource = arn.slice(start);
  if (prefix !== 'arn') {
    fail(
      'arn',
      arn,
      `"${short(arn)}" does not start with "arn:"`,
      'Expected arn:PARTITION:bedrock-agentcore:REGION:ACCOUNT:RESOURCE.',
    );
  }
  noWildcard('partition', partition);
  if (!(PARTITIONS as readonly string[]).includes(partition)) {
    fail(
      'partition',
      partition,
      `"${short(partition)}" is not a partition AgentCore runs in`,
      `Use one of ${PARTITIONS.join(', ')}.`,
    );
  }
  if (service !== SERVICE) {
    fail(
      'service',
      service,
      `"${short(service)}" is not ${SERVICE}`,
      'This library handles AgentCore ARNs only.',
    );
  }
  noWildcard('region', region);
  if (!REGION.test(region)) {
    fail(
      'region',
      region,
      `"${short(region)}" is not a region`,
      'Use a region code such as eu-west-1 (AgentCore ARNs always name one).',
    );
  }
  if (partitionOfRegion(region) !== partition) {
    fail(
      'region',
      region,
      `"${region}" is not in partition ${partition}`,
      `Use partition ${partitionOfRegion(region)} for region ${region}.`,
    );
  }
  noWildcard('accountId', accountId);
  if (!ACCOUNT_ID.test(accountId)) {
    fail(
      'accountId',
      accountId,
      `"${short(accountId)}" is not a 12-digit account id`,
      'Use the 12-digit id of the account that owns the resource.',
    );
  }
  noWildcard('resource', resource);
  const base = {
    arn,
    partition: partition as Partition,
    service: SERVICE,
    region,
    accountId,
    resource,
  } as const;
  const slash = resource.indexOf('/');
  const type = slash < 0 ? resource : resource.slice(0, slash);
  const rest = slash < 0 ? '' : resource.slice(slash + 1);
  switch (type) {
    case 'runtime': {
      const [runtimeId, endpointName] = withEndpoint(
        resource,
        rest,
        'runtime',
        'runtimeId',
        RUNTIME_ID,
        RUNTIME_ID_TEXT,
      );
      return endpointName === undefined
        ? { ...base, resourceType: 'runtime', resourceId: runtimeId, runtimeId }
        : { ...base, resourceType: 'runtime-endpoint', resourceId: rest, runtimeId, endpointName };
    }
    case 'harness': {
      const [harnessId, endpointName] = withEndpoint(
        resource,
        rest,
        'harness',
        'harnessId',
        HARNESS_ID,
        HARNESS_ID_TEXT,
      );
      return endpointName === undefined
        ? { ...base, resourceType: 'harness', resourceId: harnessId, harnessId }
        : { ...base, resourceType: 'harness-endpoint', resourceId: rest, harnessId, endpointName };
    }
    case 'memory': {
      checkId(
        'memoryId',
        rest,
        MEMORY_ID,
        'a memory id such as shared_memory-abcdefghij (letter, then up to 99 of [a-zA-Z0-9_-], a dash and 10 alphanumerics)',
      );
      return { ...base, resourceType: 'memory', resourceId: rest, memoryId: rest };
    }
    case 'gateway': {
      checkId(
        'gatewayId',
        rest,
        GATEWAY_ID,
        'a gateway id such as my-gateway-abcdefghij (lower-case letters, digits and dashes, a dash and 10 lower-case letters or digits)',
      );
      return { ...base, resourceType: 'gateway', resourceId: rest, gatewayId: rest };
    }
    default:
      return fail(
        'resourceType',
        type,
        `"${short(type)}" is not runtime, memory, gateway or harness`,
        'Use an AgentCore runtime, runtime endpoint, memory, gateway, harness or harness endpoint ARN.',
      );
  }
}

const RUNTIME_ID_TEXT =
  'a runtime id such as agent-abcdefghij (letter, then up to 99 of [a-zA-Z0-9_], a dash and 10 alphanumerics)';
const HARNESS_ID_TEXT =
  'a harness id such as my_harness-abcdefghij (letter, then up to 39 of [a-zA-Z0-9_], a dash and 10 alphanumerics)';

/**
 * The id and, for an endpoint ARN, the endpoint name of `TYPE/ID` or
 * `TYPE/ID/TYPE-endpoint/NAME` (runtimes and harnesses share the shape).
 */
function withEndpoint(
  resource: string,
  rest: string,
  type: 'runtime' | 'harness',
  idPart: string,
  idPattern: RegExp,
  idText: string,
): [string, string | undefined] {
  const parts = rest.split('/');
  const id = parts[0] ?? '';
  checkId(idPart, id, idPattern, idText);
  if (parts.length === 1) return [id, undefined];
  if (parts.length === 3 && parts[1] === `${type}-endpoint`) {
    const endpointName = parts[2] ?? '';
    checkId(
      'endpointName',
      endpointName,
      ENDPOINT_NAME,
      'an endpoint name such as DEFAULT (letter, then up to 47 of [a-zA-Z0-9_])',
    );
    return [id, endpointName];
  }
  return fail(
    'resource',
    resource,
    `"${short(resource)}" is not ${type}/ID or ${type}/ID/${type}-endpoint/NAME`,
    'Check the path after the account id.',
  );
}

function checkId(part: string, value: string, pattern: RegExp, expected: string): void {
  if (value === '') fail(part, value, 'is empty', `Expected ${expected}.`);
  if (value.length > 256 || !pattern.test(value))
    fail(part, value, `"${short(value)}" is invalid`, `Expected ${expected}.`);
}

/**
 * True when `value` is a valid AgentCore ARN of any supported type (or of `type`, when given).
 *
 * @example
 * ```ts
 * isAgentCoreArn('arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij', 'memory'); // true
 * ```
 */
export function isAgentCoreArn(value: unknown, type?: AgentCoreResourceType): value is string {
  if (typeof value !== 'string') return false;
  if (type !== undefined && !(RESOURCE_TYPES as readonly unknown[]).includes(type)) {
    throw new InvalidArnError(
      'resourceType',
      shown(type),
      `isAgentCoreArn: ${shown(type)} is not an AgentCore resource type. Use one of ${RESOURCE_TYPES.join(', ')}.`,
    );
  }
  try {
    const parsed = parseArn(value);
    return type === undefined || parsed.resourceType === type;
  } catch {
    return false;
  }
}

/**
 * Parses `arn` and checks that it is of the expected resource type.
 * @internal
 */
export function parseArnOfType<T extends AgentCoreResourceType>(
  arn: string,
  type: T,
  field: string,
): Extract<AgentCoreArn, { resourceType: T }> {
  let parsed: AgentCoreArn;
  try {
    parsed = parseArn(arn);
  } catch (error) {
    if (error instanceof InvalidArnError) {
      throw new InvalidArnError(error.part, error.value, `${field}: ${error.message}`, { cause: error });
    }
    throw error;
  }
  if (parsed.resourceType !== type) {
    throw new InvalidArnError(
      'resourceType',
      parsed.resourceType,
      `${field}: expected a ${type} ARN, got a ${parsed.resourceType} ARN (${short(arn)}).`,
    );
  }
  return parsed as Extract<AgentCoreArn, { resourceType: T }>;
}
