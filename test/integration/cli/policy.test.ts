import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { buildCli, run } from './binary.js';

const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const ENDPOINT = `${RUNTIME}/runtime-endpoint/DEFAULT`;
const MEMORY = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
const ADMIN = 'arn:aws:iam::111111111111:role/admin';
const GATEWAY = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij';
const HARNESS = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/support_harness-abcdefghij';

let bin: string;
let cleanup: () => void;
let emulator: LocalAgentCore;
let adminEnv: Record<string, string>;

beforeAll(async () => {
  ({ bin, cleanup } = await buildCli());
  emulator = await startLocalAgentCore();
  const credentials = emulator.credentialsFor(ADMIN);
  adminEnv = {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: credentials.sessionToken }),
  };
}, 60_000);

afterAll(async () => {
  await emulator.stop();
  cleanup();
});

function expectNoSecret(text: string): void {
  for (const [name, value] of Object.entries(adminEnv)) {
    if (name !== 'AWS_ACCESS_KEY_ID') expect(text).not.toContain(value);
  }
}

describe('agentcore-xacct policy', () => {
  test('runtime prints the runtime and endpoint policies as JSON', async () => {
    const result = await run(bin, ['policy', 'runtime', '--runtime-arn', RUNTIME, '--principal', CALLER]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const policies = JSON.parse(result.stdout) as { resourceArn: string; policy: { Statement: unknown[] } }[];
    expect(policies.map((p) => p.resourceArn)).toEqual([RUNTIME, ENDPOINT]);
    expect(JSON.stringify(policies[1]?.policy)).toContain(`"Resource":"${ENDPOINT}"`);
  });

  test('runtime --format cli prints one put-resource-policy command per resource', async () => {
    const result = await run(bin, [
      'policy',
      'runtime',
      '--runtime-arn',
      RUNTIME,
      '--principal',
      CALLER,
      '--format',
      'cli',
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^aws bedrock-agentcore-control put-resource-policy --region eu-west-1 --resource-arn /,
    );
    expect(lines[1]).toContain(`--resource-arn '${ENDPOINT}'`);
  });

  test('gateway and harness print their policies; the harness one per endpoint, with both actions', async () => {
    const gateway = await run(bin, ['policy', 'gateway', '--gateway-arn', GATEWAY, '--principal', CALLER]);
    expect(gateway.code).toBe(0);
    const [policy] = JSON.parse(gateway.stdout) as { resourceArn: string; policy: unknown }[];
    expect(policy?.resourceArn).toBe(GATEWAY);
    expect(JSON.stringify(policy?.policy)).toContain('"Action":"bedrock-agentcore:InvokeGateway"');

    const harness = await run(bin, [
      'policy',
      'harness',
      '--harness-arn',
      HARNESS,
      '--principal',
      CALLER,
      '--qualifier',
      'DEFAULT',
      'prod',
      '--output',
      'text',
    ]);
    expect(harness.code).toBe(0);
    const lines = harness.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(`--resource-arn '${HARNESS}/harness-endpoint/prod'`);
    expect(lines[2]).toContain('["bedrock-agentcore:InvokeHarness","bedrock-agentcore:InvokeAgentRuntime"]');
  });

  test('runtime and caller take the action preset; --preset with --action is a usage error', async () => {
    const grant = ['policy', 'runtime', '--runtime-arn', RUNTIME, '--principal', CALLER];
    const runtime = await run(bin, [...grant, '--preset', 'all']);
    expect(runtime.code).toBe(0);
    expect(runtime.stdout).toContain('bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStream');
    expect(runtime.stdout).toContain('bedrock-agentcore:StopRuntimeSession');
    const caller = await run(bin, [
      'policy',
      'caller',
      '--runtime-arn',
      RUNTIME,
      '--preset',
      'invoke+commands',
      '--gateway-arn',
      GATEWAY,
      '--harness-arn',
      HARNESS,
    ]);
    expect(caller.code).toBe(0);
    const document = JSON.parse(caller.stdout) as { Statement: { Sid: string; Action: unknown }[] };
    expect(document.Statement.map((s) => s.Sid)).toEqual([
      'InvokeCrossAccountRuntime',
      'InvokeCrossAccountHarness',
      'InvokeCrossAccountGateway',
    ]);
    expect(document.Statement[0]?.Action).toContain('bedrock-agentcore:InvokeAgentRuntimeCommandShell');
    const both = await run(bin, [...grant, '--preset', 'all', '--action', 'InvokeAgentRuntime']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--preset');
    const unknown = await run(bin, [...grant, '--preset', 'shell']);
    expect(unknown.code).toBe(2);
  });

  test('--apply puts the gateway and harness policies on the emulator', async () => {
    const apply = (kind: string, arn: string) =>
      run(
        bin,
        [
          'policy',
          kind,
          `--${kind}-arn`,
          arn,
          '--principal',
          CALLER,
          '--apply',
          '--endpoint-url',
          emulator.endpoint,
        ],
        adminEnv,
      );
    const gateway = await apply('gateway', GATEWAY);
    expect(gateway.stderr).toBe('');
    expect(gateway.stdout).toContain(`put ${GATEWAY}`);
    const harness = await apply('harness', HARNESS);
    expect(harness.code).toBe(0);
    expect(harness.stdout).toContain(`put ${HARNESS}/harness-endpoint/DEFAULT`);
    expectNoSecret(gateway.stdout + harness.stdout + harness.stderr);
  });

  test('memory prints the memory policy naming its reader', async () => {
    const result = await run(bin, ['policy', 'memory', '--memory-arn', MEMORY, '--reader', CALLER]);
    expect(result.code).toBe(0);
    const [policy] = JSON.parse(result.stdout) as { resourceArn: string; policy: unknown }[];
    expect(policy?.resourceArn).toBe(MEMORY);
    expect(JSON.stringify(policy?.policy)).toContain('bedrock-agentcore:RetrieveMemoryRecords');
  });

  test('caller and trust print IAM documents, and aws iam commands with --format cli', async () => {
    const caller = await run(bin, ['policy', 'caller', '--runtime-arn', RUNTIME, '--memory-arn', MEMORY]);
    expect(caller.code).toBe(0);
    expect(caller.stdout).toContain(ENDPOINT);
    expect(caller.stdout).toContain('bedrock-agentcore:RetrieveMemoryRecords');
    const trust = await run(bin, [
      'policy',
      'trust',
      '--trusted-principal',
      CALLER,
      '--external-id',
      'ext-1234',
      '--role-name',
      'CrossAccountAgentInvoker',
      '--format',
      'cli',
    ]);
    expect(trust.code).toBe(0);
    expect(trust.stdout).toMatch(
      /^aws iam update-assume-role-policy --role-name 'CrossAccountAgentInvoker' --policy-document '.*"sts:ExternalId":"ext-1234"/,
    );
  });

  test('delivery prints the execution role, destination policies and CreateMemory input', async () => {
    const base = [
      'policy',
      'delivery',
      '--region',
      'eu-west-1',
      '--account-id',
      '111111111111',
      '--execution-role-name',
      'MemoryDeliveryRole',
      '--s3-bucket',
      'memory-payloads-222222222222',
      '--sns-topic-arn',
      'arn:aws:sns:eu-west-1:222222222222:memory-jobs',
    ];
    const json = await run(bin, base);
    expect(json.code).toBe(0);
    const setup = JSON.parse(json.stdout) as {
      executionRoleArn: string;
      destinationPolicies: { s3?: unknown; sns?: unknown };
      createMemoryInput: { memoryExecutionRoleArn: string };
    };
    expect(setup.executionRoleArn).toBe('arn:aws:iam::111111111111:role/MemoryDeliveryRole');
    expect(setup.createMemoryInput.memoryExecutionRoleArn).toBe(setup.executionRoleArn);
    expect(setup.destinationPolicies.s3).toBeDefined();
    expect(setup.destinationPolicies.sns).toBeDefined();
    const cli = await run(bin, [...base, '--format', 'cli']);
    expect(cli.code).toBe(0);
    const commands = cli.stdout
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .map((l) => l.split(' --')[0]);
    expect(commands).toEqual([
      'aws iam create-role',
      'aws iam put-role-policy',
      'aws s3api put-bucket-policy',
      'aws sns set-topic-attributes',
      'aws bedrock-agentcore-control create-memory',
    ]);
  });

  test('--apply puts the runtime policies on the emulator, then finds them unchanged', async () => {
    const args = [
      'policy',
      'runtime',
      '--runtime-arn',
      RUNTIME,
      '--principal',
      CALLER,
      '--apply',
      '--endpoint-url',
      emulator.endpoint,
    ];
    const first = await run(bin, args, adminEnv);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`put ${RUNTIME}`);
    expect(first.stdout).toContain(`put ${ENDPOINT}`);
    const second = await run(bin, args, adminEnv);
    expect(second.stdout).toContain(`unchanged ${ENDPOINT}`);
    expectNoSecret(first.stdout + first.stderr + second.stdout + second.stderr);
  });

  test('--apply with unknown credentials fails with exit 1 and prints no secret, even with --debug', async () => {
    const env = { ...adminEnv, AWS_SECRET_ACCESS_KEY: 'KnownSecretValueThatMustNeverBePrinted0001' };
    const result = await run(
      bin,
      [
        'policy',
        'memory',
        '--memory-arn',
        MEMORY,
        '--writer',
        CALLER,
        '--apply',
        '--endpoint-url',
        emulator.endpoint,
        '--debug',
      ],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain('KnownSecretValueThatMustNeverBePrinted0001');
    expect(result.stdout).toMatch(/^failed /m);
  });

  test.each([
    [
      'a malformed ARN',
      ['policy', 'runtime', '--runtime-arn', 'bad', '--principal', CALLER],
      /--runtime-arn: /,
    ],
    ['a missing required option', ['policy', 'runtime', '--principal', CALLER], /--runtime-arn/],
    ['--apply on an IAM policy', ['policy', 'trust', '--trusted-principal', CALLER, '--apply'], /IAM/],
    [
      '--apply on delivery',
      [
        'policy',
        'delivery',
        '--region',
        'eu-west-1',
        '--account-id',
        '111111111111',
        '--execution-role-name',
        'R',
        '--apply',
      ],
      /--apply is not available for delivery/,
    ],
    [
      'an unknown format',
      ['policy', 'caller', '--runtime-arn', RUNTIME, '--format', 'yaml'],
      /--format takes one of json, text\./,
    ],
  ])('%s: exit 2 with one line', async (_name, args, message) => {
    const result = await run(bin, args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  test.each(['runtime', 'memory', 'caller', 'trust', 'delivery'])(
    'policy %s --help shows an example',
    async (sub) => {
      const result = await run(bin, ['policy', sub, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`$ npx agentcore-xacct policy ${sub}`);
    },
  );
});
