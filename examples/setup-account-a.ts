/**
 * Account A's side of a cross-account AgentCore setup, run by its administrator: let a role in
 * Account B invoke a runtime and use a memory, create a memory that delivers to Account B, and
 * verify the result. Every step is planned first (dry run: documents, diff, AWS CLI commands).
 *
 * Configuration (environment variables); without RUNTIME_ARN it runs against the local emulator's
 * seed world, so it can be tried offline:
 * - `RUNTIME_ARN`: the runtime in Account A, e.g.
 *   `arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij`.
 * - `CALLER_ROLE_ARN`: the role in Account B that invokes it and uses the memory.
 * - `MEMORY_ARN` (optional): a memory in Account A to share with the caller (read and write).
 * - `GATEWAY_ARN`, `HARNESS_ARN` (optional): a gateway and a harness in Account A the caller may
 *   invoke (the harness's `DEFAULT` endpoint too).
 * - `DELIVERY_BUCKET`, `DELIVERY_TOPIC_ARN`, `DELIVERY_STREAM_ARN` (optional): destinations in
 *   Account B for a new memory (seed 001); the execution role `MemoryCrossAccountRole` must exist.
 * - `APPLY=1`: write the changes (otherwise only the plans are printed).
 *
 * Run: `npx esbuild examples/setup-account-a.ts --bundle --platform=node --format=esm
 * --packages=external --outfile=out/setup-account-a.mjs && node out/setup-account-a.mjs`.
 */
import { pathToFileURL } from 'node:url';

import {
  type AdminResult,
  type ControlPlaneAccess,
  createCrossAccountMemory,
  grantGatewayAccess,
  grantHarnessAccess,
  grantMemoryAccess,
  grantRuntimeAccess,
  type LintTarget,
  parseArn,
  revokeRuntimeAccess,
  verifyAccess,
} from 'agentcore-xacct';
import { startLocalAgentCore } from 'agentcore-xacct/testing';

/** What to set up. */
export interface SetupAccountA {
  runtimeArn: string;
  callerRoleArn: string;
  memoryArn?: string;
  gatewayArn?: string;
  harnessArn?: string;
  delivery?: { bucketName: string; topicArn: string; streamArn: string };
  /** Write the changes; `false` prints the plans only. */
  apply: boolean;
  /** How to reach Account A's control plane. */
  access: ControlPlaneAccess;
}

function report(log: (line: string) => void, title: string, result: AdminResult): void {
  log(`\n== ${title}${result.dryRun ? ' (plan)' : ''}`);
  for (const change of result.changes) {
    const diff = `+${change.diff.added.length} ~${change.diff.changed.length} -${change.diff.removed.length}`;
    log(`${change.status.padEnd(9)} ${change.resourceArn}  statements ${diff}`);
    if (change.error !== undefined) log(`  error: ${change.error.name}: ${change.error.message}`);
  }
  for (const command of result.commands) log(`  $ ${command}`);
  for (const finding of result.findings) log(`  ${finding.severity} ${finding.code}: ${finding.message}`);
}

/**
 * Plans (and with `apply`, makes) every change of Account A's side; returns false when
 * something failed (run it again: completed changes are `unchanged`).
 */
export async function setupAccountA(setup: SetupAccountA, log: (line: string) => void): Promise<boolean> {
  const { access, callerRoleArn } = setup;
  const before = await verifyAccess({
    ...access,
    targets: [{ runtimeArn: setup.runtimeArn }],
    callerArn: callerRoleArn,
  });
  log(`Before: ${before.findings.map((f) => f.code).join(', ') || 'no findings'}`);

  const runtime = { runtimeArn: setup.runtimeArn, principals: [callerRoleArn] };
  report(
    log,
    'Runtime and endpoint policies',
    await grantRuntimeAccess({ ...runtime, ...access, dryRun: true }),
  );
  let ok = true;
  if (setup.apply) {
    const granted = await grantRuntimeAccess({ ...runtime, ...access });
    report(log, 'Runtime and endpoint policies', granted);
    ok &&= granted.ok;
  }

  if (setup.memoryArn !== undefined) {
    const memory = { memoryArn: setup.memoryArn, writers: [callerRoleArn] };
    const result = await grantMemoryAccess({ ...memory, ...access, dryRun: !setup.apply });
    report(log, 'Memory policy', result);
    ok &&= result.ok;
  }

  if (setup.gatewayArn !== undefined) {
    const gateway = { gatewayArn: setup.gatewayArn, principals: [callerRoleArn] };
    const result = await grantGatewayAccess({ ...gateway, ...access, dryRun: !setup.apply });
    report(log, 'Gateway policy', result);
    ok &&= result.ok;
  }

  if (setup.harnessArn !== undefined) {
    // InvokeHarness and InvokeAgentRuntime, on the harness and its DEFAULT endpoint.
    const harness = { harnessArn: setup.harnessArn, principals: [callerRoleArn] };
    const result = await grantHarnessAccess({ ...harness, ...access, dryRun: !setup.apply });
    report(log, 'Harness and endpoint policies', result);
    ok &&= result.ok;
  }

  if (setup.delivery !== undefined) {
    const { region, accountId } = parseArn(setup.runtimeArn);
    const created = await createCrossAccountMemory({
      region,
      accountId,
      executionRoleName: 'MemoryCrossAccountRole',
      s3: { bucketName: setup.delivery.bucketName },
      sns: { topicArn: setup.delivery.topicArn },
      kinesis: { streamArn: setup.delivery.streamArn },
      description: 'Memory with cross-account delivery',
      ...access,
      dryRun: !setup.apply,
    });
    log(
      `\n== Delivery memory${created.memory === undefined ? ' (plan)' : `: ${created.memory.arn} ${created.memory.status}`}`,
    );
    log(`  $ ${created.createMemoryCommand}`);
    log(created.instructions);
  }

  const after = await verifyAccess({
    ...access,
    targets: [
      { runtimeArn: setup.runtimeArn },
      ...(setup.memoryArn === undefined ? [] : [{ memoryArn: setup.memoryArn }]),
      ...(setup.gatewayArn === undefined ? [] : [{ gatewayArn: setup.gatewayArn }]),
      ...(setup.harnessArn === undefined ? [] : [{ harnessArn: setup.harnessArn }]),
    ] satisfies LintTarget[],
    callerArn: callerRoleArn,
  });
  log(
    `\nAfter: ${after.ok ? 'ok' : 'not ok'}; ${after.findings.map((f) => `${f.severity} ${f.code}`).join(', ') || 'no findings'}`,
  );
  return ok;
}

/** The offline demo: the emulator's seed world, applied, then the revoke planned. */
async function onEmulator(log: (line: string) => void): Promise<boolean> {
  const emulator = await startLocalAgentCore();
  try {
    const access = { clientConfig: emulator.clientConfig('arn:aws:iam::111111111111:role/admin') };
    const runtimeArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
    const callerRoleArn = 'arn:aws:iam::222222222222:role/the-caller-role';
    const ok = await setupAccountA(
      {
        runtimeArn,
        callerRoleArn,
        memoryArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij',
        gatewayArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij',
        harnessArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/support_harness-abcdefghij',
        delivery: {
          bucketName: 'memory-payloads-bucket',
          topicArn: 'arn:aws:sns:eu-west-1:222222222222:memory-notifications',
          streamArn: 'arn:aws:kinesis:eu-west-1:222222222222:stream/memory-record-stream',
        },
        apply: true,
        access,
      },
      log,
    );
    const revoke = await revokeRuntimeAccess({
      runtimeArn,
      principals: [callerRoleArn],
      ...access,
      dryRun: true,
    });
    log('\n== Revoking would take away:');
    for (const loss of revoke.losses)
      log(`  ${loss.principal}: ${loss.actions.join(', ')} on ${loss.resourceArn}`);
    return ok;
  } finally {
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  const env = process.env;
  let ok: boolean;
  if (env.RUNTIME_ARN === undefined) {
    log('RUNTIME_ARN is not set: running against the local emulator.');
    ok = await onEmulator(log);
  } else if (env.CALLER_ROLE_ARN === undefined) {
    console.error('Set CALLER_ROLE_ARN to the role in Account B that needs access.');
    process.exitCode = 2;
    return;
  } else {
    const { region } = parseArn(env.RUNTIME_ARN);
    const { DELIVERY_BUCKET: bucketName, DELIVERY_TOPIC_ARN: topicArn, DELIVERY_STREAM_ARN: streamArn } = env;
    ok = await setupAccountA(
      {
        runtimeArn: env.RUNTIME_ARN,
        callerRoleArn: env.CALLER_ROLE_ARN,
        ...(env.MEMORY_ARN === undefined ? {} : { memoryArn: env.MEMORY_ARN }),
        ...(env.GATEWAY_ARN === undefined ? {} : { gatewayArn: env.GATEWAY_ARN }),
        ...(env.HARNESS_ARN === undefined ? {} : { harnessArn: env.HARNESS_ARN }),
        ...(bucketName && topicArn && streamArn ? { delivery: { bucketName, topicArn, streamArn } } : {}),
        apply: env.APPLY === '1',
        access: { clientConfig: { region } },
      },
      log,
    );
  }
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  });
}

export { onEmulator };
