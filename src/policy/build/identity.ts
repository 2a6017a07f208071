/**
 * Identity-based policies: the caller's policy in Account B, and the inline policy of the invoker
 * role in Account A (pattern 2).
 * @module
 */

import { arnFields, formatArnFields } from '../../arn/fields.js';
import { endpointArn, memoryArn as resolveMemoryArn } from '../../arn/format.js';
import { parseArnOfType } from '../../arn/parse.js';
import { ENDPOINT_NAME } from '../../arn/patterns.js';
import { parsePrincipalArn } from '../../arn/principal.js';
import { InvalidArnError } from '../../errors.js';
import {
  isMemoryReadAction,
  isMemoryWriteAction,
  MEMORY_READ_ACTIONS,
  MEMORY_WRITE_ACTIONS,
  RUNTIME_INVOKE_ACTIONS,
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
  withField,
} from './common.js';
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
  /** Runtime actions to allow. Default {@link RUNTIME_INVOKE_ACTIONS}. */
  runtimeActions?: readonly string[];
  /** Full memory ARNs in the owner's account; the memory id may hold a wildcard. */
  memoryArns?: readonly string[];
  /** What to allow on `memoryArns`. Default `'read'` (least privilege). */
  memoryAccess?: MemoryAccess;
  /** Role ARNs the caller may assume (`sts:AssumeRole`), e.g. the invoker role of pattern 2. */
  assumeRoleArns?: readonly string[];
}

/** Input of {@link invokerRolePolicy}. */
export interface InvokerRolePolicyInput {
  /** Runtime ARNs the role may invoke, as in {@link CallerIdentityPolicyInput.runtimeArns}. */
  runtimeArns: readonly string[];
  /** Endpoint names. Default `['DEFAULT']`. */
  qualifiers?: readonly string[];
  /** Runtime actions. Default {@link RUNTIME_INVOKE_ACTIONS}. */
  runtimeActions?: readonly string[];
  /** Memory ARNs the role may use. */
  memoryArns?: readonly string[];
  /** What to allow on `memoryArns`. Default `'read'`. */
  memoryAccess?: MemoryAccess;
}

/** Sids of the statements the identity builders emit. */
export const IDENTITY_SIDS = {
  runtime: 'InvokeCrossAccountRuntime',
  memoryRead: 'ReadCrossAccountMemory',
  memoryWrite: 'WriteCrossAccountMemory',
  assumeRole: 'AssumeCrossAccountRole',
} as const;

// A valid id, only to let parseArn check the concrete part of a pattern ARN.
const PLACEHOLDER_ID = 'placeholder-0000000000';
const ID_PATTERN = /^[A-Za-z0-9_*?-]{1,256}$/;
const QUALIFIER_PATTERN = /^[A-Za-z0-9_*?]{1,48}$/;

/**
 * Validates a runtime or memory ARN of an identity policy, where the resource id may be a pattern
 * but partition, region and account must be concrete.
 */
function identityResourceArn(value: unknown, type: 'runtime' | 'memory', field: string): string {
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

function endpointResource(runtime: string, qualifier: unknown, field: string): string {
  if (typeof qualifier !== 'string') {
    throw new InvalidArnError(
      'endpointName',
      quote(qualifier),
      `${field}: ${quote(qualifier)} is not an endpoint name.`,
    );
  }
  const name = qualifier;
  if (!hasWildcard(runtime) && !hasWildcard(name)) return withField(field, () => endpointArn(runtime, name));
  if (!(hasWildcard(name) ? QUALIFIER_PATTERN : ENDPOINT_NAME).test(name)) {
    throw new InvalidArnError(
      'endpointName',
      name,
      `${field}: ${quote(name)} is not an endpoint name such as DEFAULT (letters, digits, _; wildcards * and ? allowed).`,
    );
  }
  return `${runtime}/runtime-endpoint/${name}`;
}

function runtimeStatements(input: CallerIdentityPolicyInput): Statement[] {
  const runtimeArns = optionalList(input.runtimeArns, 'runtimeArns');
  if (runtimeArns.length === 0) return [];
  const qualifiers = requireList(
    input.qualifiers ?? ['DEFAULT'],
    'qualifiers',
    'endpoint',
    'AWS authorizes every invocation against the endpoint sub-path too; leave qualifiers out for DEFAULT.',
  );
  const resources = runtimeArns.flatMap((value, index) => {
    // The endpoint sub-path is derived from the runtime ARN, so it is always in the owner's account.
    const runtime = identityResourceArn(value, 'runtime', `runtimeArns[${index}]`);
    return [runtime, ...qualifiers.map((q, i) => endpointResource(runtime, q, `qualifiers[${i}]`))];
  });
  const actions = normalizeActions(
    input.runtimeActions ?? RUNTIME_INVOKE_ACTIONS,
    'runtimeActions',
    isRuntimeAction,
    'runtime',
  );
  return [allowStatement({ sid: IDENTITY_SIDS.runtime, actions, resources: dedupe(resources) })];
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
 * wrong account denies with a message blaming the resource policy (gotcha 4). Least privilege by
 * default: exact ARNs, the invoke actions, read-only memory access.
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
    ...memoryStatements(input),
    ...assumeRoleStatements(input),
  ];
  if (statements.length === 0) {
    refuse(
      'runtimeArns',
      'runtimeArns, memoryArns and assumeRoleArns are all empty: the policy would grant nothing',
      'Pass the runtime or memory ARNs in Account A, or the role ARNs to assume.',
    );
  }
  return { Version: POLICY_VERSION, Statement: statements };
}

/**
 * The inline policy of the invoker role in Account A (pattern 2: callers in Account B assume
 * it). Same resource rules as {@link callerIdentityPolicy}: each runtime ARN with its endpoint
 * sub-path, and the memories.
 *
 * @throws {@link PolicyBuildError} and {@link InvalidArnError} as {@link callerIdentityPolicy} does,
 *   and when `runtimeArns` is empty.
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
  requireList(input.runtimeArns, 'runtimeArns', 'runtime ARN', 'Pass the runtime ARNs the role may invoke.');
  return callerIdentityPolicy(input);
}
