/**
 * `agentcore-xacct demo`: the seed's two-account world on the embedded emulator, end to end.
 * Sets up both access patterns with the library's builders, invokes (JSON and a streamed reply),
 * writes and retrieves memory across accounts, then reproduces each of the four gotchas and
 * prints what AWS says beside what the library says (the diagnosis, proven from the policies),
 * and applies the fix it plans (applyAccessFix, through the control plane and IAM) before the call
 * is made again. It checks every outcome it prints, so a wrong answer fails the demo (exit 1)
 * instead of scrolling past.
 * @internal
 */
import type { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import type { BedrockAgentCoreControlClient } from '@aws-sdk/client-bedrock-agentcore-control';
import {
  type AccessFixPlan,
  type AccessPolicies,
  applyAccessFix,
  assumeRoleTrustPolicy,
  CrossAccountAgentClient,
  callerIdentityPolicy,
  diagnoseAccessDenied,
  endpointArn,
  invokerRolePolicy,
  lintPolicy,
  memoryAccessPolicy,
  type PolicyDocument,
  runtimeAccessPolicies,
  runtimeArn,
  type Statement,
  statementsOf,
} from '../../index.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../testing/index.js';
import { missingPackage, missingPackagesError } from '../fail.js';
import type { Output } from '../output.js';

const ACCOUNT_A = '111111111111';
const ACCOUNT_B = '222222222222';
const REGION = 'eu-west-1';
const CALLER = `arn:aws:iam::${ACCOUNT_B}:role/the-caller-role`;
const ADMIN = `arn:aws:iam::${ACCOUNT_A}:role/admin`;
const ADMIN_B = `arn:aws:iam::${ACCOUNT_B}:role/admin`;
const INVOKER = `arn:aws:iam::${ACCOUNT_A}:role/CrossAccountAgentInvoker`;
const RUNTIME = runtimeArn({ region: REGION, accountId: ACCOUNT_A, runtimeId: 'agent-abcdefghij' });
const STREAMING_RUNTIME = runtimeArn({
  region: REGION,
  accountId: ACCOUNT_A,
  runtimeId: 'agent_sse_py-abcdefghij',
});
const MEMORY = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT_A}:memory/shared_memory-abcdefghij`;
const INVOKE = 'bedrock-agentcore:InvokeAgentRuntime';
const EXTERNAL_ID = 'demo-external-id-7f3a';

/** A check that failed: the demo reports it and exits 1. */
class DemoFailure extends Error {}

function expect(condition: boolean, what: string): void {
  if (!condition) throw new DemoFailure(what);
}

/** A fresh, valid runtime session id (33+ characters). */
function sessionId(label: string): string {
  return `demo-${label}-${crypto.randomUUID()}`;
}

interface Clients {
  sdk: typeof import('@aws-sdk/client-bedrock-agentcore');
  control: typeof import('@aws-sdk/client-bedrock-agentcore-control');
  sts: typeof import('@aws-sdk/client-sts');
  admin: BedrockAgentCoreControlClient;
  caller: BedrockAgentCoreClient;
}

async function putPolicy(c: Clients, resourceArn: string, document: PolicyDocument): Promise<void> {
  await c.admin.send(
    new c.control.PutResourcePolicyCommand({ resourceArn, policy: JSON.stringify(document) }),
  );
}

async function deletePolicy(c: Clients, resourceArn: string): Promise<void> {
  try {
    await c.admin.send(new c.control.DeleteResourcePolicyCommand({ resourceArn }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
  }
}

async function invokeJson(
  client: BedrockAgentCoreClient,
  sdk: Clients['sdk'],
  arn: string,
  payload: unknown,
) {
  const res = await client.send(
    new sdk.InvokeAgentRuntimeCommand({
      agentRuntimeArn: arn,
      qualifier: 'DEFAULT',
      runtimeSessionId: sessionId('json'),
      contentType: 'application/json',
      accept: 'application/json',
      payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
  const body = res.response === undefined ? '' : await res.response.transformToString();
  return { statusCode: res.statusCode, body };
}

/** The SDK clients the demo drives, or one error naming every one that is not installed. */
async function peers() {
  const loaded = await Promise.allSettled([
    import('@aws-sdk/client-bedrock-agentcore'),
    import('@aws-sdk/client-bedrock-agentcore-control'),
    import('@aws-sdk/client-sts'),
    // applyAccessFix puts the caller's identity policy through IAM.
    import('@aws-sdk/client-iam'),
  ] as const);
  const missing = loaded.flatMap((p) => {
    if (p.status === 'fulfilled') return [];
    const name = missingPackage(p.reason);
    if (name === undefined) throw p.reason;
    return [name];
  });
  if (missing.length > 0) throw missingPackagesError('The demo', missing);
  const [sdk, control, sts] = loaded;
  return [settled(sdk), settled(control), settled(sts)] as const;
}

function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/** Runs the demo; resolves to the process exit code. */
export async function runDemo(out: Output): Promise<number> {
  const started = performance.now();
  const [sdk, control, sts] = await peers();
  const emulator = await startLocalAgentCore();
  try {
    const c: Clients = {
      sdk,
      control,
      sts,
      admin: new control.BedrockAgentCoreControlClient(emulator.clientConfig(ADMIN)),
      caller: new sdk.BedrockAgentCoreClient({ ...emulator.clientConfig(CALLER), maxAttempts: 1 }),
    };
    out.line(out.bold('agentcore-xacct demo: cross-account AgentCore on the local emulator'));
    out.line(out.dim(`emulator ${emulator.endpoint} (${emulator.region}); no AWS account is used`));
    out.line(`Account A ${ACCOUNT_A}: runtime agent-abcdefghij, memory shared_memory-abcdefghij`);
    out.line(`Account B ${ACCOUNT_B}: role the-caller-role`);

    const callerPolicy = await patternOne(out, c, emulator);
    await patternTwo(out, c, emulator);
    await memory(out, c);
    await gotchas(out, c, emulator, callerPolicy);

    out.line();
    out.line(out.green(`demo finished in ${((performance.now() - started) / 1000).toFixed(1)} s`));
    return 0;
  } catch (error) {
    if (error instanceof DemoFailure) {
      out.error(out.red(`demo check failed: ${error.message}`));
      return 1;
    }
    throw error;
  } finally {
    await emulator.stop();
  }
}

function ok(out: Output, text: string): void {
  out.line(`  ${out.green('✓')} ${text}`);
}

async function patternOne(out: Output, c: Clients, emulator: LocalAgentCore): Promise<PolicyDocument> {
  out.line();
  out.line(out.bold('Pattern 1: resource-based policies on the runtime AND its endpoint'));
  for (const runtime of [RUNTIME, STREAMING_RUNTIME]) {
    const policies = runtimeAccessPolicies({ runtimeArn: runtime, principals: [CALLER] });
    for (const { resourceArn, document } of [policies.runtime, ...policies.endpoints]) {
      await putPolicy(c, resourceArn, document);
      ok(out, `Account A put a resource policy on ${resourceArn}`);
    }
  }
  const callerPolicy = callerIdentityPolicy({
    runtimeArns: [RUNTIME, STREAMING_RUNTIME],
    memoryArns: [MEMORY],
    memoryAccess: 'read-write',
    assumeRoleArns: [INVOKER],
  });
  emulator.setIdentityPolicy(CALLER, callerPolicy);
  ok(out, 'Account B attached the caller identity policy (runtime + endpoint sub-path, in Account A)');

  const reply = await invokeJson(c.caller, c.sdk, RUNTIME, { prompt: 'Hello from Account B' });
  expect(reply.statusCode === 200, `pattern 1 invoke answered ${reply.statusCode}`);
  ok(out, `the-caller-role invoked ${RUNTIME} → ${reply.body}`);

  // The library's client streams and parses the SSE reply as it arrives.
  const client = new CrossAccountAgentClient({
    access: { mode: 'resource-policy', credentials: emulator.credentialsFor(CALLER) },
    clientConfig: { endpoint: emulator.endpoint },
  });
  const stream = await client.invoke({
    runtimeArn: STREAMING_RUNTIME,
    payload: { prompt: 'Stream me a reply' },
  });
  ok(
    out,
    `CrossAccountAgentClient streams ${STREAMING_RUNTIME} (${stream.contentType}), events as they arrive:`,
  );
  let events = 0;
  for await (const event of stream.events()) {
    events++;
    out.line(out.dim(`      ${JSON.stringify(event.data)}`));
  }
  client.destroy();
  expect(events > 0, 'the streaming agent sent no event');
  return callerPolicy;
}

async function patternTwo(out: Output, c: Clients, emulator: LocalAgentCore): Promise<void> {
  out.line();
  out.line(out.bold('Pattern 2: sts:AssumeRole into a role in Account A'));
  emulator.setTrustPolicy(
    INVOKER,
    assumeRoleTrustPolicy({ trustedPrincipals: [CALLER], externalId: EXTERNAL_ID }),
  );
  emulator.setIdentityPolicy(INVOKER, invokerRolePolicy({ runtimeArns: [RUNTIME] }));
  ok(out, `Account A created ${INVOKER} (trust: the-caller-role with an ExternalId)`);
  const stsClient = new c.sts.STSClient(emulator.clientConfig(CALLER));
  const assumed = await stsClient.send(
    new c.sts.AssumeRoleCommand({
      RoleArn: INVOKER,
      RoleSessionName: 'demo-session',
      ExternalId: EXTERNAL_ID,
    }),
  );
  const credentials = assumed.Credentials;
  expect(
    credentials?.AccessKeyId !== undefined && credentials.SecretAccessKey !== undefined,
    'AssumeRole returned no credentials',
  );
  ok(out, `AssumeRole → ${assumed.AssumedRoleUser?.Arn} (expires ${credentials?.Expiration?.toISOString()})`);
  const invoker = new c.sdk.BedrockAgentCoreClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    maxAttempts: 1,
    credentials: {
      accessKeyId: credentials?.AccessKeyId ?? '',
      secretAccessKey: credentials?.SecretAccessKey ?? '',
      ...(credentials?.SessionToken === undefined ? {} : { sessionToken: credentials.SessionToken }),
    },
  });
  const reply = await invokeJson(invoker, c.sdk, RUNTIME, { prompt: 'Hello through the role chain' });
  expect(reply.statusCode === 200, `pattern 2 invoke answered ${reply.statusCode}`);
  ok(out, `the assumed-role session invoked the runtime → ${reply.body}`);
}

async function memory(out: Output, c: Clients): Promise<void> {
  out.line();
  out.line(out.bold('Memory: Account B writes and reads Account A memory by its full ARN'));
  const policy = memoryAccessPolicy({ memoryArn: MEMORY, writers: [CALLER] });
  await putPolicy(c, MEMORY, policy.document);
  ok(out, 'Account A put the memory policy (separate read and write statements)');
  const event = await c.caller.send(
    new c.sdk.CreateEventCommand({
      memoryId: MEMORY,
      actorId: 'agent-in-account-b',
      sessionId: 'cross-account-session-1',
      eventTimestamp: new Date(),
      payload: [
        { conversational: { role: 'USER', content: { text: 'Schedule my standup for 9 AM tomorrow' } } },
      ],
    }),
  );
  ok(out, `CreateEvent → ${event.event?.eventId}`);
  const created = await c.caller.send(
    new c.sdk.BatchCreateMemoryRecordsCommand({
      memoryId: MEMORY,
      records: [
        {
          requestIdentifier: 'rec-001',
          content: { text: 'User prefers morning meeting times before 10 AM' },
          namespaces: ['preferences/user-123'],
          timestamp: new Date(),
        },
        {
          requestIdentifier: 'rec-002',
          content: { text: 'User likes short written summaries' },
          namespaces: ['preferences/user-123'],
          timestamp: new Date(),
        },
      ],
    }),
  );
  expect(
    (created.successfulRecords ?? []).length === 2,
    'BatchCreateMemoryRecords did not store both records',
  );
  ok(out, 'BatchCreateMemoryRecords → 2 records');
  const found = await c.caller.send(
    new c.sdk.RetrieveMemoryRecordsCommand({
      memoryId: MEMORY,
      namespace: 'preferences/user-123',
      searchCriteria: { searchQuery: 'meeting preferences' },
      maxResults: 10,
    }),
  );
  const top = found.memoryRecordSummaries?.[0]?.content?.text;
  expect(top !== undefined, 'RetrieveMemoryRecords found nothing');
  ok(out, `RetrieveMemoryRecords "meeting preferences" → "${top}"`);
}

interface Gotcha {
  title: string;
  code: string;
  /** Breaks the working setup; returns the policies now in force (for the library's explanation). */
  breakIt(): Promise<AccessPolicies & { lintTarget?: PolicyDocument }>;
}

async function gotchas(
  out: Output,
  c: Clients,
  emulator: LocalAgentCore,
  callerPolicy: PolicyDocument,
): Promise<void> {
  out.line();
  out.line(out.bold('The four gotchas: what AWS says, and what the library says'));
  const endpoint = endpointArn(RUNTIME);
  const good = runtimeAccessPolicies({ runtimeArn: RUNTIME, principals: [CALLER] });
  const restore = async () => {
    emulator.setIdentityPolicy(CALLER, callerPolicy);
    await putPolicy(c, RUNTIME, good.runtime.document);
    for (const e of good.endpoints) await putPolicy(c, e.resourceArn, e.document);
  };
  const rewrite = (document: PolicyDocument, change: (s: Statement) => Statement): PolicyDocument => ({
    ...document,
    Statement: statementsOf(document).map(change),
  });
  const withCondition = (document: PolicyDocument) =>
    rewrite(document, (s) => ({ ...s, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_B } } }));
  const list: Gotcha[] = [
    {
      title: 'a resource policy on the runtime, none on its endpoint',
      code: 'endpoint-policy-missing',
      breakIt: async () => {
        await deletePolicy(c, endpoint);
        return {
          identity: [callerPolicy],
          resource: { [RUNTIME]: good.runtime.document, [endpoint]: undefined },
        };
      },
    },
    {
      title: '"Resource": "*" in the resource policies',
      code: 'resource-wildcard',
      breakIt: async () => {
        const wildcard = rewrite(good.runtime.document, (s) => ({ ...s, Resource: '*' }));
        await deletePolicy(c, RUNTIME);
        await deletePolicy(c, endpoint);
        for (const arn of [RUNTIME, endpoint]) {
          try {
            await putPolicy(c, arn, wildcard);
            throw new DemoFailure('PutResourcePolicy accepted a wildcard Resource');
          } catch (error) {
            if (error instanceof DemoFailure) throw error;
            out.line(
              out.dim(
                `      PutResourcePolicy ${arn.endsWith('DEFAULT') ? 'endpoint' : 'runtime'}: ${describe(error)}`,
              ),
            );
          }
        }
        return {
          identity: [callerPolicy],
          resource: { [RUNTIME]: wildcard, [endpoint]: wildcard },
          lintTarget: wildcard,
        };
      },
    },
    {
      title: 'an aws:SourceAccount condition for an IAM caller',
      code: 'source-account-condition',
      breakIt: async () => {
        const runtimeDoc = withCondition(good.runtime.document);
        const endpointDoc = withCondition(good.endpoints[0]?.document ?? good.runtime.document);
        await putPolicy(c, RUNTIME, runtimeDoc);
        await putPolicy(c, endpoint, endpointDoc);
        return { identity: [callerPolicy], resource: { [RUNTIME]: runtimeDoc, [endpoint]: endpointDoc } };
      },
    },
    {
      title: "the caller's identity policy names the endpoint in the wrong account",
      code: 'identity-wrong-account',
      breakIt: async () => {
        // The seed's mechanism: the endpoint sub-path is scoped to Account B instead of A. The runtime
        // entry is exact here: IAM's `*` would also match the endpoint sub-path (see docs/troubleshooting.md).
        const wrong: PolicyDocument = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: [INVOKE],
              Resource: [RUNTIME, `arn:aws:bedrock-agentcore:*:${ACCOUNT_B}:runtime/*/runtime-endpoint/*`],
            },
          ],
        };
        emulator.setIdentityPolicy(CALLER, wrong);
        return {
          identity: [wrong],
          resource: { [RUNTIME]: good.runtime.document, [endpoint]: good.endpoints[0]?.document },
        };
      },
    },
  ];
  for (const [i, gotcha] of list.entries()) {
    out.line();
    out.line(`  ${i + 1}. ${gotcha.title}`);
    const policies = await gotcha.breakIt();
    let awsSays = '';
    let denied: unknown;
    try {
      await invokeJson(c.caller, c.sdk, RUNTIME, { prompt: 'will this work?' });
    } catch (error) {
      denied = error;
      awsSays = describe(error);
    }
    expect(
      awsSays.startsWith('AccessDeniedException'),
      `gotcha ${i + 1} was not denied (${awsSays || 'allowed'})`,
    );
    out.line(`     ${out.red('AWS says:')}     ${awsSays}`);
    const { lintTarget, ...access } = policies;
    // The diagnosis of AWS's words with the policies as written: the cause proven, and the fix planned.
    const diagnosis = diagnoseAccessDenied(denied, {
      runtimeArn: RUNTIME,
      qualifier: 'DEFAULT',
      policies: access,
      identityPolicyNames: ['inline-policy-1'],
    });
    const cause = diagnosis.causes[0];
    expect(
      cause?.code === gotcha.code && cause.confidence === 'proven',
      `gotcha ${i + 1}: the library named ${cause?.code} (${cause?.confidence}), expected ${gotcha.code}`,
    );
    out.line(`     ${out.green('library says:')} ${cause?.code}: ${cause?.evidence}`);
    const plan = diagnosis.fix;
    expect(plan !== undefined && plan.changes.length > 0, `gotcha ${i + 1}: no fix planned`);
    for (const change of plan?.changes ?? [])
      out.line(`     ${out.green('fix planned:')}  ${change.summary}`);
    if (lintTarget !== undefined) {
      const findings = lintPolicy(lintTarget, { kind: 'resource', attachedTo: RUNTIME });
      const codes = [...new Set(findings.filter((f) => f.severity === 'error').map((f) => f.code))];
      out.line(`     ${out.green('lint says:')}    ${codes.join(', ')} (before anything is sent to AWS)`);
    }
    // The plan, applied through Account A's control plane and Account B's IAM: the call now works.
    const applied = await applyAccessFix(plan as AccessFixPlan, {
      owner: { clientConfig: emulator.clientConfig(ADMIN) },
      caller: { clientConfig: { ...emulator.clientConfig(ADMIN_B), region: 'us-east-1' } },
    });
    expect(applied.ok, `gotcha ${i + 1}: the fix was not applied`);
    const fixed = await invokeJson(c.caller, c.sdk, RUNTIME, { prompt: 'and now?' });
    expect(fixed.statusCode === 200, `gotcha ${i + 1}: still denied after the fix`);
    ok(out, 'the planned fix applied: invoke works');
    await restore();
  }
  const reply = await invokeJson(c.caller, c.sdk, RUNTIME, { prompt: 'and back to working' });
  expect(reply.statusCode === 200, 'the restored setup no longer works');
  out.line();
  ok(out, 'restored the correct setup: invoke works again');
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
}
