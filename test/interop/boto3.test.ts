/**
 * Interop: the emulator driven by clients this project did not write, in their own processes:
 * boto3/botocore and the AWS CLI from Debian's packages (`.ci/run` installs them), with botocore's
 * own AgentCore service models (`test/fixtures/botocore`, given through AWS_DATA_PATH because
 * Debian's botocore predates AgentCore). Invoke (JSON and SSE), the 15 memory calls, the
 * resource-policy calls, STS AssumeRole with PolicyArns, and requests tampered with after signing.
 *
 * Without python3 and boto3 the test skips with a message, unless AGENTCORE_XACCT_REQUIRE_INTEROP=1
 * (set by `.ci/run`): then it fails.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/policy/types.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../src/testing/index.js';
import {
  ACCOUNT_A,
  ADMIN_B_ROLE_ARN,
  ADMIN_ROLE_ARN,
  CALLER_ROLE_ARN,
  ENDPOINT_ARN,
  MEMORY_ARN,
  RUNTIME_ARN,
} from '../fixtures/arns.js';

const run = promisify(execFile);
const REQUIRED = process.env.AGENTCORE_XACCT_REQUIRE_INTEROP === '1';
const SCRIPT = fileURLToPath(new URL('./boto3_client.py', import.meta.url));
const MODELS = fileURLToPath(new URL('../fixtures/botocore', import.meta.url));
/** Debian's interpreter and CLI first (what `.ci/run` installs), else whatever is on PATH. */
const PYTHON =
  process.env.AGENTCORE_XACCT_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const AWS_CLI = process.env.AGENTCORE_XACCT_AWS_CLI ?? (existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws');

const INVOKER_ROLE = `arn:aws:iam::${ACCOUNT_A}:role/CrossAccountAgentInvoker`;
const INVOKE_ONLY = `arn:aws:iam::${ACCOUNT_A}:policy/invoke-only`;
const UNKNOWN_POLICY = `arn:aws:iam::${ACCOUNT_A}:policy/does-not-exist`;
const SSE_RUNTIME = RUNTIME_ARN.replace('agent-abcdefghij', 'agent_sse_py-abcdefghij');

function probe(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 });
  return result.status === 0 ? `${result.stdout}${result.stderr}`.trim() : undefined;
}

const boto3 = probe(PYTHON, ['-c', 'import boto3, botocore; print(boto3.__version__, botocore.__version__)']);
const awsCli = probe(AWS_CLI, ['--version']);
const missing = [
  ...(boto3 === undefined ? [`${PYTHON} with boto3 (apt-get install -y python3-boto3)`] : []),
  ...(awsCli === undefined ? [`the AWS CLI at ${AWS_CLI} (apt-get install -y awscli)`] : []),
];
if (missing.length > 0 && !REQUIRED) {
  console.warn(
    `Interop test skipped: ${missing.join(' and ')} not found. Set AGENTCORE_XACCT_REQUIRE_INTEROP=1 to make this a failure.`,
  );
}

const allow = (action: string | string[], resource: string | string[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
});

/** A minimal environment: no user config, profile or instance metadata can leak in. */
function isolatedEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: '/nonexistent',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_DATA_PATH: MODELS,
    AWS_PAGER: '',
    ...extra,
  };
}

describe.skipIf(missing.length > 0 && !REQUIRED)(
  'interop with boto3 and the AWS CLI (Debian packages)',
  () => {
    let emulator: LocalAgentCore;
    type Outcome =
      | { ok: true; value: Record<string, unknown> }
      | { ok: false; code: string; message: string; status?: number };
    let results: Record<string, Outcome> = {};

    beforeAll(async () => {
      if (missing.length > 0) return;
      emulator = await startLocalAgentCore({
        memory: { createEventRate: false },
        managedPolicies: {
          [INVOKE_ONLY]: allow('bedrock-agentcore:InvokeAgentRuntime', [
            RUNTIME_ARN,
            `${RUNTIME_ARN}/runtime-endpoint/*`,
          ]),
        },
      });
      emulator.setIdentityPolicy(CALLER_ROLE_ARN, [
        allow(['bedrock-agentcore:InvokeAgentRuntime'], [RUNTIME_ARN, `${RUNTIME_ARN}/runtime-endpoint/*`]),
        allow('bedrock-agentcore:*', MEMORY_ARN),
        allow('sts:AssumeRole', INVOKER_ROLE),
      ]);
      emulator.setIdentityPolicy(INVOKER_ROLE, allow('bedrock-agentcore:*', '*'));
      emulator.setTrustPolicy(INVOKER_ROLE, {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: CALLER_ROLE_ARN }, Action: 'sts:AssumeRole' }],
      });
      const config = {
        endpoint: emulator.endpoint,
        region: emulator.region,
        arns: {
          runtime: RUNTIME_ARN,
          endpoint: ENDPOINT_ARN,
          sseRuntime: SSE_RUNTIME,
          memory: MEMORY_ARN,
          caller: CALLER_ROLE_ARN,
          invokerRole: INVOKER_ROLE,
          invokeOnlyPolicy: INVOKE_ONLY,
          unknownPolicy: UNKNOWN_POLICY,
        },
        keys: {
          admin: emulator.credentialsFor(ADMIN_ROLE_ARN),
          caller: emulator.credentialsFor(CALLER_ROLE_ARN),
        },
      };
      const { stdout } = await run(PYTHON, [SCRIPT], {
        env: isolatedEnv({ INTEROP_CONFIG: JSON.stringify(config) }),
        timeout: 60_000,
      });
      results = JSON.parse(stdout) as Record<string, Outcome>;
    }, 90_000);

    afterAll(async () => {
      await emulator?.stop();
    });

    function value(name: string): Record<string, unknown> {
      const outcome = results[name];
      if (outcome === undefined) throw new Error(`scenario ${name} did not run`);
      if (!outcome.ok) throw new Error(`scenario ${name} failed: ${outcome.code}: ${outcome.message}`);
      return outcome.value;
    }

    it('finds python3 with boto3 and the AWS CLI', () => {
      expect(missing, `missing: ${missing.join(', ')}`).toEqual([]);
      expect(value('versions')).toHaveProperty('botocore');
    });

    it('accepts a WebSocket upgrade signed as the AgentCore Python SDK signs it (presigned and in headers)', () => {
      expect(value('websocket_presigned')).toEqual({ status: 101, errorType: null });
      expect(value('websocket_headers')).toEqual({ status: 101, errorType: null });
      // A query parameter changed after signing: the signature no longer matches.
      expect(value('websocket_presigned_tampered')).toEqual({
        status: 403,
        errorType: 'InvalidSignatureException',
      });
    });

    it('invokes a JSON agent', () => {
      expect(value('invoke_json')).toEqual({
        status: 200,
        contentType: 'application/json',
        sessionId: `interop-session-${'0'.repeat(24)}`,
        body: { echo: { prompt: 'hello from boto3' }, sessionId: `interop-session-${'0'.repeat(24)}` },
      });
    });

    it('streams an SSE agent', () => {
      expect(value('invoke_sse')).toEqual({
        contentType: 'text/event-stream',
        events: [{ text: 'one' }, { text: 'two' }, { text: 'three' }],
      });
    });

    it('puts, gets and deletes resource policies; the caller in Account B invokes, then is denied', () => {
      const v = value('resource_policies');
      expect(v).toMatchObject({ putStatus: [201, 201], callerInvokeStatus: 200, deleteStatus: 204 });
      expect(v.gotPolicy).toMatchObject({ Statement: [{ Resource: ENDPOINT_ARN }] });
      expect(v.deniedAfterDelete).toEqual({
        code: 'AccessDeniedException',
        // The endpoint's policy was deleted: the runtime passed, so the endpoint ARN is named.
        message: `User: ${CALLER_ROLE_ARN} is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: ${ENDPOINT_ARN} because no resource-based policy allows the bedrock-agentcore:InvokeAgentRuntime action`,
      });
    });

    it("lists runtimes page by page, a runtime's endpoints, the memories and gateways", () => {
      expect(value('control_lists')).toEqual({
        runtimes: [
          'agent-abcdefghij',
          'agent_sse_py-abcdefghij',
          'agent_sse_ts-abcdefghij',
          'agent_staged-abcdefghij',
          'agent_strict-abcdefghij',
        ],
        pages: 3,
        endpoints: ['DEFAULT', 'prod'],
        memories: ['shared_memory-abcdefghij'],
        gateways: ['tools-gateway-abcdefghij'],
        gatewayArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij',
      });
    });

    it('makes the 15 memory data-plane calls cross-account, by full ARN', () => {
      const v = value('memory');
      expect(v.status).toEqual({
        create_event: 201,
        get_event: 200,
        list_events: 200,
        list_actors: 200,
        list_sessions: 200,
        batch_create_memory_records: 201,
        get_memory_record: 200,
        list_memory_records: 200,
        retrieve_memory_records: 200,
        batch_update_memory_records: 200,
        list_memory_extraction_jobs: 200,
        start_memory_extraction_job: 200,
        delete_memory_record: 200,
        batch_delete_memory_records: 200,
        delete_event: 200,
      });
      expect(v).toMatchObject({
        replayedSameEvent: true,
        gotText: 'I like tea',
        events: 1,
        actors: ['actor-1'],
        sessions: ['session-1'],
        listed: 1,
        retrieved: ['Prefers tea'],
      });
      const fromPython = emulator.requests.filter(
        (r) => r.principalArn === CALLER_ROLE_ARN && r.operation === 'CreateEvent',
      );
      expect(fromPython.map((r) => r.decision)).toEqual(['allow', 'allow']);
    });

    it('assumes a role with PolicyArns: the session is narrowed to the managed policy; an unknown ARN is refused', () => {
      expect(value('assume_role_policy_arns')).toEqual({
        assumedArn: `arn:aws:sts::${ACCOUNT_A}:assumed-role/CrossAccountAgentInvoker/interop`,
        packedPolicySize: expect.any(Number),
        callerIdentity: `arn:aws:sts::${ACCOUNT_A}:assumed-role/CrossAccountAgentInvoker/interop`,
        invokeStatus: 200,
        narrowedWrite: {
          code: 'AccessDeniedException',
          message: `User: arn:aws:sts::${ACCOUNT_A}:assumed-role/CrossAccountAgentInvoker/interop is not authorized to perform: bedrock-agentcore:CreateEvent on resource: ${MEMORY_ARN} because no session policy allows the bedrock-agentcore:CreateEvent action`,
        },
        unknownPolicyArn: {
          code: 'NoSuchEntity',
          message: `Policy ${UNKNOWN_POLICY} does not exist or is not attachable.`,
          status: 404,
        },
      });
    });

    it("accepts botocore's own signature on a raw request", () => {
      expect(value('raw_untampered')).toMatchObject({
        status: 201,
        signedHeaders: expect.stringContaining('host'),
      });
    });

    it('refuses requests tampered with after signing', () => {
      const mismatch =
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
      expect(value('tampered_host_unsigned')).toMatchObject({
        status: 403,
        errorType: 'IncompleteSignatureException',
        message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      });
      expect(value('tampered_host_unsigned').signedHeaders).not.toContain('host');
      expect(value('tampered_body_swapped')).toMatchObject({
        status: 403,
        errorType: 'InvalidSignatureException',
        message: mismatch,
        bodySha256: false,
      });
      expect(value('tampered_unsigned_payload')).toMatchObject({
        status: 403,
        errorType: 'InvalidSignatureException',
        message: mismatch,
        signedHeaders: expect.stringContaining('x-amz-content-sha256'),
      });
      // Only the untampered raw request and the replayed token wrote: the memory holds what boto3 created.
      const raw = emulator.requests.filter(
        (r) => r.principalArn === ADMIN_ROLE_ARN && r.operation === 'CreateEvent',
      );
      expect(raw.map((r) => r.status)).toEqual([201]);
    });

    it('the AWS CLI assumes a role with --policy-arns and reads a resource policy', async () => {
      const keys = emulator.credentialsFor(CALLER_ROLE_ARN);
      const cli = (args: string[], credentials = keys) =>
        run(
          AWS_CLI,
          [...args, '--endpoint-url', emulator.endpoint, '--region', emulator.region, '--output', 'json'],
          {
            env: isolatedEnv({
              AWS_ACCESS_KEY_ID: credentials.accessKeyId,
              AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
            }),
            timeout: 60_000,
          },
        );
      const assumed = JSON.parse(
        (
          await cli([
            'sts',
            'assume-role',
            '--role-arn',
            INVOKER_ROLE,
            '--role-session-name',
            'cli',
            '--policy-arns',
            `arn=${INVOKE_ONLY}`,
          ])
        ).stdout,
      ) as { AssumedRoleUser: { Arn: string } };
      expect(assumed.AssumedRoleUser.Arn).toBe(
        `arn:aws:sts::${ACCOUNT_A}:assumed-role/CrossAccountAgentInvoker/cli`,
      );
      const policy = JSON.parse(
        (
          await cli(
            ['bedrock-agentcore-control', 'get-resource-policy', '--resource-arn', RUNTIME_ARN],
            emulator.credentialsFor(ADMIN_ROLE_ARN),
          )
        ).stdout,
      ) as { policy: string };
      expect(JSON.parse(policy.policy)).toMatchObject({ Statement: [{ Resource: RUNTIME_ARN }] });
    }, 60_000);

    it("the AWS CLI sets the caller's identity policy with aws iam put-role-policy, and reads it back", async () => {
      const admin = emulator.credentialsFor(ADMIN_B_ROLE_ARN);
      const cli = (args: string[]) =>
        run(AWS_CLI, [...args, '--endpoint-url', emulator.endpoint, '--output', 'json'], {
          env: isolatedEnv({
            AWS_ACCESS_KEY_ID: admin.accessKeyId,
            AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
            // IAM is global: the CLI signs its calls for us-east-1.
            AWS_DEFAULT_REGION: 'us-east-1',
          }),
          timeout: 60_000,
        });
      const document = allow('bedrock-agentcore:GetAgentCard', [
        RUNTIME_ARN,
        `${RUNTIME_ARN}/runtime-endpoint/*`,
      ]);
      const put = await cli([
        'iam',
        'put-role-policy',
        '--role-name',
        'the-caller-role',
        '--policy-name',
        'from-the-cli',
        '--policy-document',
        JSON.stringify(document),
      ]);
      expect(put.stdout.trim()).toBe('');
      const listed = JSON.parse(
        (await cli(['iam', 'list-role-policies', '--role-name', 'the-caller-role'])).stdout,
      ) as {
        PolicyNames: string[];
      };
      expect(listed.PolicyNames).toContain('from-the-cli');
      // The CLI decodes the URL-encoded document IAM answers.
      const got = JSON.parse(
        (
          await cli([
            'iam',
            'get-role-policy',
            '--role-name',
            'the-caller-role',
            '--policy-name',
            'from-the-cli',
          ])
        ).stdout,
      ) as { PolicyDocument: unknown };
      expect(got.PolicyDocument).toEqual(document);
      expect(
        emulator.requests.filter((r) => r.service === 'iam').map((r) => [r.operation, r.status]),
      ).toEqual([
        ['PutRolePolicy', 200],
        ['ListRolePolicies', 200],
        ['GetRolePolicy', 200],
      ]);
    }, 60_000);
  },
);
