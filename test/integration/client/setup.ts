/**
 * Shared setup of the client integration tests: the seed's world in the emulator, with the
 * policies of each pattern attached the way an administrator would (control plane, as admin).
 */
import {
  BedrockAgentCoreControlClient,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { callerIdentityPolicy, invokerRolePolicy } from '../../../src/policy/build/identity.js';
import { runtimeAccessPolicies } from '../../../src/policy/build/runtime.js';
import { assumeRoleTrustPolicy } from '../../../src/policy/build/trust.js';
import type { LocalAgentCore } from '../../../src/testing/index.js';
import { ACCOUNT_A, ADMIN_ROLE_ARN, REGION } from '../../fixtures/arns.js';

export const INVOKER_ROLE_ARN = `arn:aws:iam::${ACCOUNT_A}:role/CrossAccountAgentInvoker`;
export const EXTERNAL_ID = 'xacct-integration-1';
export const SSE_PY_ARN = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT_A}:runtime/agent_sse_py-abcdefghij`;
export const SSE_TS_ARN = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT_A}:runtime/agent_sse_ts-abcdefghij`;
export const STRICT_ARN = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT_A}:runtime/agent_strict-abcdefghij`;

const RUNTIME_ACTIONS = [
  'InvokeAgentRuntime',
  'InvokeAgentRuntimeForUser',
  'GetAgentCard',
  'StopRuntimeSession',
];

/** Pattern 1: resource policies on each runtime and its DEFAULT endpoint, and the caller's identity policy. */
export async function grantResourcePolicies(
  emulator: LocalAgentCore,
  callerArn: string,
  runtimeArns: readonly string[],
): Promise<void> {
  const control = new BedrockAgentCoreControlClient({
    ...emulator.clientConfig(ADMIN_ROLE_ARN),
    maxAttempts: 1,
  });
  try {
    for (const runtimeArn of runtimeArns) {
      const { runtime, endpoints } = runtimeAccessPolicies({
        runtimeArn,
        principals: [callerArn],
        actions: RUNTIME_ACTIONS,
      });
      for (const policy of [runtime, ...endpoints]) {
        await control.send(
          new PutResourcePolicyCommand({
            resourceArn: policy.resourceArn,
            policy: JSON.stringify(policy.document),
          }),
        );
      }
    }
  } finally {
    control.destroy();
  }
  emulator.setIdentityPolicy(
    callerArn,
    callerIdentityPolicy({ runtimeArns, runtimeActions: RUNTIME_ACTIONS }),
  );
}

/** Pattern 2: an invoker role in Account A that the caller may assume with an ExternalId. */
export function grantAssumeRole(
  emulator: LocalAgentCore,
  callerArn: string,
  runtimeArns: readonly string[],
): void {
  emulator.setTrustPolicy(
    INVOKER_ROLE_ARN,
    assumeRoleTrustPolicy({ trustedPrincipals: [callerArn], externalId: EXTERNAL_ID }),
  );
  emulator.setIdentityPolicy(
    INVOKER_ROLE_ARN,
    invokerRolePolicy({ runtimeArns, runtimeActions: RUNTIME_ACTIONS }),
  );
  emulator.setIdentityPolicy(callerArn, callerIdentityPolicy({ assumeRoleArns: [INVOKER_ROLE_ARN] }));
}
