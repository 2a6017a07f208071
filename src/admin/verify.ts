/**
 * Verifies a cross-account setup from Account A: read every policy it can, lint the lot.
 * @module
 */
import { parseArn } from '../arn/parse.js';
import { InvalidArnError, ValidationError } from '../errors.js';
import { hasEndpoints, resolveTargets } from '../policy/lint/setup/targets.js';
import type { LintTarget } from '../policy/lint/types.js';
import { adminOptions, asError, openControlPlane } from './control.js';
import { readPolicyText } from './policy-text.js';
import { lintKnown } from './run.js';
import type { VerifiedPolicy, VerifyAccessOptions, VerifyAccessResult } from './types.js';

/**
 * Reads the resource policy of every runtime, harness (and their endpoints), memory and gateway
 * in `targets` through the control plane and lints the setup (`lintAccessSetup`): each policy on
 * its own (wildcard or mismatched Resource, aws:SourceAccount, InvokeHarness without
 * InvokeAgentRuntime…), and together (a runtime or harness policy without its endpoint policy, a
 * memory or gateway without one; with `callerArn`, policies that do not name the caller or its
 * actions; with `identityPolicies`, the caller's side as well).
 *
 * It checks what it can see: a policy it cannot read (denied, throttled) is reported as
 * `unreadable` and left out of the lint, rather than reported missing. Account A's credentials
 * cannot read Account B's IAM, so the caller's identity policies are linted only when given.
 * It never writes.
 *
 * @returns Each policy read, and the findings; `ok` when all were read and no finding is an error.
 * @throws {@link ValidationError} for no target, targets in several regions, both `client` and
 *   `clientConfig`, or a client in another region; {@link InvalidArnError} for a malformed ARN.
 *
 * @example
 * ```ts
 * import { verifyAccess } from 'agentcore-xacct';
 * const result = await verifyAccess({
 *   targets: [{ runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij' }],
 *   callerArn: 'arn:aws:iam::222222222222:role/the-caller-role',
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * for (const f of result.findings) console.log(f.severity, f.code, f.policyArn, f.fix);
 * ```
 */
export async function verifyAccess(options: VerifyAccessOptions): Promise<VerifyAccessResult> {
  options = adminOptions(options, 'verifyAccess');
  const arns = policyArns(options.targets);
  const regions = [...new Set(arns.map((arn) => parseArn(arn).region))];
  const [region] = regions;
  if (region === undefined || regions.length > 1) {
    throw new ValidationError(
      'targets',
      region === undefined
        ? 'No target to verify'
        : `The targets are in several regions (${regions.join(', ')})`,
      'Pass at least one runtime, harness, memory or gateway, all in one region (one control-plane client reaches one region).',
    );
  }
  const plane = await openControlPlane(options, region);
  if (plane === undefined) {
    throw new ValidationError('client', 'verifyAccess needs a control plane', 'Pass client or clientConfig.');
  }
  const policies: VerifiedPolicy[] = [];
  try {
    for (const resourceArn of arns) {
      try {
        const policy = await plane.getPolicy(resourceArn);
        policies.push(
          policy === undefined
            ? { resourceArn, status: 'none' }
            : { resourceArn, status: 'attached', policy, document: readPolicyText(policy).document },
        );
      } catch (error) {
        policies.push({ resourceArn, status: 'unreadable', error: asError(error) });
      }
    }
  } finally {
    plane.close();
  }
  const findings = lintKnown(
    options.targets,
    policies.map((p) => ({
      resourceArn: p.resourceArn,
      document: p.document,
      known: p.status !== 'unreadable',
    })),
    { callerArn: options.callerArn, identityPolicies: options.identityPolicies },
  );
  return {
    ok: policies.every((p) => p.status !== 'unreadable') && findings.every((f) => f.severity !== 'error'),
    policies,
    findings,
  };
}

/**
 * The ARNs whose policies the targets depend on: runtime (harness) and endpoints, memory, gateway.
 * A bare memory id is refused: it names no policy to read.
 */
function policyArns(targets: readonly LintTarget[]): string[] {
  const { resolved, findings } = resolveTargets(targets);
  const bare = findings.find((f) => f.code === 'memory-id-not-arn');
  if (bare !== undefined) {
    throw new InvalidArnError(
      'memoryId',
      bare.policyArn ?? '',
      `targets: ${bare.message} ${bare.fix ?? ''}`,
      {
        findingCode: 'memory-id-not-arn',
      },
    );
  }
  return [...new Set(resolved.flatMap((t) => [t.arn, ...(hasEndpoints(t) ? t.endpoints : [])]))];
}
