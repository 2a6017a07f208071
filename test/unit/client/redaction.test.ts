import { inspect } from 'node:util';
import {
  AccessDeniedException,
  BedrockAgentCoreClient,
  InvokeAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CrossAccountAgentClient } from '../../../src/client.js';
import { clearCredentialCache } from '../../../src/credentials/cache.js';
import { redact } from '../../../src/credentials/redact.js';
import { RUNTIME_ARN } from '../../fixtures/arns.js';
import { fakeHandler } from './fake-http.js';

const SOURCE = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const ROLE = {
  AccessKeyId: 'ASIAQNZGKIQY56JQ7WML',
  SecretAccessKey: 'Fm3r7bE0y5Zp+PqS1nR2tU3vW4xY5zA6bC7dE8fG',
  SessionToken: `IQoJb3JpZ2luX2VjE${'A'.repeat(300)}==`,
};
const SECRETS = [
  SOURCE.accessKeyId,
  SOURCE.secretAccessKey,
  ROLE.AccessKeyId,
  ROLE.SecretAccessKey,
  ROLE.SessionToken,
];
const SIGNATURE = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';

const sts = mockClient(STSClient);

beforeEach(() => {
  sts.reset();
  clearCredentialCache();
});

function expectNoSecret(text: string): void {
  for (const secret of [...SECRETS, SIGNATURE]) expect(text).not.toContain(secret);
}

describe('redact()', () => {
  it.each([
    [
      'a SigV4 Authorization header',
      `AWS4-HMAC-SHA256 Credential=${ROLE.AccessKeyId}/20260101/eu-west-1/bedrock-agentcore/aws4_request, SignedHeaders=host, Signature=${SIGNATURE}`,
    ],
    [
      'a presigned URL',
      `https://x/?X-Amz-Credential=${SOURCE.accessKeyId}%2F2026&X-Amz-Security-Token=${encodeURIComponent(ROLE.SessionToken)}&X-Amz-Signature=${SIGNATURE}`,
    ],
    ['a bare secret key in JSON', JSON.stringify({ secretAccessKey: ROLE.SecretAccessKey })],
    ['a bare session token', `token ${ROLE.SessionToken} end`],
    ['access key ids', `${SOURCE.accessKeyId} and ${ROLE.AccessKeyId}`],
  ])('removes secrets from %s', (_name, text) => {
    expectNoSecret(redact(text));
  });

  it('keeps ARNs, ids and ordinary words', () => {
    const text = `User: arn:aws:sts::222222222222:assumed-role/the-caller-role/s is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: ${RUNTIME_ARN} (request 5f1e2d3c-aaaa-bbbb-cccc-0123456789ab)`;
    expect(redact(text)).toBe(text);
  });

  it('is linear on 100,000-character hostile input', () => {
    for (const text of [
      'A'.repeat(100_000),
      'Signature='.repeat(10_000),
      `${'a'.repeat(39)}-`.repeat(2500),
    ]) {
      expect(typeof redact(text)).toBe('string');
    }
  });
});

describe('no credential leaves the client in an error or a log line', () => {
  it('a failing invoke in assume-role mode with explicit source credentials', async () => {
    sts.on(AssumeRoleCommand).resolves({
      Credentials: { ...ROLE, Expiration: new Date(Date.now() + 3_600_000) },
      $metadata: {},
    });
    const logs: string[] = [];
    const record = (message: string, details?: Record<string, unknown>) =>
      logs.push(message, JSON.stringify(details));
    const handler = fakeHandler(() => ({
      status: 403,
      headers: { 'x-amzn-errortype': 'AccessDeniedException' },
      // A hostile or buggy endpoint echoing the request's secrets back in its message.
      body: JSON.stringify({
        message: `User: arn:aws:sts::111111111111:assumed-role/r/s is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: ${RUNTIME_ARN} Credential=${ROLE.AccessKeyId}/x Signature=${SIGNATURE} token ${ROLE.SessionToken} key ${ROLE.SecretAccessKey}`,
      }),
    }));
    const client = new CrossAccountAgentClient({
      access: { mode: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/r', sourceCredentials: SOURCE },
      clientConfig: { requestHandler: handler },
      logger: { debug: record, info: record, warn: record, error: record },
    });
    const error = await client.invoke({ runtimeArn: RUNTIME_ARN, payload: {} }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AgentCoreAccessDeniedError');
    expectNoSecret((error as Error).message);
    expectNoSecret(String((error as Error).stack));
    expectNoSecret(JSON.stringify(error));
    expect(logs.length).toBeGreaterThan(0);
    expectNoSecret(logs.join('\n'));
  });

  it('the SDK error kept as cause carries no request credentials', async () => {
    const sdk = mockClient(BedrockAgentCoreClient);
    sdk
      .on(InvokeAgentRuntimeCommand)
      .rejects(new AccessDeniedException({ message: 'Access denied', $metadata: {} }));
    const client = new CrossAccountAgentClient({ access: { mode: 'resource-policy', credentials: SOURCE } });
    const error = await client.invoke({ runtimeArn: RUNTIME_ARN, payload: {} }).catch((e: unknown) => e);
    expectNoSecret(inspect(error, { depth: 10 }));
    sdk.restore();
  });
});
