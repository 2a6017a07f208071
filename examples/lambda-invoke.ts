/**
 * A Lambda function in Account B that invokes an agent runtime in Account A.
 *
 * Configuration (environment variables):
 * - `AGENT_RUNTIME_ARN`: the runtime's full ARN in Account A, e.g.
 *   `arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij`.
 * - `INVOKER_ROLE_ARN` (optional): a role in Account A to assume (pattern 2). Without it the
 *   function's own execution role calls the runtime directly (pattern 1: Account A's resource
 *   policies on the runtime and its endpoint name this role).
 * - `INVOKER_EXTERNAL_ID` (optional): the ExternalId the role's trust policy requires.
 *
 * Build it with the esbuild command of docs/guides/lambda.md for its pattern (one ES module file,
 * with a `require` banner for the CommonJS AWS SDK inside). The client statically loads only the
 * AgentCore data-plane client; the credential providers (pattern 2 only) are loaded on the first
 * invocation that needs them.
 */
import {
  type AccessMode,
  CrossAccountAgentClient,
  isAgentCoreAccessDeniedError,
  isAgentStreamError,
  isValidationError,
} from 'agentcore-xacct';

/** The event this function accepts. */
export interface AgentRequest {
  prompt: string;
  /** Continue a conversation: the `sessionId` of an earlier answer. */
  sessionId?: string;
  /** The end user, when the agent acts on someone's behalf (needs InvokeAgentRuntimeForUser). */
  userId?: string;
}

/** What the function answers. */
export interface AgentAnswer {
  statusCode: 200 | 400 | 403 | 502;
  sessionId?: string;
  answer?: string;
  error?: string;
}

/** The part of the Lambda context this function uses. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

const runtimeArn = requiredEnv('AGENT_RUNTIME_ARN');

// Created once per execution environment, outside the handler: warm invocations reuse its
// connections and, in pattern 2, its cached role credentials (one STS call, refreshed ahead of expiry).
const client = new CrossAccountAgentClient({ access: accessMode() });

export async function handler(event: AgentRequest, context: LambdaContext): Promise<AgentAnswer> {
  // Leave the function time to answer even if the agent is slow.
  const budgetMs = Math.max(1_000, context.getRemainingTimeInMillis() - 1_000);
  try {
    const response = await client.invoke({
      runtimeArn,
      payload: { prompt: event.prompt },
      ...(event.sessionId === undefined ? {} : { sessionId: event.sessionId }),
      ...(event.userId === undefined ? {} : { userId: event.userId }),
      signal: AbortSignal.timeout(budgetMs),
    });
    let answer = '';
    for await (const chunk of response.events()) answer += textOf(chunk.data);
    return { statusCode: 200, sessionId: response.sessionId, answer };
  } catch (error) {
    if (isValidationError(error)) return { statusCode: 400, error: error.message };
    if (isAgentCoreAccessDeniedError(error)) {
      // The message says what to check first in Account A and in this function's role.
      console.error(error.message, { requestId: error.$metadata?.requestId });
      return { statusCode: 403, error: 'The agent refused this caller.' };
    }
    if (isAgentStreamError(error)) return { statusCode: 502, error: error.message };
    throw error;
  }
}

function accessMode(): AccessMode {
  const roleArn = process.env['INVOKER_ROLE_ARN'];
  if (roleArn === undefined || roleArn === '') return { mode: 'resource-policy' };
  const externalId = process.env['INVOKER_EXTERNAL_ID'];
  return {
    mode: 'assume-role',
    roleArn,
    sessionName: 'agent-invoker-lambda',
    ...(externalId === undefined || externalId === '' ? {} : { externalId }),
  };
}

/** Text of one event: streamed agents send `{"text": …}` chunks or strings, others one JSON document. */
function textOf(data: unknown): string {
  if (typeof data === 'string') return data;
  if (typeof data === 'object' && data !== null && typeof (data as { text?: unknown }).text === 'string') {
    return (data as { text: string }).text;
  }
  return JSON.stringify(data);
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new Error(`Set ${name} (the agent runtime's full ARN in Account A).`);
  return value;
}
