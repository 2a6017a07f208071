/** Statements and policy texts shared by the admin unit tests. */
import type { Statement } from '../../../src/policy/types.js';
import { RUNTIME_ARN } from '../../fixtures/arns.js';

export const OTHER_ROLE_ARN = 'arn:aws:iam::222222222222:role/another-caller';
export const INVOKE = 'bedrock-agentcore:InvokeAgentRuntime';
export const CARD = 'bedrock-agentcore:GetAgentCard';

/** A compact policy text of these statements. */
export function policyOf(...statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** An Allow statement on the seed's runtime. */
export function allow(
  sid: string,
  principals: string | string[],
  actions: string | string[],
  extra: Partial<Statement> = {},
): Statement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { AWS: principals },
    Action: actions,
    Resource: RUNTIME_ARN,
    ...extra,
  } as Statement;
}
