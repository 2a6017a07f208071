/**
 * Pattern 2, sts:AssumeRole into Account A, end to end: Account A creates an invoker role whose
 * trust policy names the caller (with an ExternalId) and whose inline policy allows the invoke;
 * Account B lets the caller assume it; the client assumes the role once and invokes.
 *
 * Without RUNTIME_ARN it runs against the local emulator (no AWS account needed). Against AWS:
 * - `STEP=policies RUNTIME_ARN=… ROLE_ARN=… CALLER_ROLE_ARN=… EXTERNAL_ID=…` prints the three
 *   documents: the trust and inline policies of the role (Account A), the caller's policy (Account B);
 * - `STEP=invoke RUNTIME_ARN=… ROLE_ARN=… EXTERNAL_ID=…` invokes from Account B through the role.
 *
 * Run: `npx esbuild examples/pattern-2.ts --bundle --platform=node --format=esm
 * --packages=external --outfile=out/pattern-2.mjs && node out/pattern-2.mjs`.
 */
import { pathToFileURL } from 'node:url';

import type { STSClientConfig } from '@aws-sdk/client-sts';

import { CrossAccountAgentClient } from 'agentcore-xacct';
import {
  assumeRoleTrustPolicy,
  callerIdentityPolicy,
  invokerRolePolicy,
  type PolicyDocument,
} from 'agentcore-xacct/policy';
import { startLocalAgentCore } from 'agentcore-xacct/testing';

// #region documents
/** The documents of pattern 2. */
export interface AssumeRoleDocuments {
  /** Account A: the invoker role's trust policy. */
  trust: PolicyDocument;
  /** Account A: the invoker role's inline policy. */
  permissions: PolicyDocument;
  /** Account B: the caller role's identity policy. */
  caller: PolicyDocument;
}

/** Builds the trust, role and caller policies (the builders refuse what AWS would not honour). */
export function assumeRoleDocuments(
  runtimeArn: string,
  roleArn: string,
  callerRoleArn: string,
  externalId: string,
): AssumeRoleDocuments {
  return {
    trust: assumeRoleTrustPolicy({ trustedPrincipals: [callerRoleArn], externalId }),
    permissions: invokerRolePolicy({ runtimeArns: [runtimeArn] }),
    caller: callerIdentityPolicy({ assumeRoleArns: [roleArn] }),
  };
}
// #endregion documents

// #region invoke
/** Where the client runs and how it reaches STS and AgentCore (both optional: the defaults are AWS's). */
export interface Reach {
  stsClientConfig?: STSClientConfig;
  endpoint?: string;
}

/** Account B, at run time: one STS call per process, shared by every client, then the invoke. */
export async function invokeThroughRole(
  runtimeArn: string,
  roleArn: string,
  externalId: string,
  reach: Reach = {},
): Promise<unknown> {
  const client = new CrossAccountAgentClient({
    access: {
      mode: 'assume-role',
      roleArn,
      externalId,
      ...(reach.stsClientConfig === undefined ? {} : { stsClientConfig: reach.stsClientConfig }),
    },
    ...(reach.endpoint === undefined ? {} : { clientConfig: { endpoint: reach.endpoint } }),
  });
  try {
    const response = await client.invoke({ runtimeArn, payload: { prompt: 'Hello through the role chain' } });
    return await response.json();
  } finally {
    client.destroy();
  }
}
// #endregion invoke

// #region emulator
/** The whole pattern on the local emulator's seed world; returns the agent's answer. */
export async function onEmulator(log: (line: string) => void = console.log): Promise<unknown> {
  const emulator = await startLocalAgentCore();
  try {
    const runtimeArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
    const roleArn = 'arn:aws:iam::111111111111:role/CrossAccountAgentInvoker';
    const callerRoleArn = 'arn:aws:iam::222222222222:role/the-caller-role';
    const externalId = 'shared-secret-id';
    const documents = assumeRoleDocuments(runtimeArn, roleArn, callerRoleArn, externalId);

    // Stand in for `aws iam create-role` / `put-role-policy` in Account A and B.
    emulator.setTrustPolicy(roleArn, documents.trust);
    emulator.setIdentityPolicy(roleArn, documents.permissions);
    log(`Account A: role ${roleArn} trusts ${callerRoleArn} with an ExternalId`);
    emulator.setIdentityPolicy(callerRoleArn, documents.caller);
    log('Account B: the caller role may assume it');

    const answer = await invokeThroughRole(runtimeArn, roleArn, externalId, {
      // The caller role's own credentials call STS; the role session then calls AgentCore.
      stsClientConfig: emulator.clientConfig(callerRoleArn),
      endpoint: emulator.endpoint,
    });
    log(`Account B: the agent answered ${JSON.stringify(answer)}`);
    return answer;
  } finally {
    await emulator.stop();
  }
}
// #endregion emulator

async function main(): Promise<void> {
  const env = process.env;
  const { RUNTIME_ARN: runtimeArn, ROLE_ARN: roleArn, EXTERNAL_ID: externalId = '' } = env;
  if (runtimeArn === undefined) {
    console.log('RUNTIME_ARN is not set: running against the local emulator.');
    await onEmulator();
  } else if (roleArn === undefined) {
    console.error('Set ROLE_ARN to the invoker role in Account A.');
    process.exitCode = 2;
  } else if (env.STEP === 'policies' && env.CALLER_ROLE_ARN !== undefined) {
    const documents = assumeRoleDocuments(runtimeArn, roleArn, env.CALLER_ROLE_ARN, externalId);
    console.log(JSON.stringify(documents, null, 2));
  } else if (env.STEP === 'invoke') {
    console.log(JSON.stringify(await invokeThroughRole(runtimeArn, roleArn, externalId)));
  } else {
    console.error('Set STEP to policies (with CALLER_ROLE_ARN) or invoke.');
    process.exitCode = 2;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  });
}
