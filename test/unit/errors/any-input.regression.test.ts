/**
 * Regression: inputs of the wrong type crashed inside the library with TypeErrors (90,000 fuzzed
 * inputs, issue 15). Each now gets the library's typed error, naming the field and the fix,
 * before any request. The property test (test/property) covers every public function; these pin
 * the reported cases.
 */
import { describe, expect, it } from 'vitest';
import { CrossAccountAgentClient } from '../../../src/client.js';
import {
  explainAccess,
  isAgentCoreXacctError,
  lintPolicy,
  memoryArn,
  parseArn,
  runtimeAccessPolicies,
} from '../../../src/policy/index.js';
import { startLocalAgentCore } from '../../../src/testing/index.js';
import { CALLER_ROLE_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

async function rejected(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => undefined,
    (error: unknown) => error,
  );
}

const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

describe('typed errors for the reported crashes', () => {
  it('memoryArn with a numeric accountId (was: owner.accountId.slice is not a function)', () => {
    const error = thrown(() =>
      memoryArn('shared_memory-abcdefghij', { accountId: 12 as never, region: 'eu-west-1' }),
    );
    expect(error).toMatchObject({ name: 'InvalidArnError', part: 'accountId' });
  });

  it('explainAccess with an object as action and policies of the wrong shape (was: action.includes is not a function)', () => {
    const error = thrown(() =>
      explainAccess(
        { principalArn: CALLER_ROLE_ARN, action: {} as never, resourceArn: RUNTIME_ARN },
        {
          identity: [],
          resource: {},
        },
      ),
    );
    expect(error).toMatchObject({ name: 'ValidationError', field: 'request.action' });
  });

  it('lintPolicy with a BigInt kind (was: a BigInt serialization error)', () => {
    const error = thrown(() => lintPolicy(document, { kind: 1n as never }));
    expect(error).toMatchObject({ name: 'ValidationError', field: 'kind' });
    expect((error as Error).message).toContain('1n');
  });

  it('runtimeAccessPolicies() with no input', () => {
    const error = thrown(() => (runtimeAccessPolicies as () => unknown)());
    expect(error).toMatchObject({ name: 'PolicyBuildError', field: 'input' });
  });

  it('parseArn of a prototype-less object (was: cannot convert object to primitive value)', () => {
    const error = thrown(() => parseArn(Object.create(null)));
    expect(error).toMatchObject({ name: 'InvalidArnError', part: 'arn' });
  });

  it('invoke with a prototype-less qualifier, before any request', async () => {
    let sent = 0;
    const client = new CrossAccountAgentClient({
      access: { mode: 'resource-policy', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } },
      clientConfig: {
        requestHandler: {
          handle: () => {
            sent++;
            return Promise.reject(new Error('no network in this test'));
          },
        } as never,
      },
    });
    const error = await rejected(() =>
      client.invoke({ runtimeArn: RUNTIME_ARN, payload: {}, qualifier: Object.create(null) }),
    );
    expect(error).toMatchObject({ name: 'ValidationError', field: 'qualifier' });
    expect(sent).toBe(0);
    client.destroy();
  });

  it('a getter that throws is reported as the field that could not be read', () => {
    const input = Object.defineProperty({ runtimeArn: RUNTIME_ARN }, 'principals', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const error = thrown(() => runtimeAccessPolicies(input as never));
    expect(isAgentCoreXacctError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'ValidationError', field: 'input.principals' });
  });

  it.each(['runtimes', 'harnesses'] as const)(
    'startLocalAgentCore with %s[].endpoints not a list (was: object is not iterable; the property test at 1,000 runs)',
    async (key) => {
      const id =
        key === 'runtimes' ? { runtimeId: 'agent-abcdefghij' } : { harnessId: 'support_harness-abcdefghij' };
      const error = await rejected(() =>
        startLocalAgentCore({ [key]: [{ ...id, accountId: '111111111111', endpoints: /regex/g }] } as never),
      );
      expect(error).toMatchObject({ name: 'ValidationError', field: `${key}[].endpoints` });
    },
  );
});
