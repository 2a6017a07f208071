/**
 * Testing cross-account code offline: the local emulator serves AgentCore, its control plane and
 * STS on 127.0.0.1 with real SigV4, real authorization and AWS's error wordings. Use it from any
 * test runner. This file shows a denial reproduced on purpose and a retry under injected throttling.
 *
 * Run: `npx esbuild examples/testing-offline.ts --bundle --platform=node --format=esm
 * --packages=external --outfile=out/testing-offline.mjs && node out/testing-offline.mjs`.
 */
import { pathToFileURL } from 'node:url';

import {
  BedrockAgentCoreControlClient,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';

import { CrossAccountAgentClient, isAgentCoreAccessDeniedError } from 'agentcore-xacct';
import { callerIdentityPolicy, runtimeAccessPolicies } from 'agentcore-xacct/policy';
import { type LocalAgentCore, startLocalAgentCore } from 'agentcore-xacct/testing';

const runtimeArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const callerRoleArn = 'arn:aws:iam::222222222222:role/the-caller-role';

// #region setup
/** Account A's runtime policy, with or without the endpoint policies, and the caller's identity policy. */
async function grant(emulator: LocalAgentCore, withEndpoints: boolean): Promise<void> {
  const { runtime, endpoints } = runtimeAccessPolicies({ runtimeArn, principals: [callerRoleArn] });
  const control = new BedrockAgentCoreControlClient(
    emulator.clientConfig('arn:aws:iam::111111111111:role/admin'),
  );
  try {
    for (const { resourceArn, document } of withEndpoints ? [runtime, ...endpoints] : [runtime]) {
      await control.send(new PutResourcePolicyCommand({ resourceArn, policy: JSON.stringify(document) }));
    }
  } finally {
    control.destroy();
  }
  emulator.setIdentityPolicy(callerRoleArn, callerIdentityPolicy({ runtimeArns: [runtimeArn] }));
}

/** The caller's client, pointed at the emulator. */
function callerClient(emulator: LocalAgentCore): CrossAccountAgentClient {
  const { endpoint, credentials } = emulator.clientConfig(callerRoleArn);
  return new CrossAccountAgentClient({
    access: { mode: 'resource-policy', credentials },
    clientConfig: { endpoint },
  });
}
// #endregion setup

// #region denial
/** Gotcha 1 on purpose: no endpoint policy. Returns the error's message (cause code and link). */
export async function reproduceMissingEndpointPolicy(): Promise<string> {
  const emulator = await startLocalAgentCore();
  const client = callerClient(emulator);
  try {
    await grant(emulator, false);
    await client.invoke({ runtimeArn, payload: { prompt: 'denied?' } });
    return 'not denied';
  } catch (error) {
    if (!isAgentCoreAccessDeniedError(error)) throw error;
    // error.diagnosis.causes ranks the cause codes; the message links to docs/troubleshooting.md.
    return error.message;
  } finally {
    client.destroy();
    await emulator.stop();
  }
}
// #endregion denial

// #region faults
/** Two throttled answers before the real one: the client retries and the call succeeds. */
export async function survivesThrottling(): Promise<{ answer: unknown; attempts: number }> {
  const emulator = await startLocalAgentCore();
  const client = callerClient(emulator);
  try {
    await grant(emulator, true);
    emulator.setFaults([{ operation: 'InvokeAgentRuntime', script: ['throttle', 'throttle', 'ok'] }]);
    const response = await client.invoke({ runtimeArn, payload: { prompt: 'again' } });
    const attempts = emulator.requests.filter((r) => r.operation === 'InvokeAgentRuntime').length;
    return { answer: await response.json(), attempts };
  } finally {
    client.destroy();
    await emulator.stop();
  }
}
// #endregion faults

async function main(): Promise<void> {
  console.log(await reproduceMissingEndpointPolicy());
  console.log(JSON.stringify(await survivesThrottling()));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  });
}
