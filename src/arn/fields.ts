/**
 * ARN fields that tolerate patterns and ARNs of any service: the one place outside
 * {@link parseArn} where an ARN is sliced. `parseArn` validates an AgentCore ARN; these read the
 * six colon-separated fields of anything shaped like an ARN (a policy's `Resource` pattern, a
 * role ARN, a partial ARN in a message) without judging it.
 * @internal
 */
import { ACCOUNT_ID } from './patterns.js';

/** The six fields of an ARN or ARN pattern; `resource` keeps its colons. @internal */
export interface ArnFields {
  readonly prefix: string;
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

const NAMES = ['prefix', 'partition', 'service', 'region', 'account', 'resource'] as const;

/** One of the six field names, in order. @internal */
export type ArnFieldName = (typeof NAMES)[number];

/**
 * Splits `text` into its six fields (the last keeps its colons), or `undefined` when it has
 * fewer than five colons. Does not check that it starts with `arn:`.
 * @internal
 */
export function arnFields(text: string): ArnFields | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const next = text.indexOf(':', start);
    if (next < 0) return undefined;
    parts.push(text.slice(start, next));
    start = next + 1;
  }
  const [prefix, partition, service, region, account] = parts as [string, string, string, string, string];
  return { prefix, partition, service, region, account, resource: text.slice(start) };
}

/** The fields of an `arn:…` text, or `undefined` when it is not one. @internal */
function fieldsOfArn(text: unknown): ArnFields | undefined {
  if (typeof text !== 'string' || !text.startsWith('arn:')) return undefined;
  return arnFields(text);
}

/**
 * The 12-digit account id an ARN names, or `undefined` (not an ARN, an empty account field as in
 * S3 ARNs, or a pattern such as `*`).
 * @internal
 */
export function arnAccountId(text: unknown): string | undefined {
  const account = fieldsOfArn(text)?.account;
  return account !== undefined && ACCOUNT_ID.test(account) ? account : undefined;
}

/** The region an ARN names, or `undefined` (not an ARN, or an empty region as in IAM ARNs). @internal */
export function arnRegion(text: unknown): string | undefined {
  const region = fieldsOfArn(text)?.region;
  return region === undefined || region === '' ? undefined : region;
}

/** Rejoins six fields into an ARN, some replaced: `{ account: '111111111111' }`. @internal */
export function formatArnFields(fields: ArnFields, replacements: Partial<ArnFields> = {}): string {
  return NAMES.map((name) => replacements[name] ?? fields[name]).join(':');
}

/**
 * `text` with one field replaced; unchanged when it is not six fields.
 * @internal
 */
export function withArnField(text: string, name: ArnFieldName, value: string): string {
  const fields = arnFields(text);
  return fields === undefined ? text : formatArnFields(fields, { [name]: value });
}

const ENDPOINT_MARK = '/runtime-endpoint/';
const HARNESS_ENDPOINT_MARK = '/harness-endpoint/';

/**
 * The runtime part of a runtime-endpoint ARN or pattern (`…:runtime/ID`); any other text as
 * given. `runtimeArnOf` is the validating form.
 * @internal
 */
export function runtimeOfEndpoint(text: string): string {
  const at = text.indexOf(ENDPOINT_MARK);
  return at < 0 ? text : text.slice(0, at);
}

/**
 * The runtime or harness part of a runtime-endpoint or harness-endpoint ARN or pattern; any
 * other text as given. `runtimeArnOf` and `harnessArnOf` are the validating forms.
 * @internal
 */
export function parentOfEndpoint(text: string): string {
  const at = text.indexOf(HARNESS_ENDPOINT_MARK);
  return at < 0 ? runtimeOfEndpoint(text) : text.slice(0, at);
}

/**
 * The endpoint name of a runtime-endpoint or harness-endpoint ARN (its last segment).
 * @internal
 */
export function endpointNameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * Every endpoint of the runtime or harness an endpoint ARN (or pattern) belongs to:
 * `…:runtime/ID/runtime-endpoint/*`, `…:harness/ID/harness-endpoint/*`.
 * @internal
 */
export function endpointsPatternOf(endpointArn: string): string {
  if (endpointArn.includes(HARNESS_ENDPOINT_MARK))
    return `${parentOfEndpoint(endpointArn)}${HARNESS_ENDPOINT_MARK}*`;
  return `${runtimeOfEndpoint(endpointArn)}${ENDPOINT_MARK}*`;
}
