/**
 * The two access patterns, for any AgentCore resource and action (runtime commands, WebSocket,
 * gateways, harnesses, IngestData): what an administrator attaches, and the client Account B
 * then uses.
 *
 * - `resource-policy`: Account A's admin puts a resource policy naming the caller on every ARN
 *   given (through the control plane, as admin); the caller's identity policy allows the same
 *   actions on the same ARNs.
 * - `assume-role`: an invoker role in Account A allowed the actions (same account: no resource
 *   policy needed), whose trust policy names the caller with an ExternalId; the caller may only
 *   assume it.
 */
import {
  BedrockAgentCoreControlClient,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { CrossAccountAgentClient } from '../../../src/client.js';
import { clearCredentialCache } from '../../../src/credentials/cache.js';
import type { PolicyDocument } from '../../../src/policy/types.js';
import type { LocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN, CALLER_ROLE_ARN } from '../../fixtures/arns.js';
import { EXTERNAL_ID, INVOKER_ROLE_ARN } from './setup.js';

/** The two patterns, for `describe.each`. */
export const PATTERNS = ['resource-policy', 'assume-role'] as const;
export type Pattern = (typeof PATTERNS)[number];

/** The actions allowed on a set of ARNs (for a runtime: the runtime and its endpoint ARN). */
export interface Grant {
  resourceArns: readonly string[];
  actions: readonly string[];
}

const qualified = (actions: readonly string[]) =>
  actions.map((a) => (a.includes(':') ? a : `bedrock-agentcore:${a}`));

function allow(sid: string, grants: readonly Grant[], principal?: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: grants.map((g, i) => ({
      Sid: `${sid}${i}`,
      Effect: 'Allow',
      ...(principal === undefined ? {} : { Principal: { AWS: principal } }),
      Action: qualified(g.actions),
      Resource: g.resourceArns.length === 1 ? (g.resourceArns[0] as string) : [...g.resourceArns],
    })),
  } as PolicyDocument;
}

/** Attaches `grants` for `pattern` (replacing what an earlier call attached to the same ARNs). */
export async function grant(
  emulator: LocalAgentCore,
  pattern: Pattern,
  grants: readonly Grant[],
): Promise<void> {
  clearCredentialCache();
  if (pattern === 'assume-role') {
    emulator.setTrustPolicy(INVOKER_ROLE_ARN, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: CALLER_ROLE_ARN },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } },
        },
      ],
    });
    emulator.setIdentityPolicy(INVOKER_ROLE_ARN, allow('Invoker', grants));
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: INVOKER_ROLE_ARN }],
    });
    return;
  }
  const control = new BedrockAgentCoreControlClient({
    ...emulator.clientConfig(ADMIN_ROLE_ARN),
    maxAttempts: 1,
  });
  try {
    for (const g of grants) {
      for (const arn of g.resourceArns) {
        const document = allow(
          'CrossAccount',
          [{ resourceArns: [arn], actions: g.actions }],
          CALLER_ROLE_ARN,
        );
        await control.send(
          new PutResourcePolicyCommand({ resourceArn: arn, policy: JSON.stringify(document) }),
        );
      }
    }
  } finally {
    control.destroy();
  }
  emulator.setIdentityPolicy(CALLER_ROLE_ARN, allow('Caller', grants));
}

/** The client Account B uses in `pattern`. */
export function clientOf(emulator: LocalAgentCore, pattern: Pattern): CrossAccountAgentClient {
  if (pattern === 'assume-role') {
    return new CrossAccountAgentClient({
      access: {
        mode: 'assume-role',
        roleArn: INVOKER_ROLE_ARN,
        externalId: EXTERNAL_ID,
        stsClientConfig: emulator.clientConfig(CALLER_ROLE_ARN),
      },
      clientConfig: { endpoint: emulator.endpoint },
      retry: { baseDelayMs: 1 },
    });
  }
  const { endpoint, credentials } = emulator.clientConfig(CALLER_ROLE_ARN);
  return new CrossAccountAgentClient({
    access: { mode: 'resource-policy', credentials },
    clientConfig: { endpoint },
    retry: { baseDelayMs: 1 },
  });
}

/** The principal the emulator sees for `pattern`'s calls. */
export function principalOf(pattern: Pattern): string {
  return pattern === 'assume-role'
    ? 'arn:aws:sts::111111111111:assumed-role/CrossAccountAgentInvoker/agentcore-xacct'
    : CALLER_ROLE_ARN;
}
