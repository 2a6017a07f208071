/**
 * Pattern 1, resource-based policies, end to end: Account A attaches one policy to the runtime and
 * one to each endpoint (AWS evaluates both), Account B attaches an identity policy to the caller's
 * role, and the caller invokes with its own credentials.
 *
 * Without RUNTIME_ARN it runs against the local emulator (no AWS account needed). Against AWS:
 * - in Account A, as an administrator: `STEP=account-a RUNTIME_ARN=… CALLER_ROLE_ARN=…` puts the policies;
 * - in Account B: `STEP=account-b RUNTIME_ARN=…` prints the identity policy to attach to the caller's role;
 * - in Account B, as the caller: `STEP=invoke RUNTIME_ARN=…` invokes the agent.
 *
 * Run: `npx esbuild examples/pattern-1.ts --bundle --platform=node --format=esm
 * --packages=external --outfile=out/pattern-1.mjs && node out/pattern-1.mjs`.
 */
import { pathToFileURL } from 'node:url';

import {
  BedrockAgentCoreControlClient,
  type BedrockAgentCoreControlClientConfig,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';

import { CrossAccountAgentClient, type CrossAccountAgentClientOptions, parseArn } from 'agentcore-xacct';
import { callerIdentityPolicy, type PolicyDocument, runtimeAccessPolicies } from 'agentcore-xacct/policy';
import { startLocalAgentCore } from 'agentcore-xacct/testing';

// #region accountA
/** Account A: put the runtime's policy and one policy per endpoint, each naming its own ARN. */
export async function attachResourcePolicies(
  runtimeArn: string,
  callerRoleArn: string,
  controlConfig: BedrockAgentCoreControlClientConfig,
): Promise<string[]> {
  const { runtime, endpoints } = runtimeAccessPolicies({ runtimeArn, principals: [callerRoleArn] });
  const control = new BedrockAgentCoreControlClient(controlConfig);
  try {
    for (const { resourceArn, document } of [runtime, ...endpoints]) {
      await control.send(new PutResourcePolicyCommand({ resourceArn, policy: JSON.stringify(document) }));
    }
  } finally {
    control.destroy();
  }
  return [runtime.resourceArn, ...endpoints.map((endpoint) => endpoint.resourceArn)];
}
// #endregion accountA

// #region accountB
/** Account B: the caller role's identity policy (the runtime and its endpoints, in Account A). */
export function callerPolicy(runtimeArn: string): PolicyDocument {
  return callerIdentityPolicy({ runtimeArns: [runtimeArn] });
}
// #endregion accountB

// #region invoke
/** Account B, at run time: invoke with the caller's own credentials; the region comes from the ARN. */
export async function invokeAgent(
  runtimeArn: string,
  options: CrossAccountAgentClientOptions = {},
): Promise<unknown> {
  const client = new CrossAccountAgentClient(options);
  try {
    const response = await client.invoke({ runtimeArn, payload: { prompt: 'Hello from Account B' } });
    return await response.json();
  } finally {
    client.destroy();
  }
}
// #endregion invoke

// #region emulator
/** The three steps on the local emulator's seed world; returns the agent's answer. */
export async function onEmulator(log: (line: string) => void = console.log): Promise<unknown> {
  const emulator = await startLocalAgentCore();
  try {
    const runtimeArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
    const callerRoleArn = 'arn:aws:iam::222222222222:role/the-caller-role';

    const attached = await attachResourcePolicies(
      runtimeArn,
      callerRoleArn,
      emulator.clientConfig('arn:aws:iam::111111111111:role/admin'),
    );
    log(`Account A: resource policies on ${attached.join(' and ')}`);

    // Stands in for attaching the policy to the role in IAM (aws iam put-role-policy …).
    emulator.setIdentityPolicy(callerRoleArn, callerPolicy(runtimeArn));
    log('Account B: identity policy attached to the caller role');

    const { endpoint, credentials } = emulator.clientConfig(callerRoleArn);
    const answer = await invokeAgent(runtimeArn, {
      access: { mode: 'resource-policy', credentials },
      clientConfig: { endpoint },
    });
    log(`Account B: the agent answered ${JSON.stringify(answer)}`);
    return answer;
  } finally {
    await emulator.stop();
  }
}
// #endregion emulator

async function main(): Promise<void> {
  const { RUNTIME_ARN: runtimeArn, CALLER_ROLE_ARN: callerRoleArn, STEP: step } = process.env;
  if (runtimeArn === undefined) {
    console.log('RUNTIME_ARN is not set: running against the local emulator.');
    await onEmulator();
  } else if (step === 'account-a' && callerRoleArn !== undefined) {
    const { region } = parseArn(runtimeArn);
    console.log(await attachResourcePolicies(runtimeArn, callerRoleArn, { region }));
  } else if (step === 'account-b') {
    console.log(JSON.stringify(callerPolicy(runtimeArn), null, 2));
  } else if (step === 'invoke') {
    console.log(JSON.stringify(await invokeAgent(runtimeArn)));
  } else {
    console.error('Set STEP to account-a (with CALLER_ROLE_ARN), account-b or invoke.');
    process.exitCode = 2;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  });
}
