/**
 * The catalogue of codes: one entry per cause and finding code, giving its title, default
 * severity, default rank, a full description, and the templates of its evidence, its check and
 * its fix, worded from the facts of one case. The linter, `explainAccess`'s causes, the
 * AccessDenied diagnosis, the policy builders' refusals, `doctor`, the CLI's SARIF rules and the
 * troubleshooting page all read it, so a code is worded in one place.
 *
 * Adding a code: add it to `CauseCode` (or `LintOnlyCode`) in `./types.ts`; the compiler then
 * asks for its entry here (`CODE_CATALOG` is a `Record` over every code); a test asks for its
 * section in `docs/troubleshooting.md`, whose first line is the entry's title.
 *
 * Pure: no I/O, no AWS SDK.
 * @module
 */
import { endpointsPatternOf } from '../arn/fields.js';
import { shown, ValidationError } from '../errors.js';
import type { CauseCode, FindingCode, LintOnlyCode, Severity } from './types.js';

/**
 * The facts a code's wording is built from. Every field is optional: a missing fact reads as a
 * placeholder ("the caller", "the owner's account"), so a template always gives a sentence.
 *
 * @example
 * ```ts
 * const facts: CodeFacts = {
 *   action: 'bedrock-agentcore:InvokeAgentRuntime',
 *   resourceArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
 *   principalArn: 'arn:aws:iam::222222222222:role/the-caller-role',
 *   callerAccount: '222222222222',
 *   ownerAccount: '111111111111',
 * };
 * ```
 */
export interface CodeFacts {
  /** The action, e.g. `bedrock-agentcore:InvokeAgentRuntime`. */
  action?: string | undefined;
  /** The ARN at fault (a runtime, endpoint or memory; a role for `assume-role-denied`). */
  resourceArn?: string | undefined;
  /** The runtime endpoint ARN of a runtime call. */
  endpointArn?: string | undefined;
  /** The caller as AWS names it (a role, user or assumed-role session). */
  principalArn?: string | undefined;
  /** The ARN to name in a policy for the caller: its role for a session. */
  grantee?: string | undefined;
  /** The caller's account (Account B). */
  callerAccount?: string | undefined;
  /** The resource owner's account (Account A). */
  ownerAccount?: string | undefined;
  /** The resource's region. */
  region?: string | undefined;
  /** The region the client called. */
  clientRegion?: string | undefined;
  /** The role to assume (pattern 2), or the runtime's execution role. */
  roleArn?: string | undefined;
  /** The condition key at fault (`aws:SourceAccount`). */
  conditionKey?: string | undefined;
  /** A corrected `Resource` entry to write (an identity policy's entry in the owner's account). */
  resourcePattern?: string | undefined;
}

/**
 * What the catalogue says about one code.
 *
 * @example
 * ```ts
 * const info: CodeInfo = codeInfo('endpoint-policy-missing');
 * console.log(`${info.title} (${info.severity}): ${info.fix({ endpointArn })}`);
 * ```
 */
export interface CodeInfo {
  readonly code: FindingCode;
  /** A short title: the first line of the code's troubleshooting section, a SARIF rule's short description. */
  readonly title: string;
  /** The severity of a finding with this code unless a rule says otherwise. */
  readonly severity: Severity;
  /**
   * The default rank among causes of the same confidence: lower comes first (the seed's gotchas
   * before the generic causes). Lint-only codes rank after every cause code.
   */
  readonly rank: number;
  /** `cause`: can explain a denial (a {@link CauseCode}); `lint`: document hygiene only. */
  readonly kind: 'cause' | 'lint';
  /**
   * Which change fixes it: `policy` (a change to the caller's identity policy or the owner's
   * resource policy, what `planAccessFix` makes), `guardrail` (a policy neither account's
   * policies hold: SCP, RCP, boundary, session, VPC endpoint, or a Deny), `request` (the call:
   * region, ARN, role), `none` (a least-privilege or hygiene finding).
   */
  readonly fixedBy: 'policy' | 'guardrail' | 'request' | 'none';
  /** What the code means, in full (a SARIF rule's full description). */
  readonly description: string;
  /** Why the code is suspected of one denial, worded from its facts. */
  evidence(facts?: CodeFacts): string;
  /** What to look at to confirm or rule it out. */
  check(facts?: CodeFacts): string;
  /** How to fix it. */
  fix(facts?: CodeFacts): string;
  /** The code's section of the troubleshooting page, online. */
  readonly helpUri: string;
}

/** The project's repository: package.json's `repository` (a test keeps them equal). @internal */
export const REPOSITORY_URL = 'https://github.com/agentcore-xacct/agentcore-xacct';

/**
 * Where the troubleshooting page lives online: one section per code, anchored by the code.
 * @internal
 */
export const TROUBLESHOOTING_URL = `${REPOSITORY_URL}/blob/main/docs/troubleshooting.md`;

/** The facts with a placeholder for each one missing. */
interface Worded {
  action: string;
  resourceArn: string;
  endpointArn: string;
  principalArn: string;
  grantee: string;
  callerAccount: string;
  ownerAccount: string;
  region: string;
  clientRegion: string | undefined;
  resourceRegion: string | undefined;
  roleArn: string;
  conditionKey: string;
  resourcePattern: string | undefined;
}

function worded(f: CodeFacts = {}): Worded {
  return {
    action: f.action ?? 'the action',
    resourceArn: f.resourceArn ?? 'the resource',
    endpointArn: f.endpointArn ?? 'the endpoint ARN (…/runtime-endpoint/NAME)',
    principalArn: f.principalArn ?? 'the caller',
    grantee: f.grantee ?? f.principalArn ?? "the caller's role ARN",
    callerAccount: f.callerAccount ?? "the caller's account",
    ownerAccount: f.ownerAccount ?? "the owner's account",
    region: f.region ?? "the resource's region",
    clientRegion: f.clientRegion,
    resourceRegion: f.region,
    roleArn: f.roleArn ?? f.resourceArn ?? 'the role',
    conditionKey: f.conditionKey ?? 'aws:SourceAccount',
    resourcePattern: f.resourcePattern,
  };
}

/** The AWS CLI command that attaches a resource policy (Account A). */
function put(arn: string, owner: string): string {
  // Unknown facts are worded ("the endpoint ARN (…)"): the command then shows a placeholder.
  const target = arn.startsWith('arn:') ? arn : '<ARN>';
  const where = /^\d{12}$/.test(owner) ? `account ${owner}` : owner;
  return `aws bedrock-agentcore-control put-resource-policy --resource-arn ${target} --policy file://policy.json (in ${where})`;
}

/** The IAM-principal counterpart of a key only an AWS service sets. */
function principalKeyFor(key: string): string {
  return key.toLowerCase() === 'aws:sourcearn' ? 'aws:PrincipalArn' : 'aws:PrincipalAccount';
}

interface Entry {
  title: string;
  severity: Severity;
  rank: number;
  fixedBy: CodeInfo['fixedBy'];
  description: string;
  evidence(w: Worded): string;
  check(w: Worded): string;
  fix(w: Worded): string;
}

/** Causes rank 0–12 (the order explainAccess has always used); lint-only codes after them. */
const LINT_RANK = 20;

const CAUSES: Record<CauseCode, Entry> = {
  'explicit-deny': {
    title: 'A Deny statement matches the request',
    severity: 'error',
    rank: 0,
    fixedBy: 'guardrail',
    description:
      'A Deny statement in an identity, resource, session, boundary, SCP or VPC endpoint policy matches the request; an explicit deny overrides every Allow.',
    evidence: () => 'A Deny statement matched; an explicit deny overrides every Allow.',
    check: (w) =>
      `No Deny statement in the identity policies, SCPs, permissions boundary or resource policies matches ${w.action} by ${w.principalArn}.`,
    fix: () =>
      'Remove or narrow that Deny statement (its Principal, Action, Resource or Condition) so it no longer matches this request.',
  },
  'resource-wildcard': {
    title: 'A resource policy names a wildcard Resource',
    severity: 'error',
    rank: 1,
    fixedBy: 'policy',
    description:
      'The Resource of a resource-based policy is "*" or a pattern. AgentCore rejects such a document at PutResourcePolicy (gotcha 2), so it was never attached.',
    evidence: () =>
      'AgentCore rejects a wildcard "Resource" in a resource policy, so such a policy never got attached.',
    check: () =>
      'No resource policy uses "Resource": "*" or a pattern; PutResourcePolicy did not fail with a ValidationException.',
    fix: (w) =>
      `Set "Resource" to exactly ${w.resourceArn === 'the resource' ? 'the ARN each policy is attached to' : `${w.resourceArn}, the ARN the policy is attached to,`} and put the policy again.`,
  },
  'source-account-condition': {
    title: 'aws:SourceAccount or aws:SourceArn on a policy for IAM principals',
    severity: 'error',
    rank: 2,
    fixedBy: 'policy',
    description:
      "aws:SourceAccount and aws:SourceArn are set only when an AWS service calls on someone's behalf. A direct SigV4 call by an IAM principal carries neither, so a condition on them fails and the statement silently denies (gotcha 3).",
    evidence: (w) =>
      `aws:SourceAccount and aws:SourceArn are set only when an AWS service calls on someone's behalf; a direct SigV4 call by ${w.principalArn} carries neither, so such a condition silently denies.`,
    check: () =>
      'No resource policy statement for IAM principals has an aws:SourceAccount or aws:SourceArn condition.',
    fix: (w) => {
      const replacement = principalKeyFor(w.conditionKey);
      const example =
        replacement === 'aws:PrincipalAccount' && !w.callerAccount.startsWith('the ')
          ? `, e.g. "Condition": { "StringEquals": { "aws:PrincipalAccount": "${w.callerAccount}" } }`
          : '';
      const others =
        replacement === 'aws:PrincipalArn'
          ? 'aws:PrincipalAccount, aws:PrincipalOrgID'
          : 'aws:PrincipalArn, aws:PrincipalOrgID';
      return `For IAM principals use ${replacement} (or ${others}) instead of ${w.conditionKey}${example}; keep ${w.conditionKey} only in a statement for a Service principal.`;
    },
  },
  'identity-wrong-account': {
    title: "The caller's identity policy names the resource in the wrong account",
    severity: 'error',
    rank: 3,
    fixedBy: 'policy',
    description:
      "The caller's identity policy names the runtime, endpoint or memory in another account than its owner's (the caller's own, typically): it allows nothing on the owner's resource, and AWS may blame the resource policy (gotcha 4).",
    evidence: (w) =>
      `The caller's identity policy must name the resources in their owner's account ${w.ownerAccount}; an entry that names the caller's account ${w.callerAccount} allows nothing there.`,
    check: (w) =>
      `Every bedrock-agentcore ARN in the identity policy of ${w.principalArn} names account ${w.ownerAccount}, not ${w.callerAccount}.`,
    fix: (w) =>
      w.resourcePattern === undefined
        ? `Name account ${w.ownerAccount} in those Resource entries (e.g. arn:aws:bedrock-agentcore:${w.resourceRegion ?? '*'}:${w.ownerAccount}:runtime/*/runtime-endpoint/*).`
        : `Name the owner's account in that Resource: "${w.resourcePattern}".`,
  },
  'scp-not-allowed': {
    title: 'No service control policy allows the action',
    severity: 'error',
    rank: 3,
    fixedBy: 'guardrail',
    description:
      "A service control policy (SCP) of the caller's organization does not allow the action: AWS needs an Allow at every level from the organization root to the caller's account.",
    evidence: (w) =>
      `A service control policy of the caller's organization does not allow ${w.action}: AWS needs an Allow at every level from the root to account ${w.callerAccount}, and names the "service control policy" when one is missing.`,
    check: (w) =>
      `Every level (root, each OU, account ${w.callerAccount}) has an SCP that allows ${w.action} for ${w.principalArn}.`,
    fix: (w) =>
      `Allow ${w.action} in an SCP at the level that lacks it (FullAWSAccess does), or move account ${w.callerAccount} under an OU whose SCPs allow it.`,
  },
  'rcp-denied': {
    title: 'A resource control policy denies the call',
    severity: 'error',
    rank: 3,
    fixedBy: 'guardrail',
    description:
      "A resource control policy (RCP) of the owner's organization denies the call. RCPs bound every caller of the owner's resources and can only deny.",
    evidence: (w) =>
      `A resource control policy of the owner's organization denies ${w.action} on ${w.resourceArn}: RCPs bound every caller of the resources in account ${w.ownerAccount}, they can only deny (RCPFullAWSAccess allows the rest), and AWS names the "resource control policy".`,
    check: (w) =>
      `No RCP on the path from the organization root to account ${w.ownerAccount} denies ${w.action} to ${w.principalArn} (typically a Deny unless aws:PrincipalOrgID is the owner's organization).`,
    fix: (w) =>
      `Have the owner's organization exempt ${w.grantee} in the denying RCP statement's Condition (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalIsAWSService), or narrow its Action or Resource.`,
  },
  'vpc-endpoint-policy-not-allowed': {
    title: 'The VPC endpoint policy does not allow the call',
    severity: 'error',
    rank: 3,
    fixedBy: 'guardrail',
    description:
      'The call went through a VPC endpoint whose endpoint policy does not allow it; a request through an endpoint needs its Allow too.',
    evidence: (w) =>
      `The call went through a VPC endpoint whose policy does not allow ${w.action} on ${w.resourceArn} by ${w.principalArn}; AWS names the "VPC endpoint policy".`,
    check: (w) =>
      `The policy of the VPC endpoint the client uses allows ${w.action} on ${w.resourceArn} for ${w.principalArn}.`,
    fix: (w) =>
      `Allow ${w.action} on ${w.resourceArn} for ${w.grantee} in the VPC endpoint's policy (aws ec2 modify-vpc-endpoint --policy-document), or call through another endpoint.`,
  },
  'runtime-policy-missing': {
    title: 'No resource policy on the runtime allows the caller',
    severity: 'error',
    rank: 4,
    fixedBy: 'policy',
    description:
      'The runtime ARN has no resource policy, or none that allows this caller: a cross-account call needs an Allow from the owner too.',
    evidence: (w) =>
      `A cross-account call needs a resource policy on ${w.resourceArn} that allows the caller.`,
    check: (w) =>
      `A resource policy is attached to ${w.resourceArn} and allows ${w.principalArn} (or account ${w.callerAccount}) ${w.action}.`,
    fix: (w) =>
      `Attach a resource policy to ${w.resourceArn} that allows ${w.action} for ${w.grantee} (or its account), with "Resource" exactly ${w.resourceArn}: ${put(w.resourceArn, w.ownerAccount)}`,
  },
  'endpoint-policy-missing': {
    title: 'No resource policy on the runtime endpoint allows the caller',
    severity: 'error',
    rank: 4,
    fixedBy: 'policy',
    description:
      "AgentCore authorizes a runtime call against the runtime and its endpoint (hierarchical authorization). The endpoint ARN has no resource policy, or none that allows this caller, so the runtime's policy alone is not enough (gotcha 1).",
    evidence: (w) =>
      `AgentCore authorizes ${w.action} against the runtime and its endpoint (hierarchical authorization); the runtime's policy alone is not enough.`,
    check: (w) =>
      `A resource policy is attached to the endpoint ${w.endpointArn}, not only to the runtime, and it allows ${w.principalArn} (or account ${w.callerAccount}).`,
    fix: (w) =>
      `Attach a resource policy to ${w.endpointArn} that allows ${w.action} for ${w.grantee} (or its account), with "Resource" exactly that ARN: ${put(w.endpointArn, w.ownerAccount)}`,
  },
  'memory-policy-missing': {
    title: 'No resource policy on the memory allows the caller',
    severity: 'error',
    rank: 4,
    fixedBy: 'policy',
    description:
      'The memory has no resource policy, or none that allows this caller: memory is a separate plane from the runtime, with its own resource policy.',
    evidence: (w) =>
      `A cross-account memory call needs a resource policy on ${w.resourceArn} that allows the caller.`,
    check: (w) =>
      `A resource policy is attached to the memory ${w.resourceArn} and allows ${w.principalArn} ${w.action}.`,
    fix: (w) =>
      `Attach a resource policy to ${w.resourceArn} that allows ${w.action} for ${w.grantee}, with "Resource" exactly that ARN (memoryAccessPolicy builds it): ${put(w.resourceArn, w.ownerAccount)}`,
  },
  'gateway-policy-missing': {
    title: 'No resource policy on the gateway allows the caller',
    severity: 'error',
    rank: 4,
    fixedBy: 'policy',
    description:
      "A caller of another account invokes a gateway only when the gateway's resource policy allows bedrock-agentcore:InvokeGateway as well as its own identity policy. The gateway has none, or none that allows this caller.",
    evidence: () =>
      "A caller of another account invokes a gateway only when the gateway's resource policy allows bedrock-agentcore:InvokeGateway as well as its own identity policy.",
    check: (w) =>
      `A resource policy is attached to the gateway ${w.resourceArn} and allows ${w.principalArn} (or account ${w.callerAccount}) ${w.action}.`,
    fix: (w) =>
      `Attach a resource policy to ${w.resourceArn} that allows ${w.action} for ${w.grantee} (or its account), with "Resource" exactly that ARN (gatewayAccessPolicy builds it): ${put(w.resourceArn, w.ownerAccount)}`,
  },
  'harness-policy-missing': {
    title: 'No resource policy on the harness allows the caller',
    severity: 'error',
    rank: 4,
    fixedBy: 'policy',
    description:
      'A cross-account harness call needs a resource policy on the harness that allows the caller (InvokeHarness and InvokeAgentRuntime), as well as one on its endpoint.',
    evidence: (w) =>
      `A cross-account harness call needs a resource policy on the harness ${w.resourceArn} that allows the caller, as well as one on its endpoint.`,
    check: (w) =>
      `A resource policy is attached to ${w.resourceArn} and allows ${w.principalArn} (or account ${w.callerAccount}) bedrock-agentcore:InvokeHarness and bedrock-agentcore:InvokeAgentRuntime.`,
    fix: (w) =>
      `Attach a resource policy to ${w.resourceArn} that allows bedrock-agentcore:InvokeHarness and bedrock-agentcore:InvokeAgentRuntime for ${w.grantee}, with "Resource" exactly that ARN (harnessAccessPolicies builds it): ${put(w.resourceArn, w.ownerAccount)}`,
  },
  'harness-endpoint-policy-missing': {
    title: 'No resource policy on the harness endpoint allows the caller',
    severity: 'error',
    rank: 4,
    fixedBy: 'policy',
    description:
      "AgentCore authorizes InvokeHarness against the harness and its endpoint (hierarchical authorization, like runtimes); the harness's policy alone is not enough.",
    evidence: () =>
      "AgentCore authorizes InvokeHarness against the harness and its endpoint (hierarchical authorization, like runtimes); the harness's policy alone is not enough.",
    check: (w) =>
      `A resource policy is attached to the harness endpoint ${w.endpointArn}, not only to the harness, and it allows ${w.principalArn} (or account ${w.callerAccount}).`,
    fix: (w) =>
      `Attach a resource policy to ${w.endpointArn} that allows ${w.action} for ${w.grantee}, with "Resource" exactly that ARN (the harness's policy, its Resource changed): ${put(w.endpointArn, w.ownerAccount)}`,
  },
  'harness-missing-invoke-runtime': {
    title: 'InvokeHarness is granted without InvokeAgentRuntime',
    severity: 'error',
    rank: 6,
    fixedBy: 'policy',
    description:
      '"Calling InvokeHarness requires both bedrock-agentcore:InvokeHarness and bedrock-agentcore:InvokeAgentRuntime permissions on the harness ARN" (AgentCore developer guide): a grant of InvokeHarness alone denies.',
    evidence: () =>
      '"Calling InvokeHarness requires both bedrock-agentcore:InvokeHarness and bedrock-agentcore:InvokeAgentRuntime permissions on the harness ARN" (AgentCore developer guide); a grant of InvokeHarness alone denies.',
    check: (w) =>
      `Every policy that allows bedrock-agentcore:InvokeHarness to ${w.principalArn} (the harness's and its endpoint's resource policies, the caller's identity policy) also allows bedrock-agentcore:InvokeAgentRuntime on the same ARNs.`,
    fix: () =>
      'Allow bedrock-agentcore:InvokeAgentRuntime on the same resources, next to bedrock-agentcore:InvokeHarness (harnessAccessPolicies and callerIdentityPolicy({ harnessArns }) grant both).',
  },
  'resource-mismatch': {
    title: 'A resource policy names another ARN than the one it is attached to',
    severity: 'error',
    rank: 5,
    fixedBy: 'policy',
    description:
      'The Resource of a resource-based policy is not the exact ARN the policy is attached to (a runtime policy copied to the endpoint, typically); AgentCore refuses it.',
    evidence: () =>
      'A policy copied from the runtime to the endpoint keeps the runtime ARN in "Resource", which AgentCore refuses.',
    check: (w) =>
      `The "Resource" of each resource policy is exactly the ARN it is attached to (the endpoint policy names ${w.endpointArn}).`,
    fix: (w) =>
      `Set "Resource" to exactly ${w.resourceArn === 'the resource' ? 'the ARN each policy is attached to' : `${w.resourceArn}, the ARN the policy is attached to,`} and put the policy again.`,
  },
  'identity-missing-endpoint': {
    title: "The caller's identity policy allows the runtime but not its endpoint",
    severity: 'error',
    rank: 6,
    fixedBy: 'policy',
    description:
      "The caller's identity policy allows a runtime action on the runtime ARN but not on the endpoint sub-path: AWS authorizes both, on the identity side too.",
    evidence: (w) =>
      `The caller's identity policy must allow ${w.action} on the endpoint sub-path as well as on the runtime.`,
    check: (w) =>
      `The identity policy of ${w.principalArn} allows ${w.action} on ${w.resourceArn} and on ${w.endpointArn} (or …/runtime-endpoint/*).`,
    fix: (w) =>
      `Add "${w.endpointArn}" (or ${w.endpointArn.startsWith('arn:') ? `"${endpointsPatternOf(w.endpointArn)}"` : 'the runtime ARN followed by /runtime-endpoint/*'}), in the owner's account ${w.ownerAccount}, to the Resource of the identity statement that allows ${w.action}.`,
  },
  'region-mismatch': {
    title: 'The client or a policy uses another region than the resource',
    severity: 'error',
    rank: 7,
    fixedBy: 'request',
    description:
      "The client calls another region than the ARN's, or a policy names another region than the resource's.",
    evidence: (w) =>
      w.clientRegion !== undefined && w.resourceRegion !== undefined && w.clientRegion !== w.resourceRegion
        ? `The client called ${w.clientRegion} but the resource is in ${w.resourceRegion}.`
        : "The client's region and every policy must use the resource's region.",
    check: (w) => `The client calls ${w.region}, and no policy names another region.`,
    fix: (w) =>
      `Call ${w.region} (leave the client's region unset: the ARN gives it) and name that region in the policies.`,
  },
  'principal-not-allowed': {
    title: 'The resource policy does not name the caller',
    severity: 'error',
    rank: 8,
    fixedBy: 'policy',
    description:
      "The resource policy names neither the caller's role (not one of its sessions) nor its account root.",
    evidence: () => "The resource policy must name the caller's role (not its session), or its account root.",
    check: (w) =>
      `The resource policies' Principal.AWS names the role behind ${w.principalArn} or arn:aws:iam::${w.callerAccount}:root.`,
    fix: (w) =>
      `Add "${w.grantee}" to Principal.AWS of the resource policy (or the account root of ${w.callerAccount} for every principal of that account).`,
  },
  'action-not-allowed': {
    title: 'The resource policy names the caller but not the action',
    severity: 'error',
    rank: 9,
    fixedBy: 'policy',
    description:
      'The resource policy names the caller but does not list this action (InvokeAgentRuntimeForUser for a call with a user id, GetAgentCard…).',
    evidence: (w) => `The resource policy names the caller but must also list ${w.action}.`,
    check: (w) => `The resource policies' Action lists ${w.action}.`,
    fix: (w) => `Add "${w.action}" to the Action of the resource policy statement that names the caller.`,
  },
  'identity-missing-action': {
    title: 'No identity-based policy of the caller allows the action',
    severity: 'error',
    rank: 10,
    fixedBy: 'policy',
    description:
      "The caller's identity policies lack the action on the resource (InvokeAgentRuntimeForUser when a user id is sent, typically).",
    evidence: (w) => `The caller's identity policy must allow ${w.action} itself.`,
    check: (w) => `The identity policy of ${w.principalArn} allows ${w.action} on ${w.resourceArn}.`,
    fix: (w) =>
      `Allow ${w.action} on ${w.resourceArn} in an identity policy of ${w.grantee} (Action and Resource, in the owner's account ${w.ownerAccount}).`,
  },
  'permissions-boundary-not-allowed': {
    title: "The caller's permissions boundary does not allow the action",
    severity: 'error',
    rank: 10,
    fixedBy: 'guardrail',
    description:
      "The permissions boundary of the caller's role or user does not allow the action; it bounds every permission the identity policies grant.",
    evidence: (w) =>
      `The permissions boundary of ${w.principalArn} does not allow ${w.action}; it bounds every permission the identity policies grant.`,
    check: (w) => `The permissions boundary of ${w.principalArn} allows ${w.action} on ${w.resourceArn}.`,
    fix: (w) => `Allow ${w.action} on ${w.resourceArn} in the permissions boundary of ${w.grantee}.`,
  },
  'session-policy-not-allowed': {
    title: 'The session policy does not allow the action',
    severity: 'error',
    rank: 10,
    fixedBy: 'guardrail',
    description:
      'The session policy passed to AssumeRole does not allow the action; a session has only what both its role and its session policy allow.',
    evidence: (w) =>
      `The session policy passed when ${w.principalArn} assumed its role does not allow ${w.action}; a session has only what both its role and its session policy allow.`,
    check: (w) =>
      `The session policy (AssumeRole Policy / PolicyArns) allows ${w.action} on ${w.resourceArn}.`,
    fix: (w) =>
      `Pass a session policy that allows ${w.action} on ${w.resourceArn} when assuming the role (or none).`,
  },
  'memory-id-not-arn': {
    title: 'A bare memory id was used across accounts',
    severity: 'error',
    rank: 11,
    fixedBy: 'request',
    description:
      "A bare memory id resolves in the caller's own account; across accounts the full memory ARN in the owner's account must be used.",
    evidence: (w) =>
      `A bare memory id resolves to the caller's own account ${w.callerAccount}, not to the owner's.`,
    check: (w) => `The call names the full memory ARN in account ${w.ownerAccount}, not a bare memory id.`,
    fix: (w) =>
      `Pass the full memory ARN, arn:aws:bedrock-agentcore:REGION:${w.ownerAccount}:memory/ID (memoryArn(id, { accountId: '${w.ownerAccount}', region }) builds it).`,
  },
  'assume-role-denied': {
    title: 'sts:AssumeRole of the role in the owner account was denied',
    severity: 'error',
    rank: 11,
    fixedBy: 'request',
    description:
      "sts:AssumeRole failed (pattern 2): the role's trust policy, the caller's sts:AssumeRole permission, or the ExternalId.",
    evidence: (w) =>
      `sts:AssumeRole of ${w.roleArn} was denied: the role's trust policy, the caller's sts:AssumeRole permission or the ExternalId.`,
    check: (w) =>
      `The trust policy of ${w.roleArn} names ${w.principalArn} (its role ARN) with the ExternalId the client sends, and the identity policy of the caller allows sts:AssumeRole on ${w.roleArn}.`,
    fix: (w) =>
      `Add the caller's role to the trust policy's Principal.AWS (with "sts:ExternalId" matching), and allow sts:AssumeRole on ${w.roleArn} in the caller's identity policy.`,
  },
  'execution-role-denied': {
    title: "The runtime's own execution role was denied",
    severity: 'error',
    rank: 11,
    fixedBy: 'request',
    description:
      "A RuntimeClientError (HTTP 424) carries an AccessDenied of the runtime's own execution role: the agent was invoked, so the caller's access is fine.",
    evidence: (w) =>
      `The runtime answered RuntimeClientError (424): the agent's own execution role in account ${w.ownerAccount} was denied ${w.action}. The caller's access is fine.`,
    check: (w) => `The runtime's execution role (${w.principalArn}) allows ${w.action} on ${w.resourceArn}.`,
    fix: (w) =>
      `Ask the owner of the runtime (account ${w.ownerAccount}) to allow ${w.action} to the execution role; nothing changes on the caller's side.`,
  },
  'broad-principal': {
    title: 'An account root or wildcard principal where a role would do',
    severity: 'warning',
    rank: 12,
    fixedBy: 'none',
    description:
      'An account root or wildcard principal lets every role of that account (or organization) in, when one role would do: a least-privilege warning, not a denial.',
    evidence: () => 'An account root or wildcard principal grants more than needed.',
    check: () => 'Resource policies name roles rather than account roots where possible.',
    fix: () => 'Name the caller role instead (arn:aws:iam::ACCOUNT:role/NAME).',
  },
  'mixed-read-write': {
    title: 'One statement grants memory reads and writes together',
    severity: 'warning',
    rank: 12,
    fixedBy: 'none',
    description:
      'One memory policy statement grants read and write actions together, so read-only callers cannot be separated from writers.',
    evidence: () => 'One statement grants both read and write memory actions.',
    check: () => 'Memory read and write grants are in separate statements.',
    fix: () =>
      'Split it: one statement of read actions for consumers, one of write actions for producers (memoryAccessPolicy({ readers, writers }) does this).',
  },
};

/** A lint-only code: document hygiene, never the cause of a denial by itself. */
function lintOnly(title: string, severity: Severity, description: string, fix: string): Entry {
  return {
    title,
    severity,
    rank: LINT_RANK,
    fixedBy: 'none',
    description,
    evidence: () => description,
    check: () => description,
    fix: () => fix,
  };
}

const LINT_ONLY: Record<LintOnlyCode, Entry> = {
  'invalid-policy': lintOnly(
    'The document is not a valid IAM policy',
    'error',
    'The document breaks the IAM policy grammar (a missing Effect, an element of the wrong type…): AWS refuses it.',
    'Write the policy as {"Version": "2012-10-17", "Statement": [{ "Effect", "Action", "Resource" | "Principal" … }]}, as the finding says.',
  ),
  'unknown-action': lintOnly(
    'An action IAM does not know',
    'error',
    'An Action names a bedrock-agentcore action (or pattern) that IAM does not know: it grants nothing.',
    'Use an action from the IAM service authorization reference for bedrock-agentcore, e.g. bedrock-agentcore:InvokeAgentRuntime.',
  ),
  'action-not-applicable': lintOnly(
    'An action the resource type never authorizes',
    'warning',
    'An Action of a resource policy is never authorized on the resource type the policy is attached to (GetMemoryRecord on a runtime, say): it grants nothing there.',
    'Remove it, and grant it in the policy of the resource it targets.',
  ),
  'policy-near-limit': lintOnly(
    'The resource policy is near its size or statement cap',
    'warning',
    'The resource policy is past 80 % of a cap AgentCore sets (20,480 characters, 100 statements): the next grant merged into it may be refused.',
    'Merge statements that share principals and actions, list each role once, or grant a role that several callers assume.',
  ),
  'condition-key-not-applicable': lintOnly(
    'A condition key the actions do not support',
    'warning',
    'A condition key is not supported by the actions the statement grants: it is absent from those requests, so the condition never matches.',
    'Remove the condition, or move it to a statement of actions that support the key.',
  ),
  'duplicate-sid': lintOnly(
    'Two statements share a Sid',
    'error',
    'Two statements of one document share a Sid; IAM refuses it, and tools that merge statements by Sid lose one.',
    'Give every statement its own Sid (grant and revoke helpers merge statements by Sid).',
  ),
  'policy-too-large': lintOnly(
    'The resource policy is over the size limit',
    'error',
    'The resource policy is longer than PutResourcePolicy accepts (20,480 characters), or holds more than 100 statements.',
    'Send it without whitespace, merge statements that share principals and actions, and list each role once.',
  ),
  'missing-version': lintOnly(
    'The document has no Version 2012-10-17',
    'warning',
    'The document has no "Version": "2012-10-17" (or an older one): policy variables and some operators need the current version.',
    'Add "Version": "2012-10-17" as the first element of the document.',
  ),
  'unknown-condition-operator': lintOnly(
    'A condition operator IAM does not know',
    'error',
    'A Condition names an operator that does not exist (or spells one differently from the IAM grammar).',
    'Use an IAM condition operator such as StringEquals, StringLike, ArnLike, Bool or Null, optionally prefixed with ForAnyValue: / ForAllValues: or suffixed with IfExists (not on Null).',
  ),
  'wildcard-principal': lintOnly(
    'A wildcard principal (or NotPrincipal) with nothing restricting it',
    'error',
    'An Allow names every principal of every AWS account: "Principal": "*" without a restricting condition, or NotPrincipal.',
    'Name the caller roles in "Principal": {"AWS": […]}, or add "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-…"}}.',
  ),
};

function info(code: FindingCode, kind: CodeInfo['kind'], entry: Entry): CodeInfo {
  return {
    code,
    title: entry.title,
    severity: entry.severity,
    rank: entry.rank,
    kind,
    fixedBy: entry.fixedBy,
    description: entry.description,
    evidence: (facts) => entry.evidence(worded(facts)),
    check: (facts) => entry.check(worded(facts)),
    fix: (facts) => entry.fix(worded(facts)),
    helpUri: `${TROUBLESHOOTING_URL}#${code}`,
  };
}

function build(): Readonly<Record<FindingCode, CodeInfo>> {
  const out = {} as Record<FindingCode, CodeInfo>;
  for (const [code, entry] of Object.entries(CAUSES) as Array<[CauseCode, Entry]>)
    out[code] = Object.freeze(info(code, 'cause', entry));
  for (const [code, entry] of Object.entries(LINT_ONLY) as Array<[LintOnlyCode, Entry]>)
    out[code] = Object.freeze(info(code, 'lint', entry));
  return Object.freeze(out);
}

/**
 * Every cause and finding code, with its title, default severity, default rank, description and
 * the templates of its evidence, check and fix. The one place a code is worded: lint, explain,
 * the diagnosis, the builders, doctor, the CLI's SARIF rules and the troubleshooting page read it.
 *
 * @example
 * ```ts
 * import { CODE_CATALOG } from 'agentcore-xacct/policy';
 * for (const info of Object.values(CODE_CATALOG)) console.log(info.code, info.severity, info.title);
 * ```
 */
export const CODE_CATALOG: Readonly<Record<FindingCode, CodeInfo>> = build();

/**
 * Every cause code (those that can explain a denial), in the catalogue's default rank order.
 *
 * @example
 * ```ts
 * import { CAUSE_CODES } from 'agentcore-xacct/policy';
 * console.log(CAUSE_CODES.length, CAUSE_CODES[0]); // the most specific first
 * ```
 */
export const CAUSE_CODES: readonly CauseCode[] = Object.freeze(
  (Object.keys(CAUSES) as CauseCode[]).sort((a, b) => CAUSES[a].rank - CAUSES[b].rank),
);

/**
 * What the catalogue says about one code.
 *
 * @param code - A cause or finding code.
 * @returns Its entry.
 * @throws {@link ValidationError} for a value that is not a code.
 *
 * @example
 * ```ts
 * import { codeInfo } from 'agentcore-xacct/policy';
 * const { title, fix } = codeInfo('source-account-condition');
 * console.log(title, fix({ callerAccount: '222222222222' }));
 * ```
 */
export function codeInfo(code: FindingCode): CodeInfo {
  const entry =
    typeof code === 'string' && Object.hasOwn(CODE_CATALOG, code) ? CODE_CATALOG[code] : undefined;
  if (entry === undefined) {
    throw new ValidationError(
      'code',
      `${shown(code)} is not a cause or finding code`,
      'Pass one of the codes of CODE_CATALOG, such as endpoint-policy-missing.',
    );
  }
  return entry;
}

/**
 * True for a cause code (one that can explain a denial).
 *
 * @example
 * ```ts
 * import { isCauseCode } from 'agentcore-xacct/policy';
 * isCauseCode('endpoint-policy-missing'); // true
 * isCauseCode('duplicate-sid'); // false: lint only
 * ```
 */
export function isCauseCode(code: unknown): code is CauseCode {
  return typeof code === 'string' && Object.hasOwn(CAUSES, code);
}
