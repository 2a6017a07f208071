/**
 * Identifier patterns from the AgentCore API models (see shared FACTS.md). Every pattern is
 * anchored and linear: no nested quantifiers, so hostile input cannot make them backtrack.
 * @internal
 */

/** The partitions AgentCore runs in. */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
/** An AWS partition name. */
export type Partition = (typeof PARTITIONS)[number];

export const SERVICE = 'bedrock-agentcore';

/** Longest ARN the control plane accepts (PutResourcePolicy `resourceArn`: 20–1011). */
export const MAX_ARN_LENGTH = 1011;

export const ACCOUNT_ID = /^\d{12}$/;
// Regions: eu-west-1, us-gov-west-1, cn-north-1, ap-southeast-5, us-isob-east-1 …
export const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
export const RUNTIME_ID = /^[a-zA-Z][a-zA-Z0-9_]{0,99}-[a-zA-Z0-9]{10}$/;
export const ENDPOINT_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;
export const MEMORY_ID = /^[a-zA-Z][a-zA-Z0-9_-]{0,99}-[a-zA-Z0-9]{10}$/;
// The control-plane model's gatewayId is `([0-9a-z][-]?){1,100}-[0-9a-z]{10}` (GetGateway): lower
// case letters, digits and single dashes. Written without the nested quantifier, this is a little
// looser (it lets a double dash through); the shape and the alphabet are the model's.
export const GATEWAY_ID = /^[0-9a-z][0-9a-z-]{0,199}-[0-9a-z]{10}$/;
// harnessId `[a-zA-Z][a-zA-Z0-9_]{0,39}-[a-zA-Z0-9]{10}`; a harness endpoint's name has the pattern
// of a runtime endpoint's, `[a-zA-Z][a-zA-Z0-9_]{0,47}` (InvokeHarness `qualifier`, HarnessEndpoint).
export const HARNESS_ID = /^[a-zA-Z][a-zA-Z0-9_]{0,39}-[a-zA-Z0-9]{10}$/;

/** Region prefix each partition requires. */
export function partitionOfRegion(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
