import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { assumeRoleCredentials, assumeRoleKey } from '../../../src/credentials/assume-role.js';
import { clearCredentialCache } from '../../../src/credentials/cache.js';
import type { AssumeRoleAccess } from '../../../src/credentials/types.js';
import { isValidationError } from '../../../src/errors.js';

const ROLE_ARN = 'arn:aws:iam::111111111111:role/CrossAccountAgentInvoker';
const SHARED_SOURCE = { accessKeyId: 'AKIASHAREDSHAREDSHAR', secretAccessKey: 'shared' };
const sts = mockClient(STSClient);
const context = { region: 'eu-west-1', retryActive: true };

function credentials(n: number, expiresInMs = 3_600_000) {
  return {
    Credentials: {
      AccessKeyId: `ASIA${n}`,
      SecretAccessKey: `secret${n}`,
      SessionToken: `token${n}`,
      Expiration: new Date(Date.now() + expiresInMs),
    },
    AssumedRoleUser: {
      Arn: 'arn:aws:sts::111111111111:assumed-role/CrossAccountAgentInvoker/s',
      AssumedRoleId: 'AROA:s',
    },
    $metadata: {},
  };
}

beforeEach(() => {
  sts.reset();
  clearCredentialCache();
});

describe('assume-role credentials', () => {
  it('sends every option to STS and returns the credentials with the account', async () => {
    sts.on(AssumeRoleCommand).resolves(credentials(1));
    const access: AssumeRoleAccess = {
      mode: 'assume-role',
      roleArn: ROLE_ARN,
      externalId: 'ext-123',
      sessionName: 'billing-service',
      durationSeconds: 900,
      sourceIdentity: 'alice',
      tags: { team: 'billing', env: 'prod' },
    };
    const result = await assumeRoleCredentials(access, context).get();
    expect(result).toMatchObject({ accessKeyId: 'ASIA1', sessionToken: 'token1' });
    expect(result.expiration).toBeInstanceOf(Date);
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toEqual({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'billing-service',
      ExternalId: 'ext-123',
      DurationSeconds: 900,
      SourceIdentity: 'alice',
      Tags: [
        { Key: 'team', Value: 'billing' },
        { Key: 'env', Value: 'prod' },
      ],
    });
  });

  it('the STS client: the target region, one attempt while the client retries, the given source credentials', async () => {
    sts.on(AssumeRoleCommand).resolves(credentials(1));
    const source = { accessKeyId: 'AKIASOURCE', secretAccessKey: 'source-secret' };
    await assumeRoleCredentials(
      { mode: 'assume-role', roleArn: ROLE_ARN, sourceCredentials: source },
      context,
    ).get();
    const client = sts.calls()[0]?.thisValue as STSClient;
    expect(await client.config.region()).toBe('eu-west-1');
    expect(await client.config.maxAttempts()).toBe(1);
    expect((await client.config.credentials()).accessKeyId).toBe('AKIASOURCE');
  });

  it('stsClientConfig wins over the defaults', async () => {
    sts.on(AssumeRoleCommand).resolves(credentials(1));
    await assumeRoleCredentials(
      { mode: 'assume-role', roleArn: ROLE_ARN, stsClientConfig: { region: 'us-east-1', maxAttempts: 4 } },
      context,
    ).get();
    const client = sts.calls()[0]?.thisValue as STSClient;
    expect(await client.config.region()).toBe('us-east-1');
    expect(await client.config.maxAttempts()).toBe(4);
  });

  // Regression: fromTemporaryCredentials re-adds its clientPlugins on each fetch, so a named
  // middleware throws "Duplicate middleware name" at the first refresh. One STS client per entry.
  it('refreshes reuse one STS client (the clientPlugins duplicate-middleware trap)', async () => {
    sts.on(AssumeRoleCommand).callsFake(() => credentials(1));
    const entry = assumeRoleCredentials({ mode: 'assume-role', roleArn: ROLE_ARN }, context);
    for (let i = 0; i < 3; i++) {
      entry.invalidate();
      await entry.get();
    }
    expect(sts.calls().length).toBe(3);
    expect(new Set(sts.calls().map((c) => c.thisValue)).size).toBe(1);
  });

  it('role chaining: a refused duration over 1 hour falls back to 3600 s once, with a warning', async () => {
    const chainingError = Object.assign(
      new Error(
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      ),
      { name: 'ValidationError', $metadata: { httpStatusCode: 400 } },
    );
    sts
      .on(AssumeRoleCommand, { DurationSeconds: 7200 })
      .rejects(chainingError)
      .on(AssumeRoleCommand, { DurationSeconds: 3600 })
      .resolves(credentials(1));
    const warnings: string[] = [];
    const entry = assumeRoleCredentials(
      { mode: 'assume-role', roleArn: ROLE_ARN, durationSeconds: 7200 },
      { ...context, logger: { warn: (message) => warnings.push(message) } },
    );
    expect((await entry.get()).accessKeyId).toBe('ASIA1');
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.DurationSeconds)).toEqual([
      7200, 3600,
    ]);
    expect(warnings.join()).toContain('role chaining');
    entry.invalidate();
    await entry.get();
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.DurationSeconds)).toEqual([
      7200, 3600, 3600,
    ]);
  });

  it('an incomplete STS answer is a ValidationError, not credentials with holes', async () => {
    sts
      .on(AssumeRoleCommand)
      .resolves({ Credentials: { AccessKeyId: 'ASIA1', SecretAccessKey: 's' } as never, $metadata: {} });
    const error = await assumeRoleCredentials({ mode: 'assume-role', roleArn: ROLE_ARN }, context)
      .get()
      .catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
  });

  it.each<[string, Partial<AssumeRoleAccess>, Partial<AssumeRoleAccess>, boolean]>([
    ['same options, tags in another order', { tags: { a: '1', b: '2' } }, { tags: { b: '2', a: '1' } }, true],
    ['another ExternalId', { externalId: 'aa' }, { externalId: 'bb' }, false],
    ['another session name', { sessionName: 'one' }, { sessionName: 'two' }, false],
    ['other session tags', { tags: { team: 'a' } }, { tags: { team: 'b' } }, false],
    ['another source identity', { sourceIdentity: 'alice' }, { sourceIdentity: 'bob' }, false],
    [
      'another STS endpoint',
      { stsClientConfig: { endpoint: 'http://127.0.0.1:1' } },
      { stsClientConfig: { endpoint: 'http://127.0.0.1:2' } },
      false,
    ],
    [
      'another region of STS (same credentials)',
      { stsClientConfig: { region: 'eu-west-1' } },
      { stsClientConfig: { region: 'us-east-1' } },
      true,
    ],
    [
      'other source credentials (the trust policy judges the caller)',
      { sourceCredentials: { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'a' } },
      { sourceCredentials: { accessKeyId: 'AKIABBBBBBBBBBBBBBBB', secretAccessKey: 'b' } },
      false,
    ],
    [
      'other source credentials given through stsClientConfig',
      {
        stsClientConfig: {
          credentials: async () => ({ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'a' }),
        },
      },
      {
        stsClientConfig: {
          credentials: async () => ({ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'a' }),
        },
      },
      false,
    ],
    [
      'the same source credentials object',
      { sourceCredentials: SHARED_SOURCE },
      { sourceCredentials: SHARED_SOURCE },
      true,
    ],
    ['source credentials against the default chain', { sourceCredentials: SHARED_SOURCE }, {}, false],
  ])('cache key: %s', (_name, a, b, same) => {
    const key = (patch: Partial<AssumeRoleAccess>) =>
      assumeRoleKey({ mode: 'assume-role', roleArn: ROLE_ARN, ...patch });
    expect(key(a) === key(b)).toBe(same);
    // The key is logged: it never holds an access key id or a secret.
    expect(key(a)).not.toMatch(/AKIA|secretAccessKey/);
  });
});
