/**
 * Recognizing AgentCore runtime, memory, gateway and harness ARNs (and the endpoints of runtimes
 * and harnesses) and ARN patterns in a `Resource`.
 * @internal
 */
import { type ArnFields, arnFields } from '../../arn/fields.js';
import { globMatch } from '../statement/wildcard.js';

/** What an AgentCore `Resource` entry can name. @internal */
export type PatternKind =
  | 'runtime'
  | 'runtime-endpoint'
  | 'memory'
  | 'gateway'
  | 'harness'
  | 'harness-endpoint'
  | 'any';

/** The resource types with endpoints, and the mark that starts an endpoint's part of the ARN. @internal */
export const ENDPOINT_MARKS = { runtime: '/runtime-endpoint/', harness: '/harness-endpoint/' } as const;

/** A resource type with endpoints. @internal */
export type ParentKind = keyof typeof ENDPOINT_MARKS;

// What the leading segment of a resource names, and whether it can have endpoints.
const TYPES: ReadonlyArray<[string, PatternKind, ParentKind | undefined]> = [
  ['runtime/', 'runtime', 'runtime'],
  ['harness/', 'harness', 'harness'],
  ['memory/', 'memory', undefined],
  ['gateway/', 'gateway', undefined],
];

/** An AgentCore ARN or ARN pattern, split into its six fields. @internal */
export interface AgentCorePattern {
  readonly kind: PatternKind;
  readonly fields: ArnFields;
  readonly region: string;
  readonly account: string;
}

/**
 * Classifies a `Resource` entry naming AgentCore runtimes, memories, gateways, harnesses or the
 * endpoints of runtimes and harnesses; `undefined` for other services and other AgentCore
 * resource types. IAM accepts no wildcard in the service field, so the service must be spelled out.
 * @internal
 */
export function agentCorePattern(value: string): AgentCorePattern | undefined {
  const fields = arnFields(value);
  if (fields === undefined || fields.prefix !== 'arn' || fields.service !== 'bedrock-agentcore')
    return undefined;
  const { resource } = fields;
  let kind: PatternKind | undefined;
  const known = TYPES.find(([prefix]) => resource.startsWith(prefix));
  if (known !== undefined) {
    const [, type, parent] = known;
    kind = parent !== undefined && resource.includes(ENDPOINT_MARKS[parent]) ? `${parent}-endpoint` : type;
  } else if (TYPES.some(([prefix]) => globMatch(resource, `${prefix}x`))) kind = 'any';
  if (kind === undefined) return undefined;
  return { kind, fields, region: fields.region, account: fields.account };
}

/**
 * One concrete value a pattern matches (each wildcard replaced by `x`): probing with it asks
 * "is what this pattern grants also granted there".
 * @internal
 */
export function sampleOf(pattern: string): string {
  return pattern.replace(/[*?]/g, 'x');
}

/**
 * The endpoint names an entry mentions after `/runtime-endpoint/` (or `/harness-endpoint/`),
 * sampled.
 * @internal
 */
export function endpointNameOf(value: string, parent: ParentKind = 'runtime'): string | undefined {
  const mark = ENDPOINT_MARKS[parent];
  const at = value.indexOf(mark);
  return at < 0 ? undefined : sampleOf(value.slice(at + mark.length));
}

/** The endpoint ARN of a runtime (or harness) ARN or sampled pattern. @internal */
export function endpointOf(parentArn: string, name: string, parent: ParentKind = 'runtime'): string {
  return `${parentArn}${ENDPOINT_MARKS[parent]}${name}`;
}
