import { InvalidArnError, isInvalidArnError, shown, ValidationError } from '../../errors.js';
import { plain, shallow } from '../../input.js';
import { isObject } from '../statement/read.js';
import type { Finding } from '../types.js';
import { type CallerIdentity, callerIdentity } from './grants.js';
import { lintDocument, runRules } from './lint-policy.js';
import { callerAccess } from './setup/caller-access.js';
import { identityCoverage } from './setup/identity-coverage.js';
import { missingPolicies } from './setup/missing-policies.js';
import { resolveTargets } from './setup/targets.js';
import type { LintAccessSetupInput, LintContext, StatementView } from './types.js';

/**
 * Lints a whole cross-account setup: the resource policies on each runtime, endpoint, memory,
 * gateway and harness (and harness endpoint), the caller's identity policies, and how they fit
 * together.
 *
 * Set-level checks: a runtime without a policy (`runtime-policy-missing`), a runtime with one
 * but an endpoint without (`endpoint-policy-missing`), the same for a harness
 * (`harness-policy-missing`, `harness-endpoint-policy-missing`), a memory or gateway without one
 * (`memory-policy-missing`, `gateway-policy-missing`); identity policies that, together, allow
 * the runtime (harness) but not the endpoint sub-path (`identity-missing-endpoint`), name the
 * target in another account or region (`identity-wrong-account`, `region-mismatch`) or allow
 * nothing on it (`identity-missing-action`); with `callerArn`, resource policies that do not name
 * the caller (`principal-not-allowed`), name it without the action (`action-not-allowed`; for a
 * harness, InvokeHarness without InvokeAgentRuntime: `harness-missing-invoke-runtime`), or deny
 * it (`explicit-deny`). Every attached policy is also linted on its own ({@link lintPolicy}, kind
 * `resource` with `attachedTo`; identity policies with the targets' account as owner).
 *
 * Each finding's `policyArn` is the ARN the policy is attached to, `identity[i]` for the i-th
 * identity policy, or `identity` for a finding about the identity policies as a whole. Targets
 * in the caller's own account are not checked at the set level (no resource policy is needed there).
 *
 * Never throws on a document (unreadable ones are `invalid-policy` findings); a bare memory id
 * target is a `memory-id-not-arn` finding.
 *
 * @throws {@link InvalidArnError} for a malformed target ARN, qualifier or `callerArn`,
 *   {@link ValidationError} for a malformed input shape; both name the field.
 *
 * @example
 * ```ts
 * import { lintAccessSetup } from 'agentcore-xacct/policy';
 * const runtime = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
 * const findings = lintAccessSetup({
 *   targets: [{ runtimeArn: runtime }],
 *   resourcePolicies: { [runtime]: runtimePolicy }, // no policy on …/runtime-endpoint/DEFAULT
 *   identityPolicies: [callerPolicy],
 *   callerArn: 'arn:aws:iam::222222222222:role/the-caller-role',
 * });
 * findings.filter((f) => f.severity === 'error').map((f) => f.code); // ['endpoint-policy-missing']
 * ```
 */
export function lintAccessSetup(input: LintAccessSetupInput): Finding[] {
  // Read once, two levels deep (the input, and the maps and lists in it); the documents are
  // left to the linter's own reader, which reports anything as findings.
  input = shallow(input, 'input', 2);
  if (!isObject(input)) {
    throw new ValidationError(
      'input',
      'lintAccessSetup: the input is not an object',
      'Pass { targets, resourcePolicies, identityPolicies?, callerArn? }.',
    );
  }
  const { resourcePolicies, identityPolicies } = input;
  if (!isObject(resourcePolicies)) {
    throw new ValidationError(
      'resourcePolicies',
      'lintAccessSetup: resourcePolicies is not an object',
      'Pass resourcePolicies: { [attachedArn]: document }, {} when none is attached.',
    );
  }
  if (identityPolicies !== undefined && !Array.isArray(identityPolicies)) {
    throw new ValidationError(
      'identityPolicies',
      'lintAccessSetup: identityPolicies is not an array',
      'Pass identityPolicies: [document, …], or omit it.',
    );
  }
  const caller = input.callerArn === undefined ? undefined : callerOf(input.callerArn);
  const { resolved, findings } = resolveTargets(plain(input.targets, 'targets'));
  const targets = resolved.filter((t) => caller === undefined || t.accountId !== caller.accountId);
  findings.push(...missingPolicies(resolved, resourcePolicies, caller));

  const documentFindings: Finding[] = [];
  const contexts = new Map<string, LintContext>();
  for (const [arn, document] of Object.entries(resourcePolicies)) {
    if (document === undefined) continue;
    const linted = lintDocument(
      document,
      { kind: 'resource', attachedTo: arn, owners: [], origin: arn },
      false,
    );
    documentFindings.push(...linted.findings);
    if (linted.context !== undefined) contexts.set(arn, linted.context);
  }

  if (identityPolicies !== undefined) {
    const owners = [...new Set(resolved.map((t) => t.accountId))];
    const statements: StatementView[] = [];
    identityPolicies.forEach((document, i) => {
      const options = { kind: 'identity', attachedTo: undefined, owners, origin: `identity[${i}]` } as const;
      const linted = lintDocument(document, options, true);
      documentFindings.push(...linted.findings);
      statements.push(...(linted.context?.statements ?? []));
    });
    // Rules whose verdict depends on every statement the caller holds see them all at once.
    const all: LintContext = {
      kind: 'identity',
      document: {},
      statements,
      attachedTo: undefined,
      owners,
      size: 0,
    };
    documentFindings.push(...runRules(all, (rule) => rule.acrossPolicies === true));
    findings.push(...identityCoverage(targets, statements));
  }
  if (caller !== undefined) findings.push(...callerAccess(targets, contexts, caller));
  return unique([...findings, ...documentFindings]);
}

function callerOf(callerArn: unknown): CallerIdentity {
  try {
    if (typeof callerArn !== 'string') throw new InvalidArnError('arn', shown(callerArn), 'not a string.');
    return callerIdentity(callerArn);
  } catch (error) {
    if (!isInvalidArnError(error)) throw error;
    throw new InvalidArnError(
      error.part,
      error.value,
      `callerArn: ${error.message} Pass the caller's role, user or assumed-role session ARN.`,
      { cause: error },
    );
  }
}

/** One finding per code, policy and place: set-level and document checks can meet on one entry. */
function unique(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\u0000${f.policyArn ?? ''}\u0000${f.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
