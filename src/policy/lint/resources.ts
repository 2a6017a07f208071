/**
 * Recognizing AgentCore runtime, endpoint and memory ARNs and ARN patterns in a `Resource`.
 * @internal
 */
import { type ArnFields, arnFields } from '../../arn/fields.js';
import { globMatch } from '../statement/wildcard.js';

/** What an AgentCore `Resource` entry can name. @internal */
export type PatternKind = 'runtime' | 'runtime-endpoint' | 'memory' | 'any';

/** An AgentCore ARN or ARN pattern, split into its six fields. @internal */
export interface AgentCorePattern {
  readonly kind: PatternKind;
  readonly fields: ArnFields;
  readonly region: string;
  readonly account: string;
}

const ENDPOINT_MARK = '/runtime-endpoint/';

/**
 * Classifies a `Resource` entry naming AgentCore runtimes, endpoints or memories; `undefined`
 * for other services and other AgentCore resource types (gateways…). IAM accepts no wildcard
 * in the service field, so the service must be spelled out.
 * @internal
 */
export function agentCorePattern(value: string): AgentCorePattern | undefined {
  const fields = arnFields(value);
  if (fields === undefined || fields.prefix !== 'arn' || fields.service !== 'bedrock-agentcore')
    return undefined;
  const { resource } = fields;
  let kind: PatternKind | undefined;
  if (resource.startsWith('runtime/'))
    kind = resource.includes(ENDPOINT_MARK) ? 'runtime-endpoint' : 'runtime';
  else if (resource.startsWith('memory/')) kind = 'memory';
  else if (globMatch(resource, 'runtime/x') || globMatch(resource, 'memory/x')) kind = 'any';
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

/** The endpoint names an entry mentions after `/runtime-endpoint/`, sampled. @internal */
export function endpointNameOf(value: string): string | undefined {
  const at = value.indexOf(ENDPOINT_MARK);
  return at < 0 ? undefined : sampleOf(value.slice(at + ENDPOINT_MARK.length));
}

/** The endpoint ARN of a runtime ARN (or sampled pattern). @internal */
export function endpointOf(runtime: string, name: string): string {
  return `${runtime}${ENDPOINT_MARK}${name}`;
}
