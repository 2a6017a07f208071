/**
 * Parses the text of an IAM AccessDenied message into its parts. Pure and linear: a handful of
 * `indexOf` scans and no regular expression, so hostile input cannot make it backtrack.
 * @module
 */
import type { CauseCode } from '../policy/types.js';

/**
 * The kinds of policy an AccessDenied message can blame.
 *
 * @example
 * ```ts
 * if (error.policyType === 'resource-based') console.log('check the runtime and endpoint policies');
 * ```
 */
export type AccessDeniedPolicyType =
  | 'identity-based'
  | 'resource-based'
  | 'session'
  | 'permissions-boundary'
  | 'vpc-endpoint'
  | 'service-control'
  | 'resource-control';

/**
 * Whether no policy allowed the action (`implicit`) or a Deny statement matched (`explicit`).
 *
 * @example
 * ```ts
 * if (parsed?.denialType === 'explicit') console.log('a Deny statement matched:', parsed.policyArn);
 * ```
 */
export type DenialType = 'implicit' | 'explicit';

/**
 * What an AccessDenied message says, as far as it says it.
 *
 * @example
 * ```ts
 * const parsed: ParsedAccessDenied | undefined = parseAccessDeniedMessage(error.message);
 * ```
 */
export interface ParsedAccessDenied {
  /** The caller, e.g. `arn:aws:sts::222222222222:assumed-role/the-caller-role/session`. */
  principalArn: string;
  /** The action, e.g. `bedrock-agentcore:InvokeAgentRuntime`. */
  action: string;
  /** The resource the message names, when it names one. */
  resourceArn?: string;
  /** The one policy type the message blames (AWS names one even when several deny). */
  policyType?: AccessDeniedPolicyType;
  /** Implicit (no policy allows) or explicit (a Deny matched); absent from bare messages. */
  denialType?: DenialType;
  /** The denying policy's ARN, when an explicit-deny message names it. */
  policyArn?: string;
}

/**
 * The cause code of a denial AWS blames on a guardrail policy type ("no resource control policy
 * allows", "no VPC endpoint policy allows"…); `undefined` for the identity- and resource-based
 * types, whose causes the diagnosis ranks from the request.
 * @internal
 */
export function causeOfPolicyType(type: AccessDeniedPolicyType | undefined): CauseCode | undefined {
  switch (type) {
    case 'service-control':
      return 'scp-not-allowed';
    case 'resource-control':
      return 'rcp-denied';
    case 'vpc-endpoint':
      return 'vpc-endpoint-policy-not-allowed';
    case 'permissions-boundary':
      return 'permissions-boundary-not-allowed';
    case 'session':
      return 'session-policy-not-allowed';
    default:
      return undefined;
  }
}

const USER = 'User: ';
const NOT_AUTHORIZED = ' is not authorized to perform: ';
const ON_RESOURCE = 'on resource: ';

// The wordings AWS uses for each policy type (FACTS: AccessDenied wording), lower-cased.
const POLICY_TYPES: ReadonlyArray<readonly [string, AccessDeniedPolicyType]> = [
  ['identity-based', 'identity-based'],
  ['resource-based', 'resource-based'],
  ['session', 'session'],
  ['permissions boundary', 'permissions-boundary'],
  ['vpc endpoint', 'vpc-endpoint'],
  ['service control', 'service-control'],
  ['resource control', 'resource-control'],
];

/**
 * Parses an IAM AccessDenied message: who was denied, which action, on which resource, and
 * which policy type the message blames, with whether the deny was implicit or explicit.
 *
 * Accepts every wording AWS uses: `because no <type> policy allows the <action> action`,
 * `with an explicit deny in a[n] <type> policy[: <policy-arn>]`, `… implicit deny in a <type> policy`,
 * and the bare `User: … is not authorized to perform: …` with no reason; text before `User:`
 * (an SDK prefix, say) is ignored. Never throws; returns `undefined` when the text is not an
 * AccessDenied message of this shape. Runs in linear time on any input.
 *
 * Remember that AWS names only one policy type even when several deny, and that cross-account
 * calls are often reported as `no resource-based policy allows` whatever the true cause.
 *
 * @param text - The message of an AccessDeniedException (or any string).
 * @returns The parsed parts, or `undefined`.
 *
 * @example
 * ```ts
 * import { parseAccessDeniedMessage } from 'agentcore-xacct';
 * parseAccessDeniedMessage(
 *   'User: arn:aws:sts::222222222222:assumed-role/the-caller-role/s is not authorized to perform: ' +
 *     'bedrock-agentcore:InvokeAgentRuntime on resource: arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij ' +
 *     'because no resource-based policy allows the bedrock-agentcore:InvokeAgentRuntime action',
 * );
 * // { principalArn: 'arn:aws:sts::…', action: 'bedrock-agentcore:InvokeAgentRuntime',
 * //   resourceArn: 'arn:aws:bedrock-agentcore:…:runtime/agent-abcdefghij', policyType: 'resource-based', denialType: 'implicit' }
 * ```
 */
export function parseAccessDeniedMessage(text: unknown): ParsedAccessDenied | undefined {
  if (typeof text !== 'string') return undefined;
  const marker = text.indexOf(NOT_AUTHORIZED);
  if (marker < 0) return undefined;
  const user = text.lastIndexOf(USER, marker);
  if (user < 0) return undefined;
  const principalArn = text.slice(user + USER.length, marker).trim();
  if (principalArn === '' || hasWhitespace(principalArn)) return undefined;

  let cursor = marker + NOT_AUTHORIZED.length;
  const actionToken = nextToken(text, cursor);
  const action = stripTrailingPunctuation(actionToken.value);
  if (action === '') return undefined;
  cursor = actionToken.end;

  const result: ParsedAccessDenied = { principalArn, action };
  const afterAction = skipSpaces(text, cursor);
  if (text.startsWith(ON_RESOURCE, afterAction)) {
    const resource = nextToken(text, afterAction + ON_RESOURCE.length);
    let resourceArn = stripTrailingPunctuation(resource.value);
    cursor = resource.end;
    // IAM names some resources in words ("on resource: role NAME", "policy path /"): up to the reason.
    if (!resourceArn.startsWith('arn:')) {
      const words = resourceWords(text, afterAction + ON_RESOURCE.length);
      if (words !== undefined) {
        resourceArn = words.value;
        cursor = words.end;
      }
    }
    if (resourceArn !== '') result.resourceArn = resourceArn;
  }

  const reason = text.slice(cursor).toLowerCase();
  const implicitNo = reason.indexOf('because no ');
  if (implicitNo >= 0) {
    result.denialType = 'implicit';
    setPolicyType(result, reason, implicitNo + 'because no '.length);
    return result;
  }
  for (const [phrase, denialType] of [
    ['explicit deny in a', 'explicit'],
    ['implicit deny in a', 'implicit'],
  ] as const) {
    const at = reason.indexOf(phrase);
    if (at < 0) continue;
    let from = at + phrase.length;
    // "in a" or "in an"
    if (reason.startsWith('n ', from)) from += 2;
    else if (reason.startsWith(' ', from)) from += 1;
    result.denialType = denialType;
    const end = setPolicyType(result, reason, from);
    if (denialType === 'explicit' && end >= 0 && text.startsWith(': ', cursor + end)) {
      const policyArn = stripTrailingPunctuation(nextToken(text, cursor + end + 2).value);
      if (policyArn.startsWith('arn:')) result.policyArn = policyArn;
    }
    return result;
  }
  return result;
}

/**
 * Sets `policyType` from the words at `from` ("resource-based policy", "permissions boundary"…);
 * returns the index just after them (and after " policy"), or -1 when no type is recognised.
 */
function setPolicyType(result: ParsedAccessDenied, reason: string, from: number): number {
  for (const [words, type] of POLICY_TYPES) {
    if (!reason.startsWith(words, from)) continue;
    let end = from + words.length;
    if (reason.startsWith(' policy', end)) end += ' policy'.length;
    result.policyType = type;
    return end;
  }
  return -1;
}

/** Where AWS's reason begins after the resource, lower-cased markers. */
const REASON_MARKERS = [' because ', ' with an explicit deny', ' with an implicit deny'];

/**
 * The words from `from` up to the reason (`because …`, `with an explicit deny …`), when the
 * resource is named in words; `undefined` when no reason follows. Linear: one indexOf per marker.
 */
function resourceWords(text: string, from: number): { value: string; end: number } | undefined {
  const lower = text.toLowerCase();
  let end = -1;
  for (const marker of REASON_MARKERS) {
    const at = lower.indexOf(marker, from);
    if (at >= 0 && (end < 0 || at < end)) end = at;
  }
  if (end < 0) return undefined;
  const value = stripTrailingPunctuation(text.slice(from, end).trim());
  return value === '' ? undefined : { value, end };
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

function hasWhitespace(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (isSpace(value.charCodeAt(i))) return true;
  return false;
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The run of non-space characters starting at `from` (after any spaces). */
function nextToken(text: string, from: number): { value: string; end: number } {
  const start = skipSpaces(text, from);
  let end = start;
  while (end < text.length && !isSpace(text.charCodeAt(end))) end++;
  return { value: text.slice(start, end), end };
}

function stripTrailingPunctuation(value: string): string {
  let end = value.length;
  while (end > 0) {
    const c = value[end - 1];
    if (c !== '.' && c !== ',' && c !== ';' && c !== '"' && c !== "'" && c !== ')') break;
    end--;
  }
  return value.slice(0, end);
}
