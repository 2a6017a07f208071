/** A client in Account B with static credentials, for tests that mock the data plane at send(). */
import { CrossAccountAgentClient, type CrossAccountAgentClientConfigOptions } from '../../../src/client.js';

export function mockedClient(
  options: Omit<CrossAccountAgentClientConfigOptions, 'access'> = {},
): CrossAccountAgentClient {
  return new CrossAccountAgentClient({
    access: {
      mode: 'resource-policy',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    },
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
}
