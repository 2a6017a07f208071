/**
 * Identity-based policies: the caller's policy in Account B, and the inline policy of the invoker
 * role in Account A (pattern 2).
 * @module
 */

import { arnFields, formatArnFields } from '../../arn/fields.js';
import { endpointArn, harnessEndpointArn, memoryArn as resolveMemoryArn } from '../../arn/format.js';
import { parseArnOfType } from '../../arn/parse.js';
import { ENDPOINT_NAME } from '../../arn/patterns.js';
import { parsePrincipalArn } from '../../arn/principal.js';
import { InvalidArnError } from '../../errors.js';
import {
  GATEWAY_INVOKE_ACTIONS,
  HARNESS_INVOKE_ACTIONS,
  isMemoryReadAction,
  isMemoryWriteAction,
  MEMORY_READ_ACTIONS,
  MEMORY_WRITE_ACTIONS,
  RUNTIME_INVOKE_ACTIONS,
  type RuntimeActionPreset,
} from '../actions.js';
import { hasWildcard } from '../statement/wildcard.js';
import type { PolicyDocument, Statement } from '../types.js';
import {
  allowStatement,
  builderInput,
  dedupe,
  normalizeActions,
  optionalList,
  POLICY_VERSION,
  quote,
  refuse,
  requireList,
  runtimePresetActions,
  withField,
} from './common.js';
import { isGatewayAction } from './gateway.js';
import { memoryActions } from './memory.js';
import { isRuntimeAction } from './runtime.js';

/**
 * What an identity policy grants on memories: the read actions, the read and the write actions,
 * or an explicit list of memory data-plane actions.
 */
export type MemoryAccess = 'read' | 'read-write' | readonly string[];

/** Input of {@link callerIdentityPolicy}. */
export interface CallerIdentityPolicyInput {
  /**
   * Runtime ARNs in the owner's account (Account A). The resource id may hold a wildcard
   * (`…:runtime/*`); the account and region may not: a wildcard there is how the identity policy
   * ends up naming the wrong account (gotcha 4).
   */
  runtimeArns?: readonly string[];
  /** Endpoint names whose sub-path is granted with each runtime. Default `['DEFAULT']`; `*` allowed. */
  qualifiers?: readonly string[];
  /**
   * Runtime actions to allow: the {@link RuntimeActionPreset} of the runtime's grant (`'invoke'`,
   * the default: {@link RUNTIME_INVOKE_ACTIONS}; `'invoke+commands'`; `'all'`), or a list.
   */
  runtimeActions?: RuntimeActionPreset | readonly string[];
  /** Full memory ARNs in the owner's account; the memory id may hold a wildcard. */
  memoryArns?: readonly string[];
  /** What to allow on `memoryArns`. Default `'read'` (least privilege). */
  memoryAccess?: MemoryAccess;
  /** Gateway ARNs in the owner's account (InvokeGateway); the gateway id may hold a wildcard. */
  gatewayArns?: readonly string[];
  /** Gateway actions to allow on `gatewayArns`. Default {@link GATEWAY_INVOKE_ACTIONS}. */
  gatewayActions?: readonly string[];
  /**
   * Harness ARNs in the owner's account; each is granted with its endpoint sub-path, and always
   * both InvokeHarness and InvokeAgentRuntime ({@link HARNESS_INVOKE_ACTIONS}), as AWS requires.
   */
  harnessArns?: readonly string[];
  /** Harness endpoint names whose sub-path is granted. Default `['DEFAULT']`; `*` allowed. */
  harnessQualifiers?: readonly string[];
  /** Role ARNs the caller may assume (`sts:AssumeRole`), e.g. the invoker role of pattern 2. */
  assumeRoleArns?: readonly string[];
}

/** Input of {@link invokerRolePolicy}: at least one of `runtimeArns`, `gatewayArns`, `harnessArns`. */
export interface InvokerRolePolicyInput {
  /** Runtime ARNs the role may invoke, as in {@link CallerIdentityPolicyInput.runtimeArns}. */
  runtimeArns?: readonly string[];
  /** Endpoint names. Default `['DEFAULT']`. */
  qualifiers?: readonly string[];
  /** Runtime actions: a {@link RuntimeActionPreset} or a list. Default `'invoke'`. */
  runtimeActions?: RuntimeActionPreset | readonly string[];
  /** Memory ARNs the role may use. */
  memoryArns?: readonly string[];
  /** What to allow on `memoryArns`. Default `'read'`. */
  memoryAccess?: MemoryAccess;
  /** Gateway ARNs the role may invoke. */
  gatewayArns?: readonly string[];
  /** Gateway actions. Default {@link GATEWAY_INVOKE_ACTIONS}. */
  gatewayActions?: readonly string[];
  /** Harness ARNs the role may invoke (InvokeHarness with InvokeAgentRuntime). */
  harnessArns?: readonly string[];
  /** Harness endpoint names. Default `['DEFAULT']`. */
  harnessQualifiers?: readonly string[];
}

/** Sids of the statements the identity builders emit. */
export const IDENTITY_SIDS = {
  runtime: 'InvokeCrossAccountRuntime',
  gateway: 'InvokeCrossAccountGateway',
  harness: 'InvokeCrossAccountHarness',
  memoryRead: 'ReadCrossAccountMemory',
  memoryWrite: 'WriteCrossAccountMemory',
  assumeRole: 'AssumeCrossAccountRole',
} as const;

// A valid id of every type (a gateway id is lower case), only to let parseArn check the concrete
// part of a pattern ARN.
const PLACEHOLDER_ID = 'placeholder-0000000000';
const ID_PATTERN = /^[A-Za-z0-9_*?-]{1,256}$/;
const QUALIFIER_PATTERN = /^[A-Za-z0-9_*?]{1,48}$/;

/** The resource types an identity policy names by ARN. */
type IdentityResourceType = 'runtime' | 'memory' | 'gateway' | 'harness';

/**
 * Validates a runtime, memory, gateway or harness ARN of an identity policy, where the resource
 * id may be a pattern but partition, region and account must be concrete.
 */
function identityResourceArn(value: unknown, type: IdentityResourceType, field: string): string {
  if (typeof value !== 'string') {
    return refuse(field, `${quote(value)} is not a string`, `Pass the ${type} ARN as a string.`);
  }
  if (!hasWildcard(value)) {
    return type === 'memory'
      ? withField(field, () => resolveMemoryArn(value))
      : withField(field, () => parseArnOfType(value, type, field).arn);
  }
  const fields = arnFields(value);
  const { region = '', account: accountId = '', resource = '' } = fields ?? {};
  if (hasWildcard(accountId) || hasWildcard(region)) {
    refuse(
      field,
      `${quote(value)} has a wildcard ${hasWildcard(accountId) ? 'account' : 'region'}; the ${type} lives in one account and region, and a pattern there is how an identity policy ends up naming the caller's account instead of the owner's`,
      `Name the owner's account (Account A) and the ${type}'s region explicitly, e.g. arn:aws:bedrock-agentcore:eu-west-1:111111111111:${type}/*.`,
      'identity-wrong-account',
    );
  }
  const probe =
    fields === undefined
      ? `${value}:${type}/${PLACEHOLDER_ID}`
      : formatArnFields(fields, { resource: `${type}/${PLACEHOLDER_ID}` });
  withField(field, () => parseArnOfType(probe, type, field));
  const id = resource.slice(type.length + 1);
  if (resource.includes(':') || !resource.startsWith(`${type}/`) || !ID_PATTERN.test(id)) {
    throw new InvalidArnError(
      'resource',
      resource,
      `${field}: ${quote(resource)} is not ${type}/ID, where ID may hold the wildcards * and ?.`,
    );
  }
  return value;
}

/** The endpoint resource of a runtime or harness ARN (or pattern) for one qualifier. */
function endpointResource(
  parent: string,
  type: 'runtime' | 'harness',
  qualifier: unknown,
  field: string,
): string {
  if (typeof qualifier !== 'string') {
    throw new InvalidArnError(
      'endpointName',
      quote(qualifier),
      `${field}: ${quote(qualifier)} is not an endpoint name.`,
    );
  }
  const name = qualifier;
  if (!hasWildcard(parent) && !hasWildcard(name)) {
    return withField(field, () => (type === 'runtime' ? endpointArn : harnessEndpointArn)(parent, name));
  }
  if (!(hasWildcard(name) ? QUALIFIER_PATTERN : ENDPOINT_NAME).test(name)) {
    throw new InvalidArnError(
      'endpointName',
      name,
      `${field}: ${quote(name)} is not an endpoint name such as DEFAULT (letters, digits, _; wildcards * and ? allowed).`,
    );
  }
  return `${parent}/${type}-endpoint/${name}`;
}

/**
 * The statement of a resource with endpoints (runtimes, harnesses): each ARN with the endpoint
 * sub-path of every qualifier, all derived from the ARN and so in the owner's account.
 */
function hierarchyStatement(
  arns: readonly unknown[],
  type: 'runtime' | 'harness',
  qualifiers: unknown,
  qualifiersField: string,
  sid: string,
  actions: readonly string[],
): Statement[] {
  if (arns.length === 0) return [];
  const names = requireList(
    qualifiers ?? ['DEFAULT'],
    qualifiersField,
    'endpoint',
    'AWS authorizes every invocation against the endpoint sub-path too; leave it out for DEFAULT.',
  );
  const resources = arns.flatMap((value, index) => {
    const parent = identityResourceArn(value, type, `${type}Arns[${index}]`);
    return [parent, ...names.map((q, i) => endpointResource(parent, type, q, `${qualifiersField}[${i}]`))];
  });
  return [allowStatement({ sid, actions, resources: dedupe(resources) })];
}

function runtimeStatements(input: CallerIdentityPolicyInput): Statement[] {
  const runtimeArns = optionalList(input.runtimeArns, 'runtimeArns');
  if (runtimeArns.length === 0) return [];
  const actions = normalizeActions(
    runtimePresetActions(input.runtimeActions ?? 'invoke', 'runtimeActions'),
    'runtimeActions',
    isRuntimeAction,
    'runtime',
  );
  return hierarchyStatement(
    runtimeArns,
    'runtime',
    input.qualifiers,
    'qualifiers',
    IDENTITY_SIDS.runtime,
    actions,
  );
}

function harnessStatements(input: CallerIdentityPolicyInput): Statement[] {
  return hierarchyStatement(
    optionalList(input.harnessArns, 'harnessArns'),
    'harness',
    input.harnessQualifiers,
    'harnessQualifiers',
    IDENTITY_SIDS.harness,
    HARNESS_INVOKE_ACTIONS,
  );
}

function gatewayStatements(input: CallerIdentityPolicyInput): Statement[] {
  const gatewayArns = optionalList(input.gatewayArns, 'gatewayArns');
  if (gatewayArns.length === 0) return [];
  const resources = dedupe(
    gatewayArns.map((value, index) => identityResourceArn(value, 'gateway', `gatewayArns[${index}]`)),
  );
  const actions = normalizeActions(
    input.gatewayActions ?? GATEWAY_INVOKE_ACTIONS,
    'gatewayActions',
    isGatewayAction,
    'gateway',
  );
  return [allowStatement({ sid: IDENTITY_SIDS.gateway, actions, resources })];
}

function memoryStatements(input: CallerIdentityPolicyInput): Statement[] {
  const memoryArns = optionalList(input.memoryArns, 'memoryArns');
  if (memoryArns.length === 0) return [];
  const resources = dedupe(
    memoryArns.map((value, index) => identityResourceArn(value, 'memory', `memoryArns[${index}]`)),
  );
  const access = input.memoryAccess ?? 'read';
  let read: string[];
  let write: string[];
  if (access === 'read' || access === 'read-write') {
    read = [...MEMORY_READ_ACTIONS];
    write = access === 'read' ? [] : [...MEMORY_WRITE_ACTIONS];
  } else if (Array.isArray(access)) {
    const actions = memoryActions(access, 'memoryAccess');
    read = actions.filter(isMemoryReadAction);
    write = actions.filter(isMemoryWriteAction);
  } else {
    return refuse(
      'memoryAccess',
      `${quote(access)} is not a memory access level`,
      "Use 'read', 'read-write' or a list of memory data-plane actions.",
    );
  }
  return [
    ...(read.length > 0 ? [allowStatement({ sid: IDENTITY_SIDS.memoryRead, actions: read, resources })] : []),
    ...(write.length > 0
      ? [allowStatement({ sid: IDENTITY_SIDS.memoryWrite, actions: write, resources })]
      : []),
  ];
}

function assumeRoleStatements(input: CallerIdentityPolicyInput): Statement[] {
  const assumeRoleArns = optionalList(input.assumeRoleArns, 'assumeRoleArns');
  if (assumeRoleArns.length === 0) return [];
  const roles = assumeRoleArns.map((value, index) => {
    const field = `assumeRoleArns[${index}]`;
    const parsed = withField(field, () => parsePrincipalArn(value as string));
    if (parsed.kind !== 'role') {
      refuse(
        field,
        `${quote(value)} is a ${parsed.kind} ARN; sts:AssumeRole takes a role ARN`,
        'Pass the ARN of the role to assume, e.g. arn:aws:iam::111111111111:role/CrossAccountAgentInvoker.',
      );
    }
    return parsed.arn;
  });
  return [
    allowStatement({ sid: IDENTITY_SIDS.assumeRole, actions: ['sts:AssumeRole'], resources: dedupe(roles) }),
  ];
}

function refuseOrphans(input: CallerIdentityPolicyInput): void {
  const orphans = [
    ['qualifiers', 'runtimeArns'],
    ['runtimeActions', 'runtimeArns'],
    ['memoryAccess', 'memoryArns'],
    ['gatewayActions', 'gatewayArns'],
    ['harnessQualifiers', 'harnessArns'],
  ] as const;
  for (const [option, base] of orphans) {
    if (input[option] !== undefined && (input[base] === undefined || input[base].length === 0)) {
      refuse(
        option,
        `${option} is given but ${base} is empty, so it would grant nothing`,
        `Pass ${base} too.`,
      );
    }
  }
}

/**
 * The identity-based policy of the caller in Account B. For each runtime it allows the runtime
 * ARN and its endpoint sub-path (`…/runtime-endpoint/<qualifier>`), both in the owner's account
 * taken from the runtime ARN: AWS authorizes an invocation against both, and a sub-path in the
 * wrong account denies with a message blaming the resource policy (gotcha 4). Harnesses likewise
 * (`…/harness-endpoint/<qualifier>`), with InvokeHarness and InvokeAgentRuntime; gateways by ARN
 * (InvokeGateway). Least privilege by default: exact ARNs, the invoke actions (`runtimeActions`
 * takes the preset of the runtime's grant), read-only memory access.
 *
 * @throws {@link PolicyBuildError} when nothing is granted, for a wildcard account or region
 *   (`identity-wrong-account`), unknown (`unknown-action`) or misplaced actions, a non-role
 *   `assumeRoleArns` entry.
 * @throws {@link InvalidArnError} for a malformed ARN, qualifier, or a bare memory id.
 *
 * @example
 * ```ts
 * import { callerIdentityPolicy } from 'agentcore-xacct/policy';
 * const document = callerIdentityPolicy({
 *   runtimeArns: ['arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij'],
 *   memoryArns: ['arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij'],
 *   memoryAccess: 'read-write',
 * });
 * ```
 */
export function callerIdentityPolicy(input: CallerIdentityPolicyInput): PolicyDocument {
  input = builderInput(input, 'callerIdentityPolicy');
  refuseOrphans(input);
  const statements = [
    ...runtimeStatements(input),
    ...harnessStatements(input),
    ...gatewayStatements(input),
    ...memoryStatements(input),
    ...assumeRoleStatements(input),
  ];
  if (statements.length === 0) {
    refuse(
      'runtimeArns',
      'runtimeArns, harnessArns, gatewayArns, memoryArns and assumeRoleArns are all empty: the policy would grant nothing',
      'Pass the runtime, harness, gateway or memory ARNs in Account A, or the role ARNs to assume.',
    );
  }
  return { Version: POLICY_VERSION, Statement: statements };
}

/**
 * The inline policy of the invoker role in Account A (pattern 2: callers in Account B assume
 * it). Same resource rules as {@link callerIdentityPolicy}: each runtime (and harness) ARN with its
 * endpoint sub-path, the gateways and the memories.
 *
 * @throws {@link PolicyBuildError} and {@link InvalidArnError} as {@link callerIdentityPolicy} does,
 *   and when `runtimeArns`, `gatewayArns` and `harnessArns` are all empty.
 *
 * @example
 * ```ts
 * import { invokerRolePolicy } from 'agentcore-xacct/policy';
 * const document = invokerRolePolicy({
 *   runtimeArns: ['arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij'],
 * });
 * ```
 */
export function invokerRolePolicy(input: InvokerRolePolicyInput): PolicyDocument {
  input = builderInput(input, 'invokerRolePolicy');
  const targets = ['runtimeArns', 'gatewayArns', 'harnessArns'] as const;
  for (const field of targets) optionalList(input[field], field);
  if (targets.every((field) => (input[field]?.length ?? 0) === 0)) {
    requireList(
      input.runtimeArns,
      'runtimeArns',
      'runtime ARN',
      'Pass the runtime (or gateway, harness) ARNs the role may invoke.',
    );
  }
  return callerIdentityPolicy(input);
}
