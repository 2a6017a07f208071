/**
 * Linting cross-account policies in CI with the library (no AWS access, no AWS SDK): the setup is
 * built with the same builders the deployment uses, one endpoint policy is forgotten on purpose,
 * and the job fails on every error finding.
 *
 * Run: `npx esbuild examples/lint-in-ci.ts --bundle --platform=node --format=esm
 * --packages=external --outfile=out/lint-in-ci.mjs && node out/lint-in-ci.mjs` (exit 1: one error).
 */
import { pathToFileURL } from 'node:url';

import {
  callerIdentityPolicy,
  type Finding,
  lintAccessSetup,
  lintPolicy,
  runtimeAccessPolicies,
} from 'agentcore-xacct/policy';

const runtimeArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const callerArn = 'arn:aws:iam::222222222222:role/the-caller-role';

// #region lint
/** Lints one document and the whole setup; the findings share the troubleshooting cause codes. */
export function lintDeployment(withEndpointPolicy: boolean): Finding[] {
  const { runtime, endpoints } = runtimeAccessPolicies({ runtimeArn, principals: [callerArn] });
  const callerPolicy = callerIdentityPolicy({ runtimeArns: [runtimeArn] });

  // One document, checked against the ARN it is attached to.
  const single = lintPolicy(runtime.document, { kind: 'resource', attachedTo: runtime.resourceArn });

  // The whole setup: each target, every resource policy by ARN, the caller's identity policies.
  const resourcePolicies = Object.fromEntries(
    (withEndpointPolicy ? [runtime, ...endpoints] : [runtime]).map((p) => [p.resourceArn, p.document]),
  );
  const setup = lintAccessSetup({
    targets: [{ runtimeArn }],
    resourcePolicies,
    identityPolicies: [callerPolicy],
    callerArn,
  });
  return [...single, ...setup];
}
// #endregion lint

// #region report
/** Prints one line per finding and sets the exit code: 1 when any finding is an error. */
export function report(findings: readonly Finding[], print: (line: string) => void): number {
  for (const f of findings) {
    print(
      `${f.severity} ${f.code} ${f.policyArn ?? ''}${f.path}: ${f.message}${f.fix ? ` Fix: ${f.fix}` : ''}`,
    );
    print(`  see docs/troubleshooting.md#${f.code}`);
  }
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
// #endregion report

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = report(lintDeployment(false), (line) => console.log(line));
}
