/**
 * Resolving the targets of {@link lintAccessSetup} into the exact ARNs AWS authorizes: a runtime
 * or harness with its endpoints, a memory, a gateway.
 * @internal
 */
import { endpointArn, harnessArnOf, harnessEndpointArn, runtimeArnOf } from '../../../arn/format.js';
import { type AgentCoreArn, parseArn } from '../../../arn/parse.js';
import { InvalidArnError, isInvalidArnError, ValidationError } from '../../../errors.js';
import { isObject } from '../../statement/read.js';
import type { Finding } from '../../types.js';
import type { LintTarget } from '../types.js';

/**
 * A runtime or harness and the endpoint ARNs an invocation is authorized against.
 * @internal
 */
export interface HierarchyTarget {
  readonly type: 'runtime' | 'harness';
  readonly arn: string;
  readonly accountId: string;
  readonly endpoints: readonly string[];
}

/** A memory or gateway ARN: one ARN, no endpoint. @internal */
export interface SingleTarget {
  readonly type: 'memory' | 'gateway';
  readonly arn: string;
  readonly accountId: string;
}

/** @internal */
export type ResolvedTarget = HierarchyTarget | SingleTarget;

/** True for a runtime or harness target (one with endpoints). @internal */
export function hasEndpoints(target: ResolvedTarget): target is HierarchyTarget {
  return target.type === 'runtime' || target.type === 'harness';
}

const HIERARCHIES = {
  runtime: { field: 'runtimeArn', parentOf: runtimeArnOf, endpointOf: endpointArn },
  harness: { field: 'harnessArn', parentOf: harnessArnOf, endpointOf: harnessEndpointArn },
} as const;

/**
 * Resolves every target; a bare memory id becomes a `memory-id-not-arn` finding.
 * @throws {@link InvalidArnError} or {@link ValidationError} naming the target field.
 * @internal
 */
export function resolveTargets(targets: readonly LintTarget[]): {
  resolved: ResolvedTarget[];
  findings: Finding[];
} {
  if (!Array.isArray(targets)) {
    throw new ValidationError(
      'targets',
      'lintAccessSetup: targets is not an array',
      'Pass targets: [{ runtimeArn }, { memoryArn }, { gatewayArn }, { harnessArn }].',
    );
  }
  const resolved: ResolvedTarget[] = [];
  const findings: Finding[] = [];
  targets.forEach((target: unknown, i) => {
    const field = `targets[${i}]`;
    if (isObject(target) && typeof target.runtimeArn === 'string') {
      resolved.push(hierarchyTarget('runtime', target.runtimeArn, target.qualifiers, field));
    } else if (isObject(target) && typeof target.harnessArn === 'string') {
      resolved.push(hierarchyTarget('harness', target.harnessArn, target.qualifiers, field));
    } else if (isObject(target) && typeof target.gatewayArn === 'string') {
      const gateway = parseField(target.gatewayArn, `${field}.gatewayArn`, ['gateway']);
      resolved.push({ type: 'gateway', arn: gateway.arn, accountId: gateway.accountId });
    } else if (isObject(target) && typeof target.memoryArn === 'string') {
      if (!target.memoryArn.startsWith('arn:')) {
        findings.push(bareMemoryId(target.memoryArn));
        return;
      }
      const memory = parseField(target.memoryArn, `${field}.memoryArn`, ['memory']);
      resolved.push({ type: 'memory', arn: memory.arn, accountId: memory.accountId });
    } else {
      throw new ValidationError(
        field,
        'lintAccessSetup: a target has none of runtimeArn, memoryArn, gatewayArn, harnessArn',
        'Pass { runtimeArn, qualifiers? }, { memoryArn }, { gatewayArn } or { harnessArn, qualifiers? }.',
      );
    }
  });
  return { resolved, findings };
}

function hierarchyTarget(
  type: 'runtime' | 'harness',
  arn: string,
  qualifiers: unknown,
  field: string,
): HierarchyTarget {
  const { field: arnField, parentOf, endpointOf } = HIERARCHIES[type];
  const parsed = parseField(arn, `${field}.${arnField}`, [type, `${type}-endpoint`]);
  const parent = parentOf(parsed.arn);
  if (
    qualifiers !== undefined &&
    (!Array.isArray(qualifiers) || qualifiers.some((q) => typeof q !== 'string'))
  ) {
    throw new ValidationError(
      `${field}.qualifiers`,
      'lintAccessSetup: qualifiers is not an array of endpoint names',
      "Pass qualifiers: ['DEFAULT'].",
    );
  }
  const endpoint = 'endpointName' in parsed ? parsed.endpointName : undefined;
  const names = new Set<string>(
    (qualifiers as readonly string[] | undefined) ?? (endpoint === undefined ? ['DEFAULT'] : []),
  );
  if (endpoint !== undefined) names.add(endpoint);
  const endpoints = [...names].map((name) => {
    try {
      return endpointOf(parent, name);
    } catch (error) {
      throw rethrow(error, `${field}.qualifiers`);
    }
  });
  return { type, arn: parent, accountId: parsed.accountId, endpoints };
}

function parseField(
  arn: string,
  field: string,
  types: readonly AgentCoreArn['resourceType'][],
): AgentCoreArn {
  let parsed: AgentCoreArn;
  try {
    parsed = parseArn(arn);
  } catch (error) {
    throw rethrow(error, field);
  }
  if (!types.includes(parsed.resourceType)) {
    throw new InvalidArnError(
      'resourceType',
      parsed.resourceType,
      `${field}: expected a ${types.join(' or ')} ARN, got a ${parsed.resourceType} ARN.`,
    );
  }
  return parsed;
}

function rethrow(error: unknown, field: string): unknown {
  return isInvalidArnError(error)
    ? new InvalidArnError(error.part, error.value, `${field}: ${error.message}`, { cause: error })
    : error;
}

function bareMemoryId(id: string): Finding {
  return {
    code: 'memory-id-not-arn',
    severity: 'error',
    message: `Target memory "${id.slice(0, 120)}" is a bare memory id: sent cross-account it resolves in the caller's own account, never in the owner's.`,
    path: '',
    fix: 'Use the full memory ARN, arn:aws:bedrock-agentcore:REGION:OWNER_ACCOUNT:memory/ID (memoryArn(id, { accountId, region }) builds it).',
    policyArn: id,
  };
}
