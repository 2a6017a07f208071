/**
 * What to check and how to fix each cause code when the policies are not at hand: the known
 * traps of cross-account AgentCore (seed 000's four gotchas, FACTS.md), worded for one denial.
 * @internal
 */
import type { CauseCode } from '../policy/types.js';

/** The facts a denial's wording is built from. @internal */
export interface Facts {
  action: string;
  /** The runtime, memory or role ARN (or a placeholder). */
  resourceArn: string;
  /** The endpoint ARN of a runtime call. */
  endpointArn: string;
  principalArn: string;
  callerAccount: string;
  ownerAccount: string;
  /** Region of the resource ARN, when known. */
  resourceRegion: string | undefined;
  /** Region the client called, when known. */
  clientRegion: string | undefined;
  roleArn: string;
}

/** How a trap is checked and fixed. @internal */
export interface Trap {
  /** What the denial suggests, as evidence for a ranked guess. */
  evidence: string;
  check: string;
  fix: string;
}

/** The trap behind each cause code, worded with the facts of one denial. @internal */
export function traps(f: Facts): Record<CauseCode, Trap> {
  const put = (arn: string) =>
    `aws bedrock-agentcore-control put-resource-policy --resource-arn ${arn} --policy file://policy.json (Account ${f.ownerAccount})`;
  return {
    'endpoint-policy-missing': {
      evidence: `AgentCore authorizes ${f.action} against the runtime and its endpoint (hierarchical authorization); a missing endpoint policy is still reported as "no resource-based policy" on the runtime ARN.`,
      check: `A resource policy is attached to the endpoint ${f.endpointArn}, not only to the runtime, and it allows ${f.principalArn} (or account ${f.callerAccount}).`,
      fix: `Attach the runtime's policy to ${f.endpointArn} too, with "Resource" exactly that ARN: ${put(f.endpointArn)}`,
    },
    'runtime-policy-missing': {
      evidence: `A cross-account call needs a resource policy on ${f.resourceArn} that allows the caller.`,
      check: `A resource policy is attached to ${f.resourceArn} and allows ${f.principalArn} (or account ${f.callerAccount}) ${f.action}.`,
      fix: `Attach one with "Resource" exactly ${f.resourceArn}: ${put(f.resourceArn)}`,
    },
    'memory-policy-missing': {
      evidence: `A cross-account memory call needs a resource policy on ${f.resourceArn} that allows the caller.`,
      check: `A resource policy is attached to the memory ${f.resourceArn} and allows ${f.principalArn} ${f.action}.`,
      fix: `Attach one with "Resource" exactly ${f.resourceArn}: ${put(f.resourceArn)}`,
    },
    'gateway-policy-missing': {
      evidence: `A caller of another account invokes a gateway only when the gateway's resource policy allows bedrock-agentcore:InvokeGateway as well as its own identity policy.`,
      check: `A resource policy is attached to the gateway ${f.resourceArn} and allows ${f.principalArn} (or account ${f.callerAccount}) ${f.action}.`,
      fix: `Attach one with "Resource" exactly ${f.resourceArn}: ${put(f.resourceArn)}`,
    },
    'harness-policy-missing': {
      evidence: `A cross-account harness call needs a resource policy on the harness ${f.resourceArn} that allows the caller, as well as one on its endpoint.`,
      check: `A resource policy is attached to ${f.resourceArn} and allows ${f.principalArn} (or account ${f.callerAccount}) bedrock-agentcore:InvokeHarness and bedrock-agentcore:InvokeAgentRuntime.`,
      fix: `Attach one with "Resource" exactly ${f.resourceArn}: ${put(f.resourceArn)}`,
    },
    'harness-endpoint-policy-missing': {
      evidence: `AgentCore authorizes InvokeHarness against the harness and its endpoint (hierarchical authorization, like runtimes); the harness's policy alone is not enough.`,
      check: `A resource policy is attached to the harness endpoint ${f.endpointArn}, not only to the harness, and it allows ${f.principalArn} (or account ${f.callerAccount}).`,
      fix: `Attach the harness's policy to ${f.endpointArn} too, with "Resource" exactly that ARN: ${put(f.endpointArn)}`,
    },
    'harness-missing-invoke-runtime': {
      evidence: `"Calling InvokeHarness requires both bedrock-agentcore:InvokeHarness and bedrock-agentcore:InvokeAgentRuntime permissions on the harness ARN" (AgentCore developer guide); a grant of InvokeHarness alone denies.`,
      check: `Every policy that allows bedrock-agentcore:InvokeHarness to ${f.principalArn} (the harness's and its endpoint's resource policies, the caller's identity policy) also allows bedrock-agentcore:InvokeAgentRuntime on the same ARNs.`,
      fix: `Add "bedrock-agentcore:InvokeAgentRuntime" next to "bedrock-agentcore:InvokeHarness" in each of those statements.`,
    },
    'resource-wildcard': {
      evidence: `AgentCore rejects a wildcard "Resource" in a resource policy, so such a policy never got attached.`,
      check: `No resource policy uses "Resource": "*" or a pattern; PutResourcePolicy did not fail with a ValidationException.`,
      fix: `Set "Resource" to the exact ARN each policy is attached to, and put the policy again.`,
    },
    'resource-mismatch': {
      evidence: `A policy copied from the runtime to the endpoint keeps the runtime ARN in "Resource", which AgentCore refuses.`,
      check: `The "Resource" of each resource policy is exactly the ARN it is attached to (the endpoint policy names ${f.endpointArn}).`,
      fix: `Set "Resource" of each policy to the ARN it is attached to and put it again.`,
    },
    'source-account-condition': {
      evidence: `aws:SourceAccount and aws:SourceArn are set only when an AWS service calls on someone's behalf; a direct SigV4 call by ${f.principalArn} carries neither, so such a condition silently denies.`,
      check: `No resource policy statement for IAM principals has an aws:SourceAccount or aws:SourceArn condition.`,
      fix: `Use aws:PrincipalAccount ("${f.callerAccount}"), aws:PrincipalArn or aws:PrincipalOrgID instead.`,
    },
    'identity-wrong-account': {
      evidence: `The caller's identity policy must name the resources in their owner's account ${f.ownerAccount}; one that names the caller's account ${f.callerAccount} is reported as a resource-policy denial.`,
      check: `Every bedrock-agentcore ARN in the identity policy of ${f.principalArn} names account ${f.ownerAccount}, not ${f.callerAccount}.`,
      fix: `Name account ${f.ownerAccount} in those Resource entries (e.g. arn:aws:bedrock-agentcore:${f.resourceRegion ?? '*'}:${f.ownerAccount}:runtime/*/runtime-endpoint/*).`,
    },
    'identity-missing-endpoint': {
      evidence: `The caller's identity policy must allow ${f.action} on the endpoint sub-path as well as on the runtime; AWS blames the resource policy when it does not.`,
      check: `The identity policy of ${f.principalArn} allows ${f.action} on ${f.resourceArn} and on ${f.endpointArn} (or …/runtime-endpoint/*).`,
      fix: `Add "${f.endpointArn}" (or the runtime ARN followed by /runtime-endpoint/*) to the Resource of that identity statement.`,
    },
    'identity-missing-action': {
      evidence: `The caller's identity policy must allow ${f.action} itself.`,
      check: `The identity policy of ${f.principalArn} allows ${f.action} on ${f.resourceArn}.`,
      fix: `Add "${f.action}" to an Allow statement of ${f.principalArn}'s identity policy, on ${f.resourceArn}.`,
    },
    'principal-not-allowed': {
      evidence: `The resource policy must name the caller's role (not its session), or its account root.`,
      check: `The resource policies' Principal.AWS names the role behind ${f.principalArn} or arn:aws:iam::${f.callerAccount}:root.`,
      fix: `Add the caller's role ARN (or its account root) to Principal.AWS of each resource policy.`,
    },
    'action-not-allowed': {
      evidence: `The resource policy names the caller but must also list ${f.action}.`,
      check: `The resource policies' Action lists ${f.action}.`,
      fix: `Add "${f.action}" to the Action of each resource policy.`,
    },
    'explicit-deny': {
      evidence: `A Deny statement matched; an explicit deny overrides every Allow.`,
      check: `No Deny statement in the identity policies, SCPs, permissions boundary or resource policies matches ${f.action} by ${f.principalArn}.`,
      fix: `Remove or narrow the matching Deny statement.`,
    },
    'region-mismatch': {
      evidence:
        f.clientRegion !== undefined && f.resourceRegion !== undefined && f.clientRegion !== f.resourceRegion
          ? `The client called ${f.clientRegion} but the resource is in ${f.resourceRegion}.`
          : `The client's region and every policy must use the resource's region.`,
      check: `The client calls ${f.resourceRegion ?? "the resource's region"}, and no policy names another region.`,
      fix: `Call ${f.resourceRegion ?? "the ARN's region"} (omit the client's region: the ARN gives it) and name that region in the policies.`,
    },
    'memory-id-not-arn': {
      evidence: `A bare memory id resolves to the caller's own account ${f.callerAccount}, not to the owner's.`,
      check: `The call names the full memory ARN in account ${f.ownerAccount}, not a bare memory id.`,
      fix: `Pass the full memory ARN (memoryArn(id, { accountId: '${f.ownerAccount}', region })).`,
    },
    'assume-role-denied': {
      evidence: `sts:AssumeRole of ${f.roleArn} was denied: the role's trust policy, the caller's sts:AssumeRole permission or the ExternalId.`,
      check: `The trust policy of ${f.roleArn} names ${f.principalArn} (its role ARN) with the ExternalId the client sends, and the identity policy of the caller allows sts:AssumeRole on ${f.roleArn}.`,
      fix: `Add the caller's role to the trust policy's Principal.AWS (with "sts:ExternalId" matching), and allow sts:AssumeRole on ${f.roleArn} in the caller's identity policy.`,
    },
    'execution-role-denied': {
      evidence: `The runtime answered RuntimeClientError (424): the agent's own execution role in account ${f.ownerAccount} was denied ${f.action}. The caller's access is fine.`,
      check: `The runtime's execution role (${f.principalArn}) allows ${f.action} on ${f.resourceArn}.`,
      fix: `Ask the owner of the runtime (account ${f.ownerAccount}) to allow ${f.action} to the execution role; nothing changes on the caller's side.`,
    },
    'broad-principal': {
      evidence: `An account root or wildcard principal grants more than needed.`,
      check: `Resource policies name roles rather than account roots where possible.`,
      fix: `Name the caller's role ARN instead of its account root.`,
    },
    'mixed-read-write': {
      evidence: `One statement grants both read and write memory actions.`,
      check: `Memory read and write grants are in separate statements.`,
      fix: `Split the statement into a read statement and a write statement.`,
    },
    'scp-not-allowed': {
      evidence: `A service control policy of the caller's organization does not allow ${f.action}: AWS needs an Allow at every level from the root to account ${f.callerAccount}, and names the "service control policy" when one is missing.`,
      check: `Every level (root, each OU, account ${f.callerAccount}) has an SCP that allows ${f.action} for ${f.principalArn}.`,
      fix: `Allow ${f.action} in an SCP at the level that lacks it (FullAWSAccess does), or move account ${f.callerAccount} under an OU whose SCPs allow it.`,
    },
    'rcp-denied': {
      evidence: `A resource control policy of the owner's organization denies ${f.action} on ${f.resourceArn}: RCPs bound every caller of the resources in account ${f.ownerAccount}, they can only deny (RCPFullAWSAccess allows the rest), and AWS names the "resource control policy".`,
      check: `No RCP on the path from the organization root to account ${f.ownerAccount} denies ${f.action} to ${f.principalArn} (typically a Deny unless aws:PrincipalOrgID is the owner's organization).`,
      fix: `Have the owner's organization exempt ${f.principalArn} in the denying RCP's condition (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalIsAWSService), or narrow its Action or Resource.`,
    },
    'permissions-boundary-not-allowed': {
      evidence: `The permissions boundary of ${f.principalArn} does not allow ${f.action}; it bounds every permission the identity policies grant.`,
      check: `The permissions boundary of ${f.principalArn} allows ${f.action} on ${f.resourceArn}.`,
      fix: `Add ${f.action} on ${f.resourceArn} to the permissions boundary of ${f.principalArn}'s role or user.`,
    },
    'session-policy-not-allowed': {
      evidence: `The session policy passed when ${f.principalArn} assumed its role does not allow ${f.action}; a session has only what both its role and its session policy allow.`,
      check: `The session policy (AssumeRole Policy / PolicyArns) allows ${f.action} on ${f.resourceArn}.`,
      fix: `Pass a session policy that allows ${f.action} on ${f.resourceArn}, or none.`,
    },
    'vpc-endpoint-policy-not-allowed': {
      evidence: `The call went through a VPC endpoint whose policy does not allow ${f.action} on ${f.resourceArn} by ${f.principalArn}; AWS names the "VPC endpoint policy".`,
      check: `The policy of the VPC endpoint the client uses allows ${f.action} on ${f.resourceArn} for ${f.principalArn}.`,
      fix: `Allow ${f.action} on ${f.resourceArn} for ${f.principalArn} in the endpoint policy (aws ec2 modify-vpc-endpoint --policy-document), or call through another endpoint.`,
    },
  };
}
