/**
 * Type tests of the client's options: `client` or `clientConfig`, never both, and an existing
 * client only with its own credentials. Each `@ts-expect-error` fails the type check (npm run
 * typecheck) if the misuse compiles; the constructors are never run.
 */
import type { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { describe, expect, it } from 'vitest';
import { CrossAccountAgentClient, type CrossAccountAgentClientOptions } from '../../../src/client.js';

declare const client: BedrockAgentCoreClient;

const assumeRole = { mode: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/r' } as const;
const keys = { mode: 'resource-policy', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } } as const;

function misuses(): unknown[] {
  return [
    // @ts-expect-error client and clientConfig together
    new CrossAccountAgentClient({ client, clientConfig: { region: 'eu-west-1' } }),
    // @ts-expect-error an existing client signs with its own credentials: no assume-role
    new CrossAccountAgentClient({ client, access: assumeRole }),
    // @ts-expect-error nor other credentials
    new CrossAccountAgentClient({ client, access: keys }),
  ];
}

function uses(): CrossAccountAgentClientOptions[] {
  return [
    {},
    { client },
    { client, access: { mode: 'resource-policy' }, retry: false },
    { clientConfig: { region: 'eu-west-1' }, access: { mode: 'profile', profile: 'p' } },
  ];
}

describe('client option types', () => {
  it('compile as declared (checked by tsc, not run)', () => {
    expect(typeof misuses).toBe('function');
    expect(typeof uses).toBe('function');
  });
});
