import { ACCOUNT_ID } from '../../arn/patterns.js';
import { shown, ValidationError } from '../../errors.js';
import { isRecord, plain } from '../../input.js';
import type { Finding } from '../types.js';
import { buildContext, readDocument } from './read.js';
import { RULES } from './rules/index.js';
import type { LintContext, LintPolicyKind, LintPolicyOptions, LintRule } from './types.js';

const KINDS: readonly LintPolicyKind[] = ['resource', 'identity', 'trust'];

/**
 * Lints one policy document: the traps AgentCore rejects or that silently deny (wildcard or
 * mismatched `Resource`, aws:SourceAccount on IAM principals, an identity policy naming the
 * wrong account or missing the endpoint sub-path…), IAM syntax, and least-privilege warnings.
 *
 * Never throws on the document: anything that is not a policy at all (not JSON, a cycle, no
 * `Statement`…) comes back as one `invalid-policy` finding. {@link parsePolicyDocument} is the
 * throwing reader.
 *
 * @param document - The policy: a parsed object or a JSON string.
 * @param options - What the document is (`kind`) and, for checks that need them, the ARN a
 *   resource policy is attached to and the account that owns the resources an identity policy grants.
 * @returns The findings, errors and warnings alike, each with a JSON pointer and a fix; empty
 *   when the document is clean.
 * @throws {@link ValidationError} when `options` itself is malformed (unknown `kind`, an
 *   `ownerAccountId` that is not 12 digits).
 *
 * @example
 * ```ts
 * import { lintPolicy } from 'agentcore-xacct/policy';
 * const findings = lintPolicy(document, {
 *   kind: 'resource',
 *   attachedTo: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
 * });
 * for (const f of findings) console.log(`${f.severity} ${f.code} at ${f.path}: ${f.message} Fix: ${f.fix}`);
 * ```
 */
export function lintPolicy(document: unknown, options: LintPolicyOptions): Finding[] {
  const checked = checkOptions(options);
  return lintDocument(document, { ...checked, origin: undefined }, false).findings;
}

/** How {@link lintDocument} reads a document. @internal */
export interface DocumentOptions {
  readonly kind: LintPolicyKind;
  readonly attachedTo: string | undefined;
  readonly owners: readonly string[];
  /** `policyArn` of every finding, when linted as part of a set. */
  readonly origin: string | undefined;
}

/**
 * Lints one document; `skipAcrossPolicies` leaves out the rules that {@link lintAccessSetup}
 * runs over all identity policies at once.
 * @internal
 */
export function lintDocument(
  document: unknown,
  options: DocumentOptions,
  skipAcrossPolicies: boolean,
): { findings: Finding[]; context: LintContext | undefined } {
  const read = readDocument(document);
  if (!read.ok) return { findings: [labelled(read.finding, options.origin)], context: undefined };
  const context = buildContext(read.document, read.size, options);
  const findings = runRules(context, (rule) => !(skipAcrossPolicies && rule.acrossPolicies === true));
  return { findings: findings.map((f) => labelled(f, options.origin)), context };
}

/** Runs the rules that apply to the context's kind and pass `filter`. @internal */
export function runRules(context: LintContext, filter: (rule: LintRule) => boolean): Finding[] {
  return RULES.filter((rule) => rule.kinds.includes(context.kind) && filter(rule)).flatMap((rule) =>
    rule.check(context),
  );
}

function labelled(finding: Finding, origin: string | undefined): Finding {
  return origin === undefined || finding.policyArn !== undefined
    ? finding
    : { ...finding, policyArn: origin };
}

function checkOptions(given: LintPolicyOptions): Omit<DocumentOptions, 'origin'> {
  const options = plain(given, 'options');
  if (!isRecord(options)) {
    throw new ValidationError(
      'options',
      `lintPolicy: options must be an object, not ${shown(options)}`,
      "Pass { kind: 'resource' | 'identity' | 'trust', attachedTo?, ownerAccountId? }.",
    );
  }
  const kind = options['kind'];
  if (!(KINDS as readonly unknown[]).includes(kind)) {
    throw new ValidationError(
      'kind',
      `lintPolicy: kind ${shown(kind)} is not a policy kind`,
      "Pass { kind: 'resource' } for a resource policy, 'identity' for the caller's policy, 'trust' for a role trust policy.",
    );
  }
  const { attachedTo, ownerAccountId } = options as Partial<LintPolicyOptions>;
  if (attachedTo !== undefined && typeof attachedTo !== 'string') {
    throw new ValidationError(
      'attachedTo',
      'lintPolicy: attachedTo is not a string',
      'Pass the ARN the policy is attached to.',
    );
  }
  if (
    ownerAccountId !== undefined &&
    (typeof ownerAccountId !== 'string' || !ACCOUNT_ID.test(ownerAccountId))
  ) {
    throw new ValidationError(
      'ownerAccountId',
      'lintPolicy: ownerAccountId is not a 12-digit account id',
      'Pass the id of the account that owns the runtimes and memories (Account A), e.g. 111111111111.',
    );
  }
  return {
    kind: kind as LintPolicyKind,
    attachedTo,
    owners: ownerAccountId === undefined ? [] : [ownerAccountId],
  };
}
