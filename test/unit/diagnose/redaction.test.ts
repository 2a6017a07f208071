/**
 * No credential of the signed request reaches an AgentCoreAccessDeniedError, in any form it can
 * be printed in: `message`, `stack`, `JSON.stringify`, `util.inspect` (which follows `cause`).
 */
import { inspect } from 'node:util';
import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { describe, expect, it } from 'vitest';
import { accessDeniedDiagnosis } from '../../../src/diagnose/plugin.js';
import { isAgentCoreAccessDeniedError } from '../../../src/errors.js';
import { RUNTIME_ARN } from '../../fixtures/arns.js';
import { awsError, fakeHandler } from '../client/fake-http.js';

const CREDENTIALS = {
  accessKeyId: 'ASIAQNZGKIQY56JQ7WML',
  secretAccessKey: 'Fm3r7bE0y5Zp+PqS1nR2tU3vW4xY5zA6bC7dE8fG',
  sessionToken: `IQoJb3JpZ2luX2VjE${'B'.repeat(300)}==`,
};
const SECRETS = [CREDENTIALS.accessKeyId, CREDENTIALS.secretAccessKey, CREDENTIALS.sessionToken];
const SESSION = 'arn:aws:sts::222222222222:assumed-role/the-caller-role/user';
const DENIAL = `User: ${SESSION} is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: ${RUNTIME_ARN} because no resource-based policy allows the bedrock-agentcore:InvokeAgentRuntime action`;

function forms(error: unknown): Record<string, string> {
  const e = error as Error;
  return {
    message: e.message,
    stack: String(e.stack),
    json: JSON.stringify(e),
    inspect: inspect(e, { depth: 20, showHidden: false }),
  };
}

describe('redaction of diagnosed AccessDenied errors', () => {
  it.each([
    ['AWS’s own wording', () => DENIAL],
    [
      'an endpoint that echoes the signed request’s headers into the message and the principal',
      (headers: Record<string, string>) =>
        `User: ${CREDENTIALS.sessionToken} is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: ${CREDENTIALS.secretAccessKey} because no resource-based policy allows it. Authorization: ${headers.authorization} Token: ${headers['x-amz-security-token']}`,
    ],
  ])('%s', async (_name, reply) => {
    const handler = fakeHandler((request) => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]),
      );
      return awsError(403, 'AccessDeniedException', reply(headers));
    });
    const client = new BedrockAgentCoreClient({
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      requestHandler: handler,
      maxAttempts: 1,
    });
    client.middlewareStack.use(accessDeniedDiagnosis());
    const error = await client
      .send(new InvokeAgentRuntimeCommand({ agentRuntimeArn: RUNTIME_ARN, payload: '{}' }))
      .catch((e: unknown) => e);
    client.destroy();
    // The request really was signed with the secrets.
    const sent = handler.requests[0]?.headers ?? {};
    expect(JSON.stringify(sent)).toContain(CREDENTIALS.accessKeyId);
    expect(JSON.stringify(sent)).toContain(CREDENTIALS.sessionToken);
    expect(isAgentCoreAccessDeniedError(error)).toBe(true);
    for (const [form, text] of Object.entries(forms(error))) {
      for (const secret of SECRETS) expect(text, `${form} leaks a secret`).not.toContain(secret);
      expect(text, `${form} leaks the signature`).not.toMatch(/Signature=[0-9a-f]{16,}/);
    }
    expect((error as Error).message).toContain('AWS said');
  });
});
