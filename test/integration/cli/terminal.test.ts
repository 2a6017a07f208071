/**
 * The CLI in a terminal, as a built binary in a fresh process: in a real pseudo-terminal 80
 * columns wide (util-linux `script`), every line of text fits (a word longer than the width, an
 * ARN, gets a line of its own), colours included; and a reader that goes away (`| head -3`)
 * ends the command quietly with status 0. Regression: doctor printed lines of up to 1,542
 * characters, demo 26 of 57 lines over 80; `demo | head -3` crashed with `write EPIPE`.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BedrockAgentCoreControlClient,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMANDS, EXAMPLE_VARIABLES, GROUPS } from '../../../src/cli/spec.js';
import { CrossAccountAgentClient } from '../../../src/client.js';
import { runtimeAccessPolicies } from '../../../src/policy/build/runtime.js';
import { collect, type RunResult, repoPath } from './binary.js';
import { CALLER, MEMORY, type MemoryCliWorld, startMemoryCliWorld } from './memory-world.js';

const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const STAGED = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent_staged-abcdefghij';
const ADMIN = 'arn:aws:iam::111111111111:role/admin';
const F = 'test/fixtures/cli';
const WIDTH = 80;
/** `explain` of the seed's caller on the runtime, with its identity and runtime policies. */
const explainArgs = (): string[] => [
  'explain',
  '--principal',
  CALLER,
  '--action',
  'bedrock-agentcore:InvokeAgentRuntime',
  '--resource',
  RUNTIME,
  '--identity',
  `${F}/seed-000-caller-identity.json`,
  '--resource-policy',
  `${RUNTIME}=${F}/seed-000-runtime-policy.json`,
];

let world: MemoryCliWorld;

beforeAll(async () => {
  world = await startMemoryCliWorld();
  // Records to list: more text than a pipe holds (64 KiB), so the writer meets the closed pipe.
  const client = new CrossAccountAgentClient({
    access: { mode: 'resource-policy', credentials: world.emulator.credentialsFor(CALLER) },
    clientConfig: { endpoint: world.emulator.endpoint },
  });
  const { failed } = await client.memory(MEMORY).batchCreateMemoryRecords({
    records: Array.from({ length: 400 }, (_, i) => ({
      content: { text: `Preference ${i}: ${'likes quiet mornings and short meetings '.repeat(8)}` },
      namespaces: ['preferences/user-42'],
    })),
  });
  expect(failed).toEqual([]);
  client.destroy();
}, 60_000);

afterAll(() => world.stop());

/** The environment of a terminal user: no NO_COLOR (colours on a TTY), the caller's keys. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TERM: 'xterm',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...world.env,
    ...extra,
  };
}

const shellWord = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** Runs a shell script to its end without blocking this process (which serves the emulator). */
function sh(script: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return collect(spawn('bash', ['-c', script], { cwd: repoPath(''), env }));
}

/** Runs the binary in a pseudo-terminal `width` columns wide; its output, colour codes and all. */
async function inTerminal(
  args: readonly string[],
  env: Record<string, string> = {},
  width = WIDTH,
): Promise<string> {
  const command = [process.execPath, world.bin, ...args].map(shellWord).join(' ');
  const inner = `stty cols ${width} rows 500; ${command}`;
  const { stdout } = await sh(`script -qec ${shellWord(inner)} /dev/null`, userEnv(env));
  return stdout.replace(/\r\n/g, '\n');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC.
const ANSI = /\u001b\[[0-9;]*m/g;

/** What a terminal shows: each line from its last carriage return on (a redrawn progress bar), erasures gone. */
function rendered(output: string): string {
  return output
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf('\r') + 1).replaceAll('\u001b[K', ''))
    .join('\n');
}

/** Lines wider than the terminal, except a single word too long to break (an ARN on its own line). */
function overflowing(output: string): string[] {
  return output
    .replace(ANSI, '')
    .split('\n')
    .filter((line) => [...line].length > WIDTH)
    .filter((line) => !/^\s*("[^"]+": )?\S+( \\|,)?$/.test(line));
}

/**
 * The AWS CLI commands a text output suggests that cannot be pasted: each must start its line and
 * continue with ` \\` up to its last flag (regression: fix texts were word-wrapped mid-command).
 */
function unpastable(output: string): string[] {
  const lines = output.replace(ANSI, '').split('\n');
  const problems: string[] = [];
  lines.forEach((line, i) => {
    if (!/\baws (?:bedrock-agentcore-control|iam|sts|s3api|sns|kinesis)\b/.test(line)) return;
    if (!/^\s*aws /.test(line)) problems.push(line);
    let end = i;
    while (lines[end]?.endsWith(' \\')) end++;
    const next = lines[end + 1]?.trim() ?? '';
    if (/^(--|arn:)/.test(next)) problems.push(`${line} … ${next}`);
  });
  return problems;
}

describe('in an 80-column terminal', () => {
  const endpoint = () => ['--endpoint-url', world.emulator.endpoint];
  /** Account A's administrator, for the audit. */
  const admin = (): Record<string, string> => {
    const { accessKeyId, secretAccessKey } = world.emulator.credentialsFor(ADMIN);
    return {
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_REGION: 'eu-west-1',
    };
  };
  test.each([
    ['demo', () => ['demo']],
    [
      'doctor, denied everywhere',
      () => ['doctor', '--runtime-arn', RUNTIME, '--memory-arn', MEMORY, ...endpoint()],
    ],
    [
      'lint',
      () => [
        'lint',
        `${F}/seed-000-gotcha-1-endpoint-policy-missing.setup.json`,
        `${F}/seed-000-gotcha-2-resource-wildcard.json`,
        `${F}/seed-000-gotcha-4-identity-wrong-account.json`,
      ],
    ],
    ['explain', explainArgs],
    ['explain --fix', () => [...explainArgs(), '--fix']],
    [
      'diagnose, with the policies and the fix plan',
      () => [
        'diagnose',
        `User: ${CALLER} is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: ${RUNTIME}/runtime-endpoint/DEFAULT because no identity-based policy allows the bedrock-agentcore:InvokeAgentRuntime action`,
        '--runtime-arn',
        RUNTIME,
        '--identity',
        `${F}/seed-000-gotcha-4-identity-wrong-account.json`,
        '--resource-policy',
        `${RUNTIME}=${F}/seed-000-runtime-policy.json`,
      ],
    ],
    [
      'policy delivery --output text',
      () => [
        'policy',
        'delivery',
        '--region',
        'eu-west-1',
        '--account-id',
        '111111111111',
        '--execution-role-name',
        'MemoryDeliveryRole',
        '--kinesis-stream-arn',
        'arn:aws:kinesis:eu-west-1:222222222222:stream/memory-records',
        '--output',
        'text',
      ],
    ],
    [
      'policy runtime --output text',
      () => ['policy', 'runtime', '--runtime-arn', RUNTIME, '--principal', CALLER, '--output', 'text'],
    ],
    [
      'policy harness --output text',
      () => [
        'policy',
        'harness',
        '--harness-arn',
        'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/support_harness-abcdefghij',
        '--principal',
        CALLER,
        '--output',
        'text',
      ],
    ],
    [
      'memory list-records',
      () => [
        'memory',
        'list-records',
        '--memory-arn',
        MEMORY,
        '--namespace',
        'preferences/user-42',
        ...endpoint(),
      ],
    ],
    ['invoke, denied', () => ['invoke', '--runtime-arn', RUNTIME, '--payload', '{}', ...endpoint()]],
    [
      'a usage error',
      () => [
        'memory',
        'retrieve',
        '--memory-arn',
        MEMORY,
        '--namespace',
        'n',
        '--query',
        'q',
        '--top-k',
        'abc',
      ],
    ],
  ])(
    '%s fits',
    async (_name, args) => {
      const output = await inTerminal(args());
      expect(output.replace(ANSI, '').trim().split('\n').length).toBeGreaterThan(1);
      expect(overflowing(output)).toEqual([]);
      expect(unpastable(output)).toEqual([]);
    },
    60_000,
  );

  test.each([
    ['audit', () => ['audit', '--endpoint-url', world.emulator.endpoint]],
    ['audit --fix-drift', () => ['audit', '--fix-drift', '--endpoint-url', world.emulator.endpoint]],
  ])(
    "%s fits, its progress bar drawn on the terminal's stderr and cleared",
    async (_name, args) => {
      // The staged runtime gets a policy, its two endpoints none: drift to report and to fix.
      const control = new BedrockAgentCoreControlClient(world.emulator.clientConfig(ADMIN));
      const { runtime } = runtimeAccessPolicies({ runtimeArn: STAGED, principals: [CALLER] });
      await control.send(
        new PutResourcePolicyCommand({ resourceArn: STAGED, policy: JSON.stringify(runtime.document) }),
      );
      control.destroy();
      const output = await inTerminal(args(), admin());
      expect(output).toMatch(/\[[#-]{24}\] \d+\/\d+ policies/);
      const screen = rendered(output);
      expect(screen).not.toMatch(/policies (?:read|listing)/);
      expect(screen.trim().split('\n').length).toBeGreaterThan(1);
      expect(overflowing(screen)).toEqual([]);
    },
    60_000,
  );

  test('the demo is coloured on a terminal, and wrapped lines keep their colour codes whole', async () => {
    const output = await inTerminal(['demo']);
    expect(output).toContain('\u001b[32m✓\u001b[0m');
    expect(output.replace(ANSI, '')).not.toMatch(/\[\d+m/);
  }, 60_000);
});

describe('--help in a terminal 80 or 60 columns wide', () => {
  const helps = [
    ['the program', [] as string[], undefined],
    ...Object.entries(GROUPS).map(([path, spec]) => [path, [path], spec.examples] as const),
    ...Object.entries(COMMANDS).map(([path, spec]) => [path, path.split(' '), spec.examples] as const),
  ] as const;
  const cases = [80, 60].flatMap((width) =>
    helps.map(([name, path, examples]) => [width, name, path, examples] as const),
  );

  /** The examples of a help as one line each: `$ ` gone, `\` continuations joined. */
  function examplesOf(help: string): string[] {
    const section = help.split(/^Examples?:$/m)[1] ?? '';
    return section
      .replace(/ \\\n\s*/g, ' ')
      .split('\n')
      .map((line) => line.replace(/^ *\$ /, '').trim())
      .filter((line) => line !== '');
  }

  // Regression: at 60 columns the tables were not wrapped (commander wraps only from 40 columns
  // of description) and the terminal cut their words; at 80, example ARNs under an 8-column
  // indent ran to 96 characters.
  test.each(cases)(
    'at %i columns, %s: every line fits and the examples are whole',
    async (width, _name, path, examples) => {
      const help = (await inTerminal([...path, '--help'], {}, width)).replace(ANSI, '');
      const lines = help.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(5);
      expect(lines.filter((line) => [...line].length > width)).toEqual([]);
      const variables = Object.entries(EXAMPLE_VARIABLES)
        .filter(([name]) => (examples ?? []).some((e) => e.includes(`$${name}`)))
        .map(([name, value]) => `${name}=${value}`);
      expect(examplesOf(help)).toEqual([...variables, ...(examples ?? [])]);
    },
    60_000,
  );

  test('an example runs as pasted: its variable set, each ARN whole', async () => {
    const help = await inTerminal(['policy', 'runtime', '--help'], {}, 60);
    const pasted = help
      .split(/^Examples:$/m)[1]
      ?.split('\n')
      .map((line) => line.replace(/^ *\$ /, ''))
      .join('\n')
      .replaceAll('npx agentcore-xacct', "printf '%s\\n'");
    const { stdout } = await sh(pasted ?? '', userEnv());
    expect(stdout).toContain(`--runtime-arn\n${RUNTIME}\n--principal\n${CALLER}\n`);
  }, 60_000);
});

describe('a reader that goes away', () => {
  /** `node BIN ARGS | head -N` in bash: the CLI's own exit status, its stderr, what head printed. */
  async function piped(args: readonly string[], lines: number) {
    const errFile = join(world.dir, `stderr-${lines}-${args[0]}.txt`);
    writeFileSync(errFile, '');
    const command = [process.execPath, world.bin, ...args].map(shellWord).join(' ');
    const script = `${command} 2>${shellWord(errFile)} | head -${lines}; echo "status=\${PIPESTATUS[0]}" >&2`;
    const result = await sh(script, userEnv({ NO_COLOR: '1' }));
    const stderr = readFileSync(errFile, 'utf8');
    return { head: result.stdout, status: /status=(\d+)/.exec(result.stderr)?.[1], stderr };
  }

  test('demo | head -3 ends with status 0 and nothing on stderr', async () => {
    const { head, status, stderr } = await piped(['demo'], 3);
    expect(head.trimEnd().split('\n')).toHaveLength(3);
    expect(head).toContain('agentcore-xacct demo');
    expect(stderr).toBe('');
    expect(status).toBe('0');
  }, 60_000);

  test('memory list-records | head -5 ends with status 0 and nothing on stderr', async () => {
    const { head, status, stderr } = await piped(
      [
        'memory',
        'list-records',
        '--memory-arn',
        MEMORY,
        '--namespace',
        'preferences/user-42',
        '--endpoint-url',
        world.emulator.endpoint,
      ],
      5,
    );
    expect(head.trimEnd().split('\n')).toHaveLength(5);
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).toBe('');
    expect(status).toBe('0');
  }, 60_000);
});
