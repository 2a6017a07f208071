/**
 * Gateways and harnesses in the emulator's world: the `gateways` and `harnesses` options, their
 * resource policies through the plain BedrockAgentCoreControlClient, and `gatewayUrl`.
 */
import {
  type BedrockAgentCoreControlClient,
  DeleteResourcePolicyCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isValidationError } from '../../../src/errors.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import {
  ACCOUNT_A,
  CALLER_ROLE_ARN,
  GATEWAY_ARN,
  HARNESS_ARN,
  HARNESS_ENDPOINT_ARN,
} from '../../fixtures/arns.js';
import { control, failure, seedPolicyFor } from './helpers.js';

let emulator: LocalAgentCore;
let admin: BedrockAgentCoreControlClient;
beforeEach(async () => {
  emulator = await startLocalAgentCore();
  admin = control(emulator);
});
afterEach(async () => {
  admin.destroy();
  await emulator.stop();
});

const put = (resourceArn: string, policy: unknown) =>
  admin.send(new PutResourcePolicyCommand({ resourceArn, policy: JSON.stringify(policy) }));

describe('the seed world hosts a gateway and a harness', () => {
  it.each([
    ['gateway', GATEWAY_ARN],
    ['harness', HARNESS_ARN],
    ['harness endpoint', HARNESS_ENDPOINT_ARN],
  ])('puts (201), gets and deletes (204) the resource policy of the %s', async (_name, arn) => {
    const document = seedPolicyFor(arn);
    expect((await put(arn, document)).$metadata.httpStatusCode).toBe(201);
    const got = await admin.send(new GetResourcePolicyCommand({ resourceArn: arn }));
    expect(JSON.parse(got.policy ?? '')).toEqual(document);
    const deleted = await admin.send(new DeleteResourcePolicyCommand({ resourceArn: arn }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await failure(admin.send(new GetResourcePolicyCommand({ resourceArn: arn })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('refuses a harness policy whose Resource names the endpoint, as for runtimes', async () => {
    const refused = await failure(put(HARNESS_ARN, seedPolicyFor(HARNESS_ENDPOINT_ARN)));
    expect(refused).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(refused.message).toContain(`attached to: ${HARNESS_ARN}`);
  });

  it('404s an endpoint the harness does not have, and a gateway it does not host', async () => {
    const prod = `${HARNESS_ARN}/harness-endpoint/prod`;
    expect(await failure(put(prod, seedPolicyFor(prod)))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    const other = GATEWAY_ARN.replace('tools-gateway', 'other-gateway');
    expect(await failure(put(other, seedPolicyFor(other)))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('denies a caller of another account on the gateway, naming it', async () => {
    const outsider = control(emulator, CALLER_ROLE_ARN);
    const denied = await failure(outsider.send(new GetResourcePolicyCommand({ resourceArn: GATEWAY_ARN })));
    outsider.destroy();
    expect(denied.message).toBe(
      `User: ${CALLER_ROLE_ARN} is not authorized to perform: bedrock-agentcore:GetResourcePolicy on resource: ${GATEWAY_ARN} because no resource-based policy allows the bedrock-agentcore:GetResourcePolicy action`,
    );
  });

  it('gives the URL of a hosted gateway on the emulator, and refuses any other ARN', () => {
    expect(emulator.gatewayUrl(GATEWAY_ARN)).toBe(
      `${emulator.endpoint}/gateways/tools-gateway-abcdefghij/mcp`,
    );
    for (const arn of [HARNESS_ARN, GATEWAY_ARN.replace('tools-gateway', 'other-gateway'), 42]) {
      expect(() => emulator.gatewayUrl(arn as string)).toThrow(
        expect.objectContaining({ code: 'invalid-input', field: 'gatewayArn' }),
      );
    }
  });
});

describe('the statement cap', () => {
  const many = (arn: string, n: number) => ({
    Version: '2012-10-17',
    Statement: Array.from({ length: n }, (_, i) => ({
      Effect: 'Allow',
      Principal: { AWS: String(100000000000 + i) },
      Action: 'bedrock-agentcore:InvokeGateway',
      Resource: arn,
    })),
  });

  it('takes 100 statements and refuses 101 with a ValidationException, as AgentCore does', async () => {
    expect(JSON.stringify(many(GATEWAY_ARN, 101)).length).toBeLessThan(20_480);
    expect((await put(GATEWAY_ARN, many(GATEWAY_ARN, 100))).$metadata.httpStatusCode).toBe(201);
    const refused = await failure(put(GATEWAY_ARN, many(GATEWAY_ARN, 101)));
    expect(refused).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(refused.message).toContain('101 statements');
    // The policy put before is still attached.
    const kept = await admin.send(new GetResourcePolicyCommand({ resourceArn: GATEWAY_ARN }));
    expect(JSON.parse(kept.policy ?? '').Statement).toHaveLength(100);
  });
});

describe('the gateways and harnesses options', () => {
  it('replace the seed ones, with endpoints, regions and initial policies', async () => {
    const harness = `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT_A}:harness/h_two-abcdefghij`;
    const started = await startLocalAgentCore({
      gateways: [{ gatewayId: 'mcp-abcdefghij', accountId: ACCOUNT_A }],
      harnesses: [
        { harnessId: 'h_two-abcdefghij', accountId: ACCOUNT_A, region: 'us-east-1', endpoints: ['prod'] },
      ],
      resourcePolicies: {
        [`${harness}/harness-endpoint/prod`]: seedPolicyFor(`${harness}/harness-endpoint/prod`),
      },
    });
    try {
      expect(() => started.gatewayUrl(GATEWAY_ARN)).toThrow(/hosts no gateway/);
      expect(started.gatewayUrl(GATEWAY_ARN.replace('tools-gateway-abcdefghij', 'mcp-abcdefghij'))).toMatch(
        /\/gateways\/mcp-abcdefghij\/mcp$/,
      );
    } finally {
      await started.stop();
    }
  });

  it.each([
    [
      'a gateway id in upper case',
      { gateways: [{ gatewayId: 'Tools-abcdefghij', accountId: ACCOUNT_A }] },
      'gateways[]',
    ],
    [
      'the same gateway id twice',
      {
        gateways: [
          { gatewayId: 'tools-abcdefghij', accountId: ACCOUNT_A },
          { gatewayId: 'tools-abcdefghij', accountId: '333333333333' },
        ],
      },
      'gateways[].gatewayId',
    ],
    [
      'a harness id with a dash',
      { harnesses: [{ harnessId: 'my-harness-abcdefghij', accountId: ACCOUNT_A }] },
      'harnesses[]',
    ],
    [
      'a harness endpoint name with a dash',
      { harnesses: [{ harnessId: 'h-abcdefghij', accountId: ACCOUNT_A, endpoints: ['my-prod'] }] },
      'harnesses[].endpoints',
    ],
    ['a gateway that is not an object', { gateways: ['tools-abcdefghij'] }, 'gateways[0]'],
    [
      'a policy for a harness endpoint not declared',
      {
        resourcePolicies: {
          [`${HARNESS_ARN}/harness-endpoint/prod`]: seedPolicyFor(`${HARNESS_ARN}/harness-endpoint/prod`),
        },
      },
      'resourcePolicies',
    ],
  ])('refuse %s with a ValidationError naming the option', async (_name, options, field) => {
    const error = await startLocalAgentCore(options as never).then(
      async (started) => {
        await started.stop();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(isValidationError(error)).toBe(true);
    expect(error).toMatchObject({ field });
  });
});
