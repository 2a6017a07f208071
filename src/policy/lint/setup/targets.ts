/**
 * Resolving the targets of {@link lintAccessSetup} into the exact ARNs AWS authorizes.
 * @internal
 */
import { endpointArn, runtimeArnOf } from '../../../arn/format.js';
import { type AgentCoreArn, parseArn } from '../../../arn/parse.js';
import { InvalidArnError, isInvalidArnError, ValidationError } from '../../../errors.js';
import { isObject } from '../../statement/read.js';
import type { Finding } from '../../types.js';
import type { LintTarget } from '../types.js';

/** A runtime and the endpoint ARNs an invocation is authorized against. @internal */
export interface RuntimeTarget {
  readonly type: 'runtime';
  readonly arn: string;
  readonly accountId: string;
  readonly endpoints: readonly string[];
}

/** A memory ARN. @internal */
export interface MemoryTarget {
  readonly type: 'memory';
  readonly arn: string;
  readonly accountId: string;
}

/** @internal */
export type ResolvedTarget = RuntimeTarget | MemoryTarget;

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
      'Pass targets: [{ runtimeArn }, { memoryArn }].',
    );
  }
  const resolved: ResolvedTarget[] = [];
  const findings: Finding[] = [];
  targets.forEach((target: unknown, i) => {
    const field = `targets[${i}]`;
    if (isObject(target) && typeof target.runtimeArn === 'string') {
      resolved.push(runtimeTarget(target.runtimeArn, target.qualifiers, field));
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
        'lintAccessSetup: a target has neither runtimeArn nor memoryArn',
        'Pass { runtimeArn, qualifiers? } or { memoryArn }.',
      );
    }
  });
  return { resolved, findings };
}

function runtimeTarget(arn: string, qualifiers: unknown, field: string): RuntimeTarget {
  const parsed = parseField(arn, `${field}.runtimeArn`, ['runtime', 'runtime-endpoint']);
  const runtime = runtimeArnOf(parsed.arn);
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
  const names = new Set<string>(
    (qualifiers as readonly string[] | undefined) ??
      (parsed.resourceType === 'runtime-endpoint' ? [] : ['DEFAULT']),
  );
  if (parsed.resourceType === 'runtime-endpoint') names.add(parsed.endpointName);
  const endpoints = [...names].map((name) => {
    try {
      return endpointArn(runtime, name);
    } catch (error) {
      throw rethrow(error, `${field}.qualifiers`);
    }
  });
  return { type: 'runtime', arn: runtime, accountId: parsed.accountId, endpoints };
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
