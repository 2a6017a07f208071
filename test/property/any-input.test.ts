/**
 * Any JavaScript value, given to any public function, gets an answer or one of the library's
 * typed errors (`AgentCoreXacctError` and family, naming the field and the fix): never a
 * TypeError or RangeError from inside, never a request sent on bad input. Two properties per
 * function: whole argument lists of hostile values, and a valid argument list with one part
 * (an argument, a member, an element, or a new unknown member) replaced by a hostile value.
 *
 * fast-check with a fixed seed; `AGENTCORE_XACCT_PROPERTY_RUNS` runs per property (`.ci/run`
 * sets 1,000), 100 by default.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';
import * as policy from '../../src/policy/index.js';
import * as testing from '../../src/testing/index.js';
import { hostileArgs, materialize, mutated } from './hostile.js';
import { client, isNetwork, notCalled, type Subject, socketClient, subjects } from './subjects.js';

/** The classes whose instances callers hold, by the prefix their subjects are named with. */
const PUBLIC_CLASSES: Record<string, object> = {
  client: root.CrossAccountAgentClient.prototype,
  session: root.AgentSession.prototype,
  memory: root.CrossAccountMemory.prototype,
  response: root.AgentResponse.prototype,
  command: root.CommandExecution.prototype,
  connection: root.AgentConnection.prototype,
  gateway: root.GatewayClient.prototype,
};
/** Methods marked `@internal` (the seams between the client and its handles). */
const INTERNAL_METHODS = new Set(['client.call', 'client.clientFor']);

const RUNS = Number(process.env.AGENTCORE_XACCT_PROPERTY_RUNS ?? '100');
const SEED = 20_261_125;

afterAll(() => {
  client.destroy();
  socketClient.destroy();
});

/** Runs one call to its end: a promise settled, an iterator stepped once, an emulator stopped. */
async function settle(value: unknown): Promise<void> {
  let result = value;
  if (result instanceof Promise) result = await result;
  if (typeof result === 'object' && result !== null) {
    const r = result as { [Symbol.asyncIterator]?: () => AsyncIterator<unknown>; stop?: () => Promise<void> };
    let asyncIterator: unknown;
    try {
      asyncIterator = r[Symbol.asyncIterator];
    } catch {
      // The caller's own hostile value, returned as given (statementsOf of a Proxy): not iterable here.
      return;
    }
    if (typeof asyncIterator === 'function' && !(result instanceof ReadableStream)) {
      const iterator = (asyncIterator as () => AsyncIterator<unknown>).call(result);
      try {
        await iterator.next();
      } finally {
        await iterator.return?.();
      }
    }
    if (typeof r.stop === 'function' && 'endpoint' in result) await r.stop();
  }
}

/** Describes a thrown value that is neither the library's error nor the test transport's. */
function foreign(error: unknown): string | undefined {
  if (isNetwork(error) || root.isAgentCoreXacctError(error)) return undefined;
  try {
    if (!(error instanceof Error)) return `a non-error ${String(error)}`;
    const at = (error.stack ?? '').split('\n').find((line) => line.includes('/src/')) ?? '';
    return `${error.name}: ${error.message.slice(0, 200)} ${at.trim()}`;
  } catch {
    return 'an unprintable value';
  }
}

async function check(subject: Subject, generated: unknown[]): Promise<void> {
  const args = materialize(generated) as unknown[];
  let thrown: unknown;
  try {
    await settle(subject.call(...args));
    return;
  } catch (error) {
    thrown = error;
  }
  const problem = foreign(thrown);
  if (problem !== undefined) throw new Error(`${subject.name} threw ${problem}`);
  if (root.isAgentCoreXacctError(thrown) && root.isValidationError(thrown)) {
    // A validation error names the field and says how to fix it.
    expect(thrown.field).not.toBe('');
    expect(thrown.fix).not.toBe('');
  }
}

describe('every public function answers any value with a result or a typed error', () => {
  it('covers every function the three entry points export', () => {
    const named = new Set(subjects.map((s) => s.name));
    const exported = [root, policy, testing].flatMap((m) =>
      Object.entries(m)
        .filter(([, value]) => typeof value === 'function')
        .map(([name]) => name),
    );
    const missing = exported.filter((name) => !named.has(name) && !notCalled.has(name));
    expect(missing).toEqual([]);
  });

  it('covers every public method of the classes callers hold (client, session, memory, response…)', () => {
    const named = new Set(subjects.map((s) => s.name));
    const missing: string[] = [];
    for (const [prefix, prototype] of Object.entries(PUBLIC_CLASSES)) {
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
        if (name === 'constructor' || typeof descriptor?.value !== 'function') continue;
        if (!named.has(`${prefix}.${name}`) && !INTERNAL_METHODS.has(`${prefix}.${name}`)) {
          missing.push(`${prefix}.${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('the valid argument lists are valid (each call succeeds or reaches the transport)', async () => {
    for (const subject of subjects) {
      try {
        await settle(subject.call(...subject.valid()));
      } catch (error) {
        if (!isNetwork(error)) throw new Error(`${subject.name}: ${String(error)}`);
      }
    }
  });

  for (const subject of subjects) {
    it(`${subject.name}: hostile argument lists`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileArgs, (args) => check(subject, args)),
        { numRuns: RUNS, seed: SEED },
      );
    });
    it(`${subject.name}: a valid call with one hostile part`, async () => {
      await fc.assert(
        fc.asyncProperty(mutated(subject.valid), (args) => check(subject, args)),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }
});
