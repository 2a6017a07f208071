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
// The API model gives no tighter pattern for gateway ids than this shape.
export const GATEWAY_ID = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,99}-[a-zA-Z0-9]{10}$/;

/** Region prefix each partition requires. */
export function partitionOfRegion(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
