/**
 * The benchmark's reference: the Lambda function of examples/lambda-invoke.ts written on the plain
 * AWS SDK (`fromTemporaryCredentials` for pattern 2), built and run the same way.
 */
import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';

const runtimeArn = process.env['AGENT_RUNTIME_ARN'] ?? '';
const roleArn = process.env['INVOKER_ROLE_ARN'];
const externalId = process.env['INVOKER_EXTERNAL_ID'];

const client = new BedrockAgentCoreClient({
  region: runtimeArn.split(':')[3] ?? '',
  ...(roleArn === undefined || roleArn === ''
    ? {}
    : {
        credentials: fromTemporaryCredentials({
          params: {
            RoleArn: roleArn,
            RoleSessionName: 'agent-invoker-lambda',
            ...(externalId === undefined ? {} : { ExternalId: externalId }),
          },
        }),
      }),
});

export async function handler(event: { prompt: string; sessionId?: string }) {
  const out = await client.send(
    new InvokeAgentRuntimeCommand({
      agentRuntimeArn: runtimeArn,
      runtimeSessionId: event.sessionId ?? `${crypto.randomUUID()}-session`,
      payload: JSON.stringify({ prompt: event.prompt }),
      contentType: 'application/json',
      accept: 'application/json, text/event-stream',
    }),
  );
  const answer = out.response === undefined ? '' : await out.response.transformToString();
  return { statusCode: 200, sessionId: out.runtimeSessionId, answer };
}
