import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatArn, isAgentCoreArn, parseArn } from '../../../src/arn/index.js';
import { InvalidArnError, isInvalidArnError } from '../../../src/errors.js';
import { ENDPOINT_ARN, MEMORY_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';

const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const chars = (set: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...set.split('')), minLength: min, maxLength: max });
const letter = chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 1, 1);
const runtimeId = fc
  .tuple(letter, chars(`${alnum}_`, 0, 99), chars(alnum, 10, 10))
  .map(([a, b, c]) => `${a}${b}-${c}`);
const memoryId = fc
  .tuple(letter, chars(`${alnum}_-`, 0, 99), chars(alnum, 10, 10))
  .map(([a, b, c]) => `${a}${b}-${c}`);
const lowerAlnum = 'abcdefghijklmnopqrstuvwxyz0123456789';
// The model's gatewayId: ([0-9a-z][-]?){1,100}-[0-9a-z]{10}
const gatewayId = fc
  .tuple(
    fc.array(fc.tuple(chars(lowerAlnum, 1, 1), fc.constantFrom('', '-')), { minLength: 1, maxLength: 100 }),
    chars(lowerAlnum, 10, 10),
  )
  .map(([units, suffix]) => `${units.map(([c, d]) => c + d).join('')}-${suffix}`);
const harnessId = fc
  .tuple(letter, chars(`${alnum}_`, 0, 39), chars(alnum, 10, 10))
  .map(([a, b, c]) => `${a}${b}-${c}`);
const endpointName = fc.tuple(letter, chars(`${alnum}_`, 0, 47)).map(([a, b]) => a + b);
const account = chars('0123456789', 12, 12);
const location = fc.oneof(
  fc.record({
    partition: fc.constant('aws' as const),
    region: fc.constantFrom('eu-west-1', 'us-east-1', 'ap-southeast-2'),
  }),
  fc.record({
    partition: fc.constant('aws-cn' as const),
    region: fc.constantFrom('cn-north-1', 'cn-northwest-1'),
  }),
  fc.record({
    partition: fc.constant('aws-us-gov' as const),
    region: fc.constantFrom('us-gov-west-1', 'us-gov-east-1'),
  }),
);
const validArn = fc.oneof(
  fc
    .tuple(location, account, runtimeId)
    .map(([l, a, id]) => `arn:${l.partition}:bedrock-agentcore:${l.region}:${a}:runtime/${id}`),
  fc
    .tuple(location, account, runtimeId, endpointName)
    .map(
      ([l, a, id, e]) =>
        `arn:${l.partition}:bedrock-agentcore:${l.region}:${a}:runtime/${id}/runtime-endpoint/${e}`,
    ),
  fc
    .tuple(location, account, memoryId)
    .map(([l, a, id]) => `arn:${l.partition}:bedrock-agentcore:${l.region}:${a}:memory/${id}`),
  fc
    .tuple(location, account, gatewayId)
    .map(([l, a, id]) => `arn:${l.partition}:bedrock-agentcore:${l.region}:${a}:gateway/${id}`),
  fc
    .tuple(location, account, harnessId, fc.option(endpointName, { nil: undefined }))
    .map(
      ([l, a, id, e]) =>
        `arn:${l.partition}:bedrock-agentcore:${l.region}:${a}:harness/${id}${e === undefined ? '' : `/harness-endpoint/${e}`}`,
    ),
);

describe('parseArn', () => {
  it.each([
    [
      'runtime',
      RUNTIME_ARN,
      { resourceType: 'runtime', runtimeId: 'agent-abcdefghij', accountId: '111111111111' },
    ],
    [
      'runtime endpoint',
      ENDPOINT_ARN,
      { resourceType: 'runtime-endpoint', runtimeId: 'agent-abcdefghij', endpointName: 'DEFAULT' },
    ],
    [
      'memory',
      MEMORY_ARN,
      { resourceType: 'memory', memoryId: 'shared_memory-abcdefghij', region: 'eu-west-1' },
    ],
    [
      'gateway',
      'arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/my-gateway-abcdefghij',
      { resourceType: 'gateway', gatewayId: 'my-gateway-abcdefghij' },
    ],
    [
      'harness',
      'arn:aws:bedrock-agentcore:us-east-1:111111111111:harness/support_harness-abcdefghij',
      {
        resourceType: 'harness',
        harnessId: 'support_harness-abcdefghij',
        resourceId: 'support_harness-abcdefghij',
      },
    ],
    [
      'harness endpoint',
      'arn:aws:bedrock-agentcore:us-east-1:111111111111:harness/support_harness-abcdefghij/harness-endpoint/DEFAULT',
      {
        resourceType: 'harness-endpoint',
        harnessId: 'support_harness-abcdefghij',
        endpointName: 'DEFAULT',
        resourceId: 'support_harness-abcdefghij/harness-endpoint/DEFAULT',
      },
    ],
    [
      'China partition',
      'arn:aws-cn:bedrock-agentcore:cn-north-1:111111111111:runtime/agent-abcdefghij',
      { partition: 'aws-cn', region: 'cn-north-1' },
    ],
    [
      'GovCloud partition',
      'arn:aws-us-gov:bedrock-agentcore:us-gov-west-1:111111111111:memory/m-abcdefghij',
      { partition: 'aws-us-gov', memoryId: 'm-abcdefghij' },
    ],
  ])('parses a %s ARN', (_name, arn, expected) => {
    expect(parseArn(arn)).toMatchObject({ ...expected, arn, service: 'bedrock-agentcore' });
  });

  it('round-trips: formatArn(parseArn(x)) === x for generated valid ARNs', () => {
    fc.assert(
      fc.property(validArn, (arn) => {
        expect(formatArn(parseArn(arn))).toBe(arn);
        expect(isAgentCoreArn(arn)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  const base = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111';
  it.each([
    ['wrong service', 'arn:aws:bedrock:eu-west-1:111111111111:runtime/agent-abcdefghij', 'service'],
    [
      '11-digit account',
      'arn:aws:bedrock-agentcore:eu-west-1:11111111111:runtime/agent-abcdefghij',
      'accountId',
    ],
    [
      '13-digit account',
      'arn:aws:bedrock-agentcore:eu-west-1:1111111111111:runtime/agent-abcdefghij',
      'accountId',
    ],
    ['wildcard runtime id', `${base}:runtime/*`, 'resource'],
    ['wildcard account', 'arn:aws:bedrock-agentcore:eu-west-1:*:runtime/agent-abcdefghij', 'accountId'],
    ['wildcard region', 'arn:aws:bedrock-agentcore:*:111111111111:runtime/agent-abcdefghij', 'region'],
    ['question-mark wildcard', `${base}:memory/shared_memory-abcdefghi?`, 'resource'],
    ['empty runtime id', `${base}:runtime/`, 'runtimeId'],
    ['empty memory id', `${base}:memory/`, 'memoryId'],
    ['runtime id without 10-character suffix', `${base}:runtime/agent-abc`, 'runtimeId'],
    [
      'bad endpoint name (starts with digit)',
      `${base}:runtime/agent-abcdefghij/runtime-endpoint/1PROD`,
      'endpointName',
    ],
    [
      'bad endpoint name (dash)',
      `${base}:runtime/agent-abcdefghij/runtime-endpoint/my-endpoint`,
      'endpointName',
    ],
    ['empty endpoint name', `${base}:runtime/agent-abcdefghij/runtime-endpoint/`, 'endpointName'],
    [
      'endpoint name over 48 characters',
      `${base}:runtime/agent-abcdefghij/runtime-endpoint/E${'x'.repeat(48)}`,
      'endpointName',
    ],
    [
      'unknown partition',
      'arn:aws-iso:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
      'partition',
    ],
    [
      'region of another partition',
      'arn:aws:bedrock-agentcore:cn-north-1:111111111111:runtime/agent-abcdefghij',
      'region',
    ],
    ['empty region', 'arn:aws:bedrock-agentcore::111111111111:runtime/agent-abcdefghij', 'region'],
    ['unknown resource type', `${base}:agent/agent-abcdefghij`, 'resourceType'],
    ['harness id with a dash before its suffix', `${base}:harness/my-harness-abcdefghij`, 'harnessId'],
    ['runtime-endpoint under a harness', `${base}:harness/h-abcdefghij/runtime-endpoint/DEFAULT`, 'resource'],
    [
      'harness-endpoint under a runtime',
      `${base}:runtime/agent-abcdefghij/harness-endpoint/DEFAULT`,
      'resource',
    ],
    [
      'bad harness endpoint name',
      `${base}:harness/h-abcdefghij/harness-endpoint/my-endpoint`,
      'endpointName',
    ],
    ['upper-case gateway id', `${base}:gateway/My-Gateway-abcdefghij`, 'gatewayId'],
    ['gateway id with an underscore', `${base}:gateway/my_gateway-abcdefghij`, 'gatewayId'],
    ['extra path segment', `${base}:runtime/agent-abcdefghij/versions/1`, 'resource'],
    ['not an ARN', 'agent-abcdefghij', 'arn'],
    [
      'missing arn prefix',
      'arx:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
      'arn',
    ],
    ['empty string', '', 'arn'],
  ])('rejects %s naming the bad part', (_name, arn, part) => {
    let caught: unknown;
    try {
      parseArn(arn);
    } catch (error) {
      caught = error;
    }
    expect(isInvalidArnError(caught)).toBe(true);
    expect(caught).toBeInstanceOf(InvalidArnError);
    expect((caught as InvalidArnError).part).toBe(part);
    expect((caught as InvalidArnError).message).toContain(part);
    expect(isAgentCoreArn(arn)).toBe(false);
  });

  it('rejects a non-string without crashing', () => {
    expect(() => parseArn(42 as unknown as string)).toThrow(InvalidArnError);
  });

  it('filters by resource type in isAgentCoreArn', () => {
    expect(isAgentCoreArn(MEMORY_ARN, 'memory')).toBe(true);
    expect(isAgentCoreArn(MEMORY_ARN, 'runtime')).toBe(false);
    expect(isAgentCoreArn(undefined)).toBe(false);
  });

  // Hostile inputs: each must be rejected quickly. Budgets are generous (the suite asserts no
  // catastrophic backtracking, which would take seconds or minutes, not a tight speed figure).
  it.each([
    ['100,000 colons', ':'.repeat(100_000)],
    ['100,000-character runtime id', `${base}:runtime/${'a'.repeat(100_000)}`],
    ['almost-valid id repeated', `${base}:runtime/${'a_'.repeat(50_000)}`],
    ['100,000 slashes', `${base}:runtime/${'/'.repeat(100_000)}`],
    ['dashes in a gateway id', `${base}:gateway/${'a-'.repeat(120)}`],
    ['harness endpoint slashes', `${base}:harness/h-abcdefghij${'/harness-endpoint'.repeat(50)}`],
    [
      'long region',
      `arn:aws:bedrock-agentcore:${'eu-'.repeat(33_000)}1:111111111111:runtime/agent-abcdefghij`,
    ],
  ])('returns within 50 ms on hostile input: %s', (_name, input) => {
    const start = performance.now();
    expect(() => parseArn(input)).toThrow(InvalidArnError);
    expect(performance.now() - start).toBeLessThan(50);
  });

  it('keeps hostile values short in the error', () => {
    try {
      parseArn(`${base}:runtime/${'a'.repeat(900)}`);
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(400);
      expect((error as InvalidArnError).value.length).toBeLessThanOrEqual(201);
    }
  });
});
