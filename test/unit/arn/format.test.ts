import { describe, expect, it } from 'vitest';
import {
  endpointArn,
  gatewayArn,
  harnessArn,
  harnessArnOf,
  harnessEndpointArn,
  memoryArn,
  runtimeArn,
  runtimeArnOf,
} from '../../../src/arn/index.js';
import { type InvalidArnError, isInvalidArnError } from '../../../src/errors.js';
import {
  ACCOUNT_A,
  ENDPOINT_ARN,
  GATEWAY_ARN,
  GATEWAY_ID,
  HARNESS_ARN,
  HARNESS_ENDPOINT_ARN,
  HARNESS_ID,
  MEMORY_ARN,
  MEMORY_ID,
  REGION,
  RUNTIME_ARN,
  RUNTIME_ID,
} from '../../fixtures/arns.js';

function thrown(fn: () => unknown): InvalidArnError {
  try {
    fn();
  } catch (error) {
    if (isInvalidArnError(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidArnError');
}

describe('runtimeArn / endpointArn / runtimeArnOf', () => {
  it('builds the seed runtime ARN from its parts', () => {
    expect(runtimeArn({ region: REGION, accountId: ACCOUNT_A, runtimeId: RUNTIME_ID })).toBe(RUNTIME_ARN);
  });

  it('picks the partition from the region', () => {
    expect(runtimeArn({ region: 'cn-north-1', accountId: ACCOUNT_A, runtimeId: RUNTIME_ID })).toMatch(
      /^arn:aws-cn:/,
    );
    expect(runtimeArn({ region: 'us-gov-west-1', accountId: ACCOUNT_A, runtimeId: RUNTIME_ID })).toMatch(
      /^arn:aws-us-gov:/,
    );
  });

  it('defaults the endpoint qualifier to DEFAULT', () => {
    expect(endpointArn(RUNTIME_ARN)).toBe(ENDPOINT_ARN);
    expect(endpointArn(RUNTIME_ARN, 'PROD')).toBe(`${RUNTIME_ARN}/runtime-endpoint/PROD`);
  });

  it.each([
    ['an endpoint ARN as the runtime', () => endpointArn(ENDPOINT_ARN), 'resourceType'],
    ['a memory ARN as the runtime', () => endpointArn(MEMORY_ARN), 'resourceType'],
    ['an invalid qualifier', () => endpointArn(RUNTIME_ARN, 'not-valid'), 'endpointName'],
    ['a wildcard qualifier', () => endpointArn(RUNTIME_ARN, '*'), 'resource'],
    [
      'a 13-digit account',
      () => runtimeArn({ region: REGION, accountId: '1111111111111', runtimeId: RUNTIME_ID }),
      'accountId',
    ],
    [
      'a bad runtime id',
      () => runtimeArn({ region: REGION, accountId: ACCOUNT_A, runtimeId: 'agent' }),
      'runtimeId',
    ],
  ])('refuses %s', (_name, fn, part) => {
    expect(thrown(fn).part).toBe(part);
  });

  it('finds the runtime of an endpoint ARN', () => {
    expect(runtimeArnOf(ENDPOINT_ARN)).toBe(RUNTIME_ARN);
    expect(runtimeArnOf(RUNTIME_ARN)).toBe(RUNTIME_ARN);
    expect(thrown(() => runtimeArnOf(MEMORY_ARN)).part).toBe('resourceType');
  });
});

describe('gatewayArn / harnessArn / harnessEndpointArn / harnessArnOf', () => {
  it('builds gateway and harness ARNs from their parts', () => {
    expect(gatewayArn({ region: REGION, accountId: ACCOUNT_A, gatewayId: GATEWAY_ID })).toBe(GATEWAY_ARN);
    expect(harnessArn({ region: REGION, accountId: ACCOUNT_A, harnessId: HARNESS_ID })).toBe(HARNESS_ARN);
    expect(harnessArn({ region: 'cn-north-1', accountId: ACCOUNT_A, harnessId: HARNESS_ID })).toMatch(
      /^arn:aws-cn:/,
    );
  });

  it('defaults the harness endpoint qualifier to DEFAULT, as InvokeHarness does', () => {
    expect(harnessEndpointArn(HARNESS_ARN)).toBe(HARNESS_ENDPOINT_ARN);
    expect(harnessEndpointArn(HARNESS_ARN, 'prod')).toBe(`${HARNESS_ARN}/harness-endpoint/prod`);
  });

  it('finds the harness of a harness endpoint ARN', () => {
    expect(harnessArnOf(HARNESS_ENDPOINT_ARN)).toBe(HARNESS_ARN);
    expect(harnessArnOf(HARNESS_ARN)).toBe(HARNESS_ARN);
    expect(thrown(() => harnessArnOf(RUNTIME_ARN)).part).toBe('resourceType');
  });

  it.each([
    ['a runtime ARN as the harness', () => harnessEndpointArn(RUNTIME_ARN), 'resourceType'],
    ['a harness endpoint ARN as the harness', () => harnessEndpointArn(HARNESS_ENDPOINT_ARN), 'resourceType'],
    ['an invalid qualifier', () => harnessEndpointArn(HARNESS_ARN, 'not-valid'), 'endpointName'],
    ['a qualifier that is not a string', () => harnessEndpointArn(HARNESS_ARN, 7 as never), 'endpointName'],
    [
      'an upper-case gateway id (the model allows lower case only)',
      () => gatewayArn({ region: REGION, accountId: ACCOUNT_A, gatewayId: 'Tools-abcdefghij' }),
      'gatewayId',
    ],
    [
      'a harness id longer than 40 characters before its suffix',
      () => harnessArn({ region: REGION, accountId: ACCOUNT_A, harnessId: `h${'x'.repeat(40)}-abcdefghij` }),
      'harnessId',
    ],
    [
      'a missing harness id',
      () => harnessArn({ region: REGION, accountId: ACCOUNT_A } as never),
      'harnessId',
    ],
  ])('refuses %s', (_name, fn, part) => {
    expect(thrown(fn).part).toBe(part);
  });
});

describe('memoryArn', () => {
  it('turns a bare id plus the owner account and region into the full ARN', () => {
    expect(memoryArn('my_memory-abcdefghij', { region: REGION, accountId: ACCOUNT_A })).toBe(
      `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT_A}:memory/my_memory-abcdefghij`,
    );
  });

  it('passes a full ARN through validated', () => {
    expect(memoryArn(MEMORY_ARN)).toBe(MEMORY_ARN);
    expect(memoryArn(MEMORY_ARN, { accountId: ACCOUNT_A, region: REGION })).toBe(MEMORY_ARN);
  });

  it.each([
    ['a bare id without an account', () => memoryArn(MEMORY_ID), 'accountId', 'memory-id-not-arn'],
    [
      'a bare id without a region',
      () => memoryArn(MEMORY_ID, { accountId: ACCOUNT_A }),
      'region',
      'memory-id-not-arn',
    ],
    [
      'an ARN whose account differs from the one given',
      () => memoryArn(MEMORY_ARN, { accountId: '222222222222' }),
      'accountId',
      undefined,
    ],
    [
      'an ARN whose region differs from the one given',
      () => memoryArn(MEMORY_ARN, { region: 'us-east-1' }),
      'region',
      undefined,
    ],
    ['a runtime ARN', () => memoryArn(RUNTIME_ARN), 'resourceType', undefined],
    ['an empty id', () => memoryArn(''), 'memoryId', undefined],
    [
      'a malformed bare id',
      () => memoryArn('no suffix', { region: REGION, accountId: ACCOUNT_A }),
      'memoryId',
      undefined,
    ],
    [
      'a bad owner account',
      () => memoryArn(MEMORY_ID, { region: REGION, accountId: '123' }),
      'accountId',
      undefined,
    ],
    [
      'a bad owner region',
      () => memoryArn(MEMORY_ID, { region: 'Europe', accountId: ACCOUNT_A }),
      'region',
      undefined,
    ],
  ])('refuses %s', (_name, fn, part, findingCode) => {
    const error = thrown(fn);
    expect(error.part).toBe(part);
    expect(error.findingCode).toBe(findingCode);
  });

  it('explains the cross-account trap in the bare-id error', () => {
    expect(thrown(() => memoryArn(MEMORY_ID)).message).toMatch(/caller's own account/);
  });
});
