/**
 * applyAccessFix reads the plan it is given as caller input: a change that cannot be read, or a
 * document a request cannot carry, is a ValidationError naming the change before any request.
 */
import { describe, expect, it } from 'vitest';
import { applyAccessFix } from '../../../src/admin/apply-fix.js';
import { isValidationError } from '../../../src/errors.js';
import { planAccessFix } from '../../../src/policy/fix/plan.js';
import type { AccessFixPlan } from '../../../src/policy/fix/types.js';
import { gotchaSetups } from '../../fixtures/broken-setups.js';

/** The fix plan of gotcha 1 (a new endpoint policy in Account A). */
function gotcha1Plan(): AccessFixPlan {
  const setup = gotchaSetups()[0];
  if (setup === undefined) throw new Error('no gotcha 1');
  return planAccessFix(setup.request, setup.policies);
}

/** A control plane that records what it is sent and fails the test if it is sent anything. */
function untouchedOwner(): { sent: unknown[]; owner: { client: object } } {
  const sent: unknown[] = [];
  return {
    sent,
    owner: {
      client: {
        send: (command: unknown) => {
          sent.push(command);
          return Promise.reject(new Error('no request should be sent'));
        },
        destroy() {},
        config: { region: async () => 'eu-west-1' },
      },
    },
  };
}

async function refusal(plan: unknown, field: string): Promise<void> {
  const { sent, owner } = untouchedOwner();
  const error = await applyAccessFix(plan as AccessFixPlan, { owner } as never).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isValidationError(error), String(error)).toBe(true);
  expect((error as { field: string }).field).toBe(field);
  expect(sent).toEqual([]);
}

describe('applyAccessFix, given a plan it cannot read', () => {
  it('refuses a change that is a revoked Proxy (found by the property test at 775 runs)', async () => {
    const plan = gotcha1Plan();
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    await refusal({ ...plan, changes: [proxy, ...plan.changes] }, 'plan.changes[0]');
  });

  it('refuses a change whose document holds a BigInt, naming where', async () => {
    const plan = gotcha1Plan();
    const [change] = plan.changes;
    if (change === undefined) throw new Error('gotcha 1 plans no change');
    const after = { ...change.after, Version: 1n };
    await refusal({ ...plan, changes: [{ ...change, after }] }, 'plan.changes[0].after.Version');
  });

  it('refuses a change without the resource it is attached to', async () => {
    const plan = gotcha1Plan();
    const [change] = plan.changes;
    if (change === undefined) throw new Error('gotcha 1 plans no change');
    await refusal({ ...plan, changes: [{ ...change, attachTo: 42 }] }, 'plan.changes[0]');
  });

  it('refuses a client of the wrong service for either account before any request (the types take any SDK client)', async () => {
    const { IAMClient } = await import('@aws-sdk/client-iam');
    const { BedrockAgentCoreControlClient } = await import('@aws-sdk/client-bedrock-agentcore-control');
    const iam = new IAMClient({ region: 'us-east-1' });
    const control = new BedrockAgentCoreControlClient({ region: 'eu-west-1' });
    try {
      const swapped = await applyAccessFix(gotcha1Plan(), {
        owner: { client: iam },
        caller: { client: control },
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isValidationError(swapped)).toBe(true);
      expect(swapped).toMatchObject({ field: 'options.owner.client' });
      expect((swapped as Error).message).toMatch(
        /^options\.owner\.client is a client of IAM, not a BedrockAgentCoreControlClient/,
      );
      const callerSwapped = await applyAccessFix(gotcha1Plan(), {
        owner: { client: control },
        caller: { client: control },
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(callerSwapped).toMatchObject({ field: 'options.caller.client' });
    } finally {
      iam.destroy();
      control.destroy();
    }
  });

  it('still plans the unchanged plan as a dry run', async () => {
    const result = await applyAccessFix(gotcha1Plan(), { dryRun: true });
    expect(result.applied.map((a) => a.status)).toEqual(['planned']);
    expect(result.commands[0]).toContain('put-resource-policy');
  });
});
