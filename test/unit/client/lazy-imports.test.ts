import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it, vi } from 'vitest';
import { RUNTIME_ARN } from '../../fixtures/arns.js';

// Records whether anything imported STS or the credential providers.
const loaded = vi.hoisted(() => new Set<string>());
vi.mock('@aws-sdk/client-sts', async (importOriginal) => {
  loaded.add('@aws-sdk/client-sts');
  return importOriginal();
});
vi.mock('@aws-sdk/credential-providers', async (importOriginal) => {
  loaded.add('@aws-sdk/credential-providers');
  return importOriginal();
});

describe('lazy loading', () => {
  it('importing the client and invoking in resource-policy mode loads neither STS nor the credential providers', async () => {
    const agentcore = mockClient(BedrockAgentCoreClient);
    agentcore
      .on(InvokeAgentRuntimeCommand)
      .resolves({ response: 'x', contentType: 'text/plain', $metadata: {} } as never);
    const { CrossAccountAgentClient } = await import('../../../src/client.js');
    const client = new CrossAccountAgentClient({
      access: { mode: 'resource-policy', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
    });
    expect(await (await client.invoke({ runtimeArn: RUNTIME_ARN, payload: {} })).text()).toBe('x');
    // Building an assume-role client is not using it either.
    new CrossAccountAgentClient({
      access: { mode: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/r' },
    });
    expect([...loaded]).toEqual([]);
    agentcore.restore();
  });

  it('an assume-role client loads the credential providers when it first needs credentials (the detector works)', async () => {
    const { assumeRoleCredentials } = await import('../../../src/credentials/assume-role.js');
    const entry = assumeRoleCredentials(
      {
        mode: 'assume-role',
        roleArn: 'arn:aws:iam::111111111111:role/r',
        sourceCredentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        stsClientConfig: { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 },
      },
      { region: 'eu-west-1', retryActive: true },
    );
    await entry.get().catch(() => undefined);
    expect(loaded.has('@aws-sdk/credential-providers')).toBe(true);
  });
});
