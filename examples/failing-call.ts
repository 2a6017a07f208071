/**
 * From a failing cross-account call to green, offline: take the policies as they are deployed,
 * let `explainAccess` name the cause, apply the fix the library builds, and check the decision
 * again. The policies here are seed 000's gotcha 4: the caller's identity policy names the endpoint
 * sub-path in its own account.
 *
 * Run: `npx esbuild examples/failing-call.ts --bundle --platform=node --format=esm
 * --packages=external --outfile=out/failing-call.mjs && node out/failing-call.mjs`.
 */
import { pathToFileURL } from 'node:url';

import {
  type AccessFixPlan,
  type AccessPolicies,
  callerIdentityPolicy,
  type Explanation,
  explainAccess,
  type PolicyDocument,
  planAccessFix,
  runtimeAccessPolicies,
} from 'agentcore-xacct/policy';

const runtimeArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const caller = 'arn:aws:iam::222222222222:role/the-caller-role';

// #region deployed
/** What is deployed: correct resource policies, and the field report's caller policy. */
export function deployedPolicies(identity: PolicyDocument): AccessPolicies {
  const { runtime, endpoints } = runtimeAccessPolicies({ runtimeArn, principals: [caller] });
  const resource = Object.fromEntries([runtime, ...endpoints].map((p) => [p.resourceArn, p.document]));
  return { identity: [identity], resource };
}

export const fieldReportCallerPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 'bedrock-agentcore:InvokeAgentRuntime',
      Resource: [
        runtimeArn,
        // The bug: the endpoint sub-path in Account B (the caller's), not Account A.
        'arn:aws:bedrock-agentcore:*:222222222222:runtime/*/runtime-endpoint/*',
      ],
    },
  ],
};
// #endregion deployed

// #region explain
/** The decision for the call that failed, with the causes ranked. */
export function explainInvoke(policies: AccessPolicies): Explanation {
  return explainAccess(
    { principalArn: caller, action: 'bedrock-agentcore:InvokeAgentRuntime', resourceArn: runtimeArn },
    policies,
  );
}
// #endregion explain

// #region fix
/** Before and after: the field report's policy, then the one `callerIdentityPolicy` builds. */
export function beforeAndAfter(print: (line: string) => void): [Explanation, Explanation] {
  const before = explainInvoke(deployedPolicies(fieldReportCallerPolicy));
  print(`before: ${before.decision}`);
  for (const cause of before.causes) {
    print(`  ${cause.code}: ${cause.message}`);
    print(`  fix: ${cause.fix} (docs/troubleshooting.md#${cause.code})`);
  }
  const after = explainInvoke(deployedPolicies(callerIdentityPolicy({ runtimeArns: [runtimeArn] })));
  print(`after: ${after.decision}`);
  return [before, after];
}
// #endregion fix

// #region plan
/** The smallest change to the deployed policies that allows the call, and its command. */
export function planTheFix(print: (line: string) => void): AccessFixPlan {
  const plan = planAccessFix(
    { principalArn: caller, action: 'bedrock-agentcore:InvokeAgentRuntime', resourceArn: runtimeArn },
    deployedPolicies(fieldReportCallerPolicy),
    { identityPolicyNames: ['agentcore-invoke'] },
  );
  for (const change of plan.changes) {
    print(`${change.code} in account ${change.account}: ${change.summary}`);
    print(change.awsCli);
  }
  print(`after the plan: ${plan.explanation.decision}`);
  return plan;
}
// #endregion plan

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [, after] = beforeAndAfter((line) => console.log(line));
  process.exitCode = after.decision === 'allow' ? 0 : 1;
}
