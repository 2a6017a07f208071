/**
 * Auditing Account A: who outside the account reaches each runtime, endpoint, memory and gateway,
 * with which actions, and where endpoint policies drift from their runtime's; then the drift fix,
 * planned and applied. Runs against the local emulator, where an endpoint policy drifted on purpose.
 *
 * Run: `npx esbuild examples/audit-account.ts --bundle --platform=node --format=esm
 * --packages=external --outfile=out/audit-account.mjs && node out/audit-account.mjs`.
 */
import { pathToFileURL } from 'node:url';

import type { BedrockAgentCoreControlClientConfig } from '@aws-sdk/client-bedrock-agentcore-control';

import { type AccountAudit, auditAccount, fixDrift, runtimeAccessPolicies } from 'agentcore-xacct';
import { startLocalAgentCore } from 'agentcore-xacct/testing';

const runtimeArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent_staged-abcdefghij';
const callerRoleArn = 'arn:aws:iam::222222222222:role/the-caller-role';

// #region audit
/** Audits the account the client reaches and prints what is exposed and what drifted. */
export async function audit(
  clientConfig: BedrockAgentCoreControlClientConfig,
  print: (line: string) => void,
): Promise<AccountAudit> {
  const result = await auditAccount({
    clientConfig,
    organizationId: 'o-a1b2c3d4e5', // principals narrowed to it are same-org
    trustedAccounts: ['333333333333'], // accounts you know: trusted rather than external
  });
  for (const resource of result.resources) {
    for (const e of resource.exposure) {
      print(`${resource.arn}: ${e.class} ${e.principal} may ${e.actions.join(', ')}`);
    }
    for (const d of resource.drift) print(`${resource.arn}: ${d.code}: ${d.message}`);
  }
  for (const u of result.unreadable) print(`${u.arn}: not read (${u.reason})`);
  return result;
}
// #endregion audit

// #region fix
/** Plans the drift fix, prints who loses what and the commands, then applies it. */
export async function fix(result: AccountAudit, print: (line: string) => void): Promise<boolean> {
  const plan = await fixDrift(result); // a dry run: nothing is sent
  for (const loss of plan.losses)
    print(`${loss.principal} loses ${loss.actions.join(', ')} on ${loss.resourceArn}`);
  for (const command of plan.commands) print(command);
  const applied = await fixDrift(result, { dryRun: false }); // re-reads each policy, then puts
  return applied.ok;
}
// #endregion fix

/** The example against the emulator: the staged runtime's prod endpoint misses GetAgentCard. */
export async function onEmulator(print: (line: string) => void): Promise<{ before: number; after: number }> {
  const grant = (actions?: string[]) =>
    runtimeAccessPolicies({
      runtimeArn,
      principals: [callerRoleArn],
      qualifiers: ['DEFAULT', 'prod'],
      ...(actions === undefined ? {} : { actions }),
    });
  const full = grant();
  const invokeOnly = grant(['bedrock-agentcore:InvokeAgentRuntime']);
  const resourcePolicies = Object.fromEntries(
    [full.runtime, full.endpoints[0], invokeOnly.endpoints[1]].flatMap((p) =>
      p === undefined ? [] : [[p.resourceArn, p.document]],
    ),
  );
  const emulator = await startLocalAgentCore({ resourcePolicies });
  try {
    const config = emulator.clientConfig('arn:aws:iam::111111111111:role/admin');
    const before = await audit(config, print);
    await fix(before, print);
    const after = await audit(config, () => undefined);
    return { before: before.summary.drifted, after: after.summary.drifted };
  } finally {
    await emulator.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  onEmulator((line) => console.log(line))
    .then((counts) => console.log(JSON.stringify(counts)))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
      process.exitCode = 1;
    });
}
