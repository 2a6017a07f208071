/**
 * End to end on the emulator, for each of the four gotchas of seed 000: the setup is broken one
 * way (through the control plane and IAM, as administrators would), the caller's invoke fails
 * with an AgentCoreAccessDeniedError whose diagnosis (given the policies as written) proves the
 * gotcha and carries the fix; `applyAccessFix` puts it through Account A's control plane or
 * Account B's IAM, and the same call succeeds.
 */
import { PutResourcePolicyCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyAccessFix } from '../../../src/admin/apply-fix.js';
import { CrossAccountAgentClient } from '../../../src/client.js';
import { type AgentCoreAccessDeniedError, isAgentCoreAccessDeniedError } from '../../../src/errors.js';
import { DIAGNOSIS_ENGINE } from '../../../src/policy/engine.js';
import type { AccessPolicies } from '../../../src/policy/evaluate/types.js';
import type { PolicyDocument } from '../../../src/policy/types.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_B_ROLE_ARN, ADMIN_ROLE_ARN, CALLER_ROLE_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { type BrokenSetup, gotchaSetups } from '../../fixtures/broken-setups.js';
import { control, iam } from '../emulator/helpers.js';

const POLICY_NAME = 'agentcore-invoke';

let emulator: LocalAgentCore;
beforeEach(async () => {
  emulator = await startLocalAgentCore();
});
afterEach(async () => {
  await emulator.stop();
});

/**
 * Puts the setup's policies as its administrators would: the resource policies through the
 * control plane (AgentCore refuses a wildcard Resource: gotcha 2's runtime policy is never
 * attached), the caller's identity policy through IAM under its name.
 */
async function breakItThisWay(setup: BrokenSetup): Promise<void> {
  const admin = control(emulator);
  for (const [arn, document] of Object.entries(setup.policies.resource)) {
    if (document === undefined) continue;
    await admin
      .send(new PutResourcePolicyCommand({ resourceArn: arn, policy: JSON.stringify(document) }))
      .catch((error: unknown) => {
        // Only the wildcard of gotcha 2 is refused.
        expect((error as Error).name).toBe('ValidationException');
      });
  }
  admin.destroy();
  const accountB = iam(emulator, ADMIN_B_ROLE_ARN);
  for (const document of setup.policies.identity) {
    await accountB.send(
      new PutRolePolicyCommand({
        RoleName: 'the-caller-role',
        PolicyName: POLICY_NAME,
        PolicyDocument: JSON.stringify(document),
      }),
    );
  }
  accountB.destroy();
}

function callerClient(policies: AccessPolicies): CrossAccountAgentClient {
  return new CrossAccountAgentClient({
    access: { mode: 'resource-policy', credentials: emulator.credentialsFor(CALLER_ROLE_ARN) },
    clientConfig: { endpoint: emulator.endpoint },
    retry: false,
    diagnose: { policies, engine: DIAGNOSIS_ENGINE, identityPolicyNames: [POLICY_NAME] },
  });
}

async function invoke(client: CrossAccountAgentClient): Promise<number | AgentCoreAccessDeniedError> {
  try {
    const response = await client.invoke({ runtimeArn: RUNTIME_ARN, payload: { prompt: 'hello' } });
    await response.text();
    return response.statusCode;
  } catch (error) {
    if (isAgentCoreAccessDeniedError(error)) return error;
    throw error;
  }
}

describe.each(gotchaSetups())('$name', (setup) => {
  it('is denied, diagnosed with its fix, fixed through the control plane and IAM, and the same call succeeds', async () => {
    await breakItThisWay(setup);
    const client = callerClient(setup.policies);
    try {
      const denied = await invoke(client);
      if (typeof denied === 'number') throw new Error(`the broken setup was allowed (${denied})`);
      const diagnosis = denied.diagnosis;
      expect(diagnosis?.causes[0]).toMatchObject({ code: setup.code, confidence: 'proven' });
      const fix = diagnosis?.fix;
      if (fix === undefined) throw new Error('the diagnosis carries no fix');
      // One change, to the document at fault; the message points at the plan.
      expect(fix.changes.map((c) => [c.code, c.policyKind])).toEqual([
        [setup.code, setup.atFault.policyKind],
      ]);
      expect(denied.message).toContain('Fix plan: ');

      const result = await applyAccessFix(fix, {
        owner: {
          clientConfig: { endpoint: emulator.endpoint, credentials: emulator.credentialsFor(ADMIN_ROLE_ARN) },
        },
        caller: {
          clientConfig: {
            endpoint: emulator.endpoint,
            credentials: emulator.credentialsFor(ADMIN_B_ROLE_ARN),
          },
        },
      });
      expect(result.applied.map((a) => a.status)).toEqual(['put']);
      expect(result.ok).toBe(true);
      // The service saw the change where it belongs: the control plane, or IAM.
      const put = emulator.requests.filter(
        (r) => r.operation === 'PutResourcePolicy' || r.operation === 'PutRolePolicy',
      );
      expect(put.at(-1)).toMatchObject({
        operation: setup.atFault.policyKind === 'resource' ? 'PutResourcePolicy' : 'PutRolePolicy',
        status: setup.atFault.policyKind === 'resource' ? 201 : 200,
      });

      expect(await invoke(client)).toBe(200);
    } finally {
      client.destroy();
    }
  });
});

describe('applyAccessFix', () => {
  it('refuses a blocked plan whole, and a change without the access of its account', async () => {
    const setup = gotchaSetups()[0] as BrokenSetup;
    const deny: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'bedrock-agentcore:*', Resource: '*' }],
    };
    const { planAccessFix } = await import('../../../src/policy/fix/plan.js');
    const blocked = planAccessFix(setup.request, { ...setup.policies, scp: [deny] });
    await expect(applyAccessFix(blocked, {})).rejects.toMatchObject({ field: 'plan.blocked' });
    const plan = planAccessFix(setup.request, setup.policies);
    await expect(applyAccessFix(plan, {})).rejects.toMatchObject({ field: 'options.owner' });
    const dry = await applyAccessFix(plan, { dryRun: true });
    expect(dry).toMatchObject({ ok: true, applied: [{ status: 'planned' }] });
    expect(dry.commands[0]).toMatch(/^aws bedrock-agentcore-control put-resource-policy /);
  });
});
