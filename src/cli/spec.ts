/**
 * The CLI in one declaration (after aws-cdk-cli's `cli-config.ts`): every command, its
 * arguments, options, help and examples. The parser (./program.ts) is built from it, and each
 * command's option type is derived from it (`OptionsOf<'memory retrieve'>`), so renaming a flag
 * here fails to compile wherever the old name is read.
 *
 * Adding a command (say `audit`):
 * 1. Declare it in COMMANDS: `audit: { description, options: { 'organization-id': { type:
 *    'string', arg: 'id', desc }, ...output(['text', 'json'], 'text', 'text | json') }, examples }`
 *    (flat: `group sub` for a subcommand, and a new group gets an entry in GROUPS). Reuse the
 *    shared sets (CALLER_ACCESS, MEMORY_ACCESS, APPLY…); give every command `--output`; `number`
 *    options take `min`/`max`, enumerations `choices`: the parser checks them (usage error, exit 2).
 * 2. Write `runAudit(out: Output, o: OptionsOf<'audit'>): Promise<number>` in ./commands/audit.ts:
 *    `o.organizationId`, `o.output` are typed from the declaration. Print text with `out.line`
 *    (wrapped to the terminal), JSON with `out.data`.
 * 3. Bind it in ./handlers.ts (`audit: async (o) => (await import('./commands/audit.js')).runAudit(out, o)`):
 *    the compiler refuses a declared command without its handler.
 * @internal
 */

/** One option. `type` says how its value is read and validated. @internal */
export interface OptionSpec {
  /** `string` (one value), `list` (one or more values), `number` (a whole number), `boolean` (a switch). */
  readonly type: 'string' | 'list' | 'number' | 'boolean';
  /** The value's placeholder in the help: `arn` prints `--runtime-arn <arn>`. */
  readonly arg?: string;
  readonly desc: string;
  readonly required?: true;
  readonly default?: string | number;
  /** The allowed values (matched ignoring case, given back as declared). */
  readonly choices?: readonly string[];
  /** Bounds of a number, inclusive. */
  readonly min?: number;
  readonly max?: number;
  /** Bounds of a string's length, inclusive. */
  readonly minLength?: number;
  readonly maxLength?: number;
  /**
   * The library fields this flag feeds when they are not its camelCase name (`--org-id` feeds
   * `principalOrgId`): a library error about them is reported in terms of the flag.
   */
  readonly feeds?: readonly string[];
  /**
   * A deprecated spelling of another option, kept working: its value (`value`, or the given one
   * mapped through `map`) goes to `option`. Aliases are not in the parsed options' type.
   */
  readonly aliasOf?: {
    readonly option: string;
    readonly value?: string;
    readonly map?: Readonly<Record<string, string>>;
  };
}

/** The formats of `--output`; each command takes those it can print. @internal */
export type OutputFormat = 'text' | 'json' | 'ndjson' | 'sarif' | 'markdown';

/**
 * The `--output` flag with a command's formats and default, and the old `--json` / `--format`
 * flags that command had, kept as documented aliases.
 */
function output<const C extends readonly OutputFormat[], const D extends C[number]>(
  choices: C,
  byDefault: D,
  desc: string,
) {
  return {
    output: { type: 'string', arg: 'format', desc, choices, default: byDefault },
  } as const;
}

const JSON_ALIAS = (value: OutputFormat) =>
  ({
    json: {
      type: 'boolean',
      desc: `same as --output ${value} (deprecated alias)`,
      aliasOf: { option: 'output', value },
    },
  }) as const;

const FORMAT_ALIAS = (map: Readonly<Record<string, string>> = {}) =>
  ({
    format: {
      type: 'string',
      arg: 'format',
      desc: `same as --output${Object.entries(map)
        .map(([from, to]) => `; ${from} is ${to}`)
        .join('')} (deprecated alias)`,
      aliasOf: { option: 'output', map },
    },
  }) as const;

/** A positional argument. @internal */
export interface ArgumentSpec {
  /** Its key in the parsed options. */
  readonly name: string;
  readonly arg: string;
  readonly desc: string;
  /** One or more values (a list). */
  readonly variadic?: true;
  /** May be left out (then `undefined`). */
  readonly optional?: true;
}

/** One command (a leaf: a group's subcommands are commands of their own). @internal */
export interface CommandSpec {
  readonly description: string;
  readonly argument?: ArgumentSpec;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly examples?: readonly string[];
}

/** A command that only groups subcommands. @internal */
export interface GroupSpec {
  readonly description: string;
  readonly examples?: readonly string[];
}

/**
 * Shell variables the examples use, set by the first line of a help's examples when used: a
 * whole AgentCore ARN (75 to 80 characters) does not fit a narrow terminal, `$ACCT_A:runtime/…`
 * does, and the example still runs as pasted. @internal
 */
export const EXAMPLE_VARIABLES = {
  ACCT_A: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111',
} as const;

const RUNTIME = '$ACCT_A:runtime/agent-abcdefghij';
const MEMORY = '$ACCT_A:memory/shared_memory-abcdefghij';
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
const GATEWAY = '$ACCT_A:gateway/tools-gateway-abcdefghij';
const HARNESS = '$ACCT_A:harness/support_harness-abcdefghij';

/** The runtime action presets (RUNTIME_ACTION_PRESETS), spelled out for the parser. */
const PRESET = {
  type: 'string',
  arg: 'preset',
  desc: 'invoke (default) | invoke+commands | all (adds the command, shell and WebSocket actions, StopRuntimeSession)',
  choices: ['invoke', 'invoke+commands', 'all'],
} as const;

// Option sets several commands share.

const POLICY_OUTPUT = {
  ...output(['json', 'text'], 'json', 'json (the documents) | text (the equivalent AWS CLI commands)'),
  ...FORMAT_ALIAS({ cli: 'text' }),
} as const;

const APPLY = {
  apply: {
    type: 'boolean',
    desc: 'put the resource policies now (default credential chain, e.g. AWS_PROFILE)',
  },
  'endpoint-url': { type: 'string', arg: 'url', desc: 'control-plane endpoint (e.g. the emulator)' },
  region: { type: 'string', arg: 'region', desc: "control-plane region (default: the resource ARN's)" },
} as const;

/** Who a resource policy lets invoke. */
const INVOKERS = {
  principal: {
    type: 'list',
    arg: 'arn...',
    desc: 'roles or accounts in Account B allowed to invoke',
    required: true,
    feeds: ['principals'],
  },
} as const;

const ORG_ID = {
  'org-id': { type: 'string', arg: 'id', desc: 'require aws:PrincipalOrgID', feeds: ['principalOrgId'] },
} as const;

const NO_APPLY = {
  apply: { type: 'boolean', desc: 'not available: IAM policies are printed, not applied' },
} as const;

/** The policies a request is judged against, from files (explain, diagnose). */
const POLICY_FILES = {
  identity: { type: 'list', arg: 'file...', desc: "the principal's identity policies" },
  'resource-policy': {
    type: 'list',
    arg: 'arn=file...',
    desc: 'resource policies by the ARN they are attached to',
  },
  scp: { type: 'list', arg: 'file...', desc: 'service control policies' },
  'session-policy': { type: 'string', arg: 'file', desc: 'the session policy' },
  'permissions-boundary': { type: 'string', arg: 'file', desc: 'the permissions boundary' },
} as const;

/** How the caller in Account B reaches Account A's data plane (invoke, memory). */
const CALLER_ACCESS = {
  'role-arn': { type: 'string', arg: 'arn', desc: 'assume this role in Account A first (pattern 2)' },
  'external-id': { type: 'string', arg: 'id', desc: 'the ExternalId the role trust policy requires' },
  profile: { type: 'string', arg: 'name', desc: 'use this AWS profile (e.g. one with role_arn)' },
  'endpoint-url': { type: 'string', arg: 'url', desc: 'data-plane (and STS) endpoint, e.g. the emulator' },
} as const;

const MEMORY_ACCESS = {
  'memory-arn': { type: 'string', arg: 'arn', desc: 'the full memory ARN in Account A', required: true },
  ...CALLER_ACCESS,
  region: { type: 'string', arg: 'region', desc: "region (default: the memory ARN's)" },
} as const;

/** Lists of memory items: one line each, one JSON document, or one JSON object a line. */
const LIST_OUTPUT = {
  ...output(['text', 'json', 'ndjson'], 'text', 'text | json (an array) | ndjson (one object a line)'),
  ...JSON_ALIAS('ndjson'),
} as const;

const RESULT_OUTPUT = { ...output(['text', 'json'], 'text', 'text | json'), ...JSON_ALIAS('json') } as const;

/** The `agentcore-xacct` program itself. @internal */
export const PROGRAM = {
  name: 'agentcore-xacct',
  description:
    'Cross-account Amazon Bedrock AgentCore: policies, lint, diagnosis, invoke and memory across accounts.',
  options: {
    debug: { type: 'boolean', desc: 'print stack traces of unexpected errors' },
  },
} as const;

/** The commands that group subcommands. @internal */
export const GROUPS = {
  policy: {
    description:
      'Print the policies both accounts need (JSON or AWS CLI commands), or apply the resource policies.',
    examples: [`npx agentcore-xacct policy runtime --runtime-arn ${RUNTIME} --principal ${CALLER}`],
  },
  memory: {
    description:
      'Use a memory in another account: create events, retrieve and list records, list events, import records.',
    examples: [
      `npx agentcore-xacct memory retrieve --memory-arn ${MEMORY} --namespace preferences/user-42 --query "meeting times"`,
    ],
  },
} as const satisfies Record<string, GroupSpec>;

/** Every command, by its path (`policy runtime`). @internal */
export const COMMANDS = {
  demo: {
    description:
      "Run the seed's two-account world on the embedded emulator: both access patterns, a streamed reply, cross-account memory, and the four gotchas with what AWS says beside what the library says.",
    options: { ...output(['text'], 'text', 'text (the only format)') },
    examples: ['npx agentcore-xacct demo', 'NO_COLOR=1 npx agentcore-xacct demo > demo.log'],
  },
  lint: {
    description:
      'Lint policy documents (resource, identity, trust) or whole cross-account setups; exit 1 on errors.',
    argument: {
      name: 'file',
      arg: 'file...',
      desc: "JSON files: a policy document, `policy`'s JSON output [{resourceArn, policy}], or a setup {targets, resourcePolicies, identityPolicies}",
      variadic: true,
    },
    options: {
      kind: {
        type: 'string',
        arg: 'kind',
        desc: 'resource | identity | trust | setup (default: guessed from each document)',
        choices: ['resource', 'identity', 'trust', 'setup'],
      },
      'attached-to': {
        type: 'string',
        arg: 'arn',
        desc: 'for a single resource policy: the runtime, endpoint or memory ARN it is attached to',
      },
      'owner-account': {
        type: 'string',
        arg: 'id',
        desc: 'for an identity policy: the account that owns the resources (Account A)',
      },
      ...output(['text', 'json', 'sarif'], 'text', 'text | json | sarif (SARIF 2.1.0 for code scanning)'),
      ...FORMAT_ALIAS(),
    },
    examples: [
      `npx agentcore-xacct lint runtime-policy.json --attached-to ${RUNTIME}`,
      'npx agentcore-xacct lint policies/*.json --owner-account 111111111111 --output sarif > lint.sarif',
    ],
  },
  'policy runtime': {
    description: 'Resource policies of a runtime and each of its endpoints (Account A).',
    options: {
      'runtime-arn': { type: 'string', arg: 'arn', desc: 'the runtime ARN', required: true },
      ...INVOKERS,
      qualifier: { type: 'list', arg: 'name...', desc: 'endpoints invoked (default DEFAULT)' },
      action: { type: 'list', arg: 'action...', desc: 'actions to allow (default: invoke actions)' },
      preset: { ...PRESET, feeds: ['actions'] },
      ...ORG_ID,
      ...POLICY_OUTPUT,
      ...APPLY,
    },
    examples: [
      `npx agentcore-xacct policy runtime --runtime-arn ${RUNTIME} --principal ${CALLER} --output text`,
      `npx agentcore-xacct policy runtime --runtime-arn ${RUNTIME} --principal ${CALLER} --preset invoke+commands`,
      'AWS_PROFILE=account-a npx agentcore-xacct policy runtime --runtime-arn … --principal … --apply',
    ],
  },
  'policy gateway': {
    description: 'Resource policy of a gateway (Account A): InvokeGateway for callers in Account B.',
    options: {
      'gateway-arn': { type: 'string', arg: 'arn', desc: 'the gateway ARN', required: true },
      ...INVOKERS,
      action: { type: 'list', arg: 'action...', desc: 'actions to allow (default: InvokeGateway)' },
      ...ORG_ID,
      ...POLICY_OUTPUT,
      ...APPLY,
    },
    examples: [`npx agentcore-xacct policy gateway --gateway-arn ${GATEWAY} --principal ${CALLER}`],
  },
  'policy harness': {
    description:
      'Resource policies of a harness and each of its endpoints (Account A): InvokeHarness with InvokeAgentRuntime.',
    options: {
      'harness-arn': { type: 'string', arg: 'arn', desc: 'the harness ARN', required: true },
      ...INVOKERS,
      qualifier: { type: 'list', arg: 'name...', desc: 'harness endpoints invoked (default DEFAULT)' },
      ...ORG_ID,
      ...POLICY_OUTPUT,
      ...APPLY,
    },
    examples: [
      `npx agentcore-xacct policy harness --harness-arn ${HARNESS} --principal ${CALLER} --qualifier DEFAULT --output text`,
    ],
  },
  'policy memory': {
    description: 'Resource policy of a memory (Account A): readers and writers.',
    options: {
      'memory-arn': { type: 'string', arg: 'arn', desc: 'the full memory ARN', required: true },
      reader: { type: 'list', arg: 'arn...', desc: 'principals allowed to read', feeds: ['readers'] },
      writer: {
        type: 'list',
        arg: 'arn...',
        desc: 'principals allowed to write (and read)',
        feeds: ['writers'],
      },
      ...ORG_ID,
      ...POLICY_OUTPUT,
      ...APPLY,
    },
    examples: [`npx agentcore-xacct policy memory --memory-arn ${MEMORY} --writer ${CALLER}`],
  },
  'policy caller': {
    description:
      "The caller's identity policy (Account B): runtime, harness, gateway, memory and assume-role grants.",
    options: {
      'runtime-arn': { type: 'list', arg: 'arn...', desc: 'runtimes to invoke', feeds: ['runtimeArns'] },
      qualifier: { type: 'list', arg: 'name...', desc: 'endpoints invoked (default DEFAULT)' },
      preset: { ...PRESET, feeds: ['runtimeActions'] },
      'gateway-arn': { type: 'list', arg: 'arn...', desc: 'gateways to invoke', feeds: ['gatewayArns'] },
      'harness-arn': { type: 'list', arg: 'arn...', desc: 'harnesses to invoke', feeds: ['harnessArns'] },
      'harness-qualifier': {
        type: 'list',
        arg: 'name...',
        desc: 'harness endpoints invoked (default DEFAULT)',
        feeds: ['harnessQualifiers'],
      },
      'memory-arn': { type: 'list', arg: 'arn...', desc: 'memories to use', feeds: ['memoryArns'] },
      'memory-access': {
        type: 'string',
        arg: 'access',
        desc: 'read | read-write',
        choices: ['read', 'read-write'],
      },
      'assume-role-arn': {
        type: 'list',
        arg: 'arn...',
        desc: 'roles in Account A to assume',
        feeds: ['assumeRoleArns'],
      },
      'role-name': {
        type: 'string',
        arg: 'name',
        desc: 'the role to attach it to (for --output text and --apply)',
      },
      'policy-name': {
        type: 'string',
        arg: 'name',
        desc: 'the inline policy name (default agentcore-xacct-cross-account)',
      },
      ...POLICY_OUTPUT,
      apply: {
        type: 'boolean',
        desc: 'put it on --role-name now through IAM (default chain: Account B credentials)',
      },
      'endpoint-url': { type: 'string', arg: 'url', desc: 'IAM endpoint (e.g. the emulator)' },
      region: { type: 'string', arg: 'region', desc: 'region to sign IAM calls for (default us-east-1)' },
    },
    examples: [
      `npx agentcore-xacct policy caller --runtime-arn ${RUNTIME} --role-name the-caller-role --output text`,
      `AWS_PROFILE=account-b npx agentcore-xacct policy caller --runtime-arn ${RUNTIME} --role-name the-caller-role --apply`,
    ],
  },
  'policy trust': {
    description: 'Trust policy of a role in Account A that Account B assumes.',
    options: {
      'trusted-principal': {
        type: 'list',
        arg: 'arn...',
        desc: 'principals in Account B allowed to assume the role',
        required: true,
        feeds: ['trustedPrincipals'],
      },
      'external-id': { type: 'string', arg: 'id', desc: 'require sts:ExternalId' },
      ...ORG_ID,
      'role-name': {
        type: 'string',
        arg: 'name',
        desc: 'the role whose trust policy it is (for --output text)',
      },
      ...POLICY_OUTPUT,
      ...NO_APPLY,
    },
    examples: [
      `npx agentcore-xacct policy trust --trusted-principal ${CALLER} --external-id my-external-id --role-name CrossAccountAgentInvoker`,
    ],
  },
  'policy delivery': {
    description:
      'A memory in Account A that delivers to Account B: execution role, destination policies and CreateMemory input.',
    options: {
      region: { type: 'string', arg: 'region', desc: 'region of the memory (Account A)', required: true },
      'account-id': {
        type: 'string',
        arg: 'id',
        desc: 'Account A: owner of the memory and its execution role',
        required: true,
      },
      'execution-role-name': {
        type: 'string',
        arg: 'name',
        desc: 'the memory execution role to create in Account A',
        required: true,
      },
      's3-bucket': {
        type: 'string',
        arg: 'name',
        desc: 'payload delivery bucket in Account B (with --sns-topic-arn)',
      },
      'sns-topic-arn': {
        type: 'string',
        arg: 'arn',
        desc: 'notification topic in Account B (with --s3-bucket)',
      },
      'kinesis-stream-arn': { type: 'string', arg: 'arn', desc: 'record stream in Account B' },
      'memory-name': { type: 'string', arg: 'name', desc: 'the memory name' },
      'event-expiry-days': {
        type: 'number',
        arg: 'days',
        desc: 'days events are kept, 7 to 365 (default 30)',
        min: 7,
        max: 365,
      },
      ...POLICY_OUTPUT,
      ...NO_APPLY,
    },
    examples: [
      'npx agentcore-xacct policy delivery --region eu-west-1 --account-id 111111111111 --execution-role-name MemoryDeliveryRole --kinesis-stream-arn arn:aws:kinesis:eu-west-1:222222222222:stream/records --output text',
    ],
  },
  explain: {
    description: 'Decide one request offline from the given policies and print the evaluation trace.',
    options: {
      principal: {
        type: 'string',
        arg: 'arn',
        desc: 'the calling role, user or assumed-role session',
        required: true,
      },
      action: {
        type: 'string',
        arg: 'action',
        desc: 'e.g. bedrock-agentcore:InvokeAgentRuntime',
        required: true,
      },
      resource: { type: 'string', arg: 'arn', desc: 'the runtime, endpoint or memory ARN', required: true },
      qualifier: { type: 'string', arg: 'name', desc: 'the endpoint invoked (default DEFAULT)' },
      ...POLICY_FILES,
      context: { type: 'list', arg: 'key=value...', desc: 'request context keys (a,b for a list)' },
      fix: {
        type: 'boolean',
        desc: 'when denied, plan the smallest policy change that allows it (and its commands)',
      },
      ...output(['text', 'json'], 'text', 'text (the evaluation trace) | json (the explanation)'),
      ...JSON_ALIAS('json'),
    },
    examples: [
      `npx agentcore-xacct explain --principal ${CALLER} --action bedrock-agentcore:InvokeAgentRuntime --resource ${RUNTIME} --identity caller.json --resource-policy ${RUNTIME}=runtime.json --fix`,
    ],
  },
  diagnose: {
    description:
      "Diagnose an AccessDenied from AWS's message (argument, or stdin) and, when given, the policies: ranked causes with their evidence, and the fix plan with its commands.",
    argument: {
      name: 'message',
      arg: 'message',
      desc: "AWS's error message ('-' or none: read stdin)",
      optional: true,
    },
    options: {
      'runtime-arn': { type: 'string', arg: 'arn', desc: 'the runtime (or endpoint) the call named' },
      qualifier: { type: 'string', arg: 'name', desc: 'the endpoint invoked (default DEFAULT)' },
      'memory-arn': { type: 'string', arg: 'arn', desc: 'the memory ARN (or bare id) the call named' },
      principal: { type: 'string', arg: 'arn', desc: 'the caller, when the message does not name it' },
      operation: { type: 'string', arg: 'name', desc: 'the operation, when the message does not name it' },
      region: { type: 'string', arg: 'region', desc: 'the region the client called' },
      'user-id': { type: 'boolean', desc: 'the call sent a runtime user id', feeds: ['userIdSent'] },
      ...POLICY_FILES,
      ...output(['text', 'json'], 'text', 'text (causes and fix plan) | json (the diagnosis)'),
    },
    examples: [
      `npx agentcore-xacct diagnose "User: … is not authorized to perform: …" --runtime-arn ${RUNTIME}`,
      `pbpaste | npx agentcore-xacct diagnose --identity caller.json --resource-policy ${RUNTIME}=runtime.json`,
    ],
  },
  emulator: {
    description:
      "Start the local AgentCore emulator (the seed's two accounts, runtimes and memory); print its endpoint and each principal's throwaway keys; stop on Ctrl-C.",
    options: {
      region: { type: 'string', arg: 'region', desc: 'the region the emulator serves', default: 'eu-west-1' },
      principal: {
        type: 'list',
        arg: 'arn...',
        desc: 'more roles or users to declare (they get keys, no policies)',
      },
      ...output(['text', 'json'], 'text', 'text | json (endpoint, region, keys, ARNs)'),
    },
    examples: [
      'npx agentcore-xacct emulator',
      'npx agentcore-xacct emulator --principal arn:aws:iam::222222222222:role/another-caller',
    ],
  },
  invoke: {
    description: 'Invoke an agent runtime in another account and stream its events as they arrive.',
    options: {
      'runtime-arn': {
        type: 'string',
        arg: 'arn',
        desc: 'the runtime (or endpoint) ARN in Account A',
        required: true,
      },
      payload: {
        type: 'string',
        arg: 'json|@file',
        desc: 'the JSON payload, inline or @file',
        required: true,
      },
      'session-id': {
        type: 'string',
        arg: 'id',
        desc: 'continue a session (33-256 characters; default: a new one)',
        minLength: 33,
        maxLength: 256,
      },
      qualifier: { type: 'string', arg: 'name', desc: 'the endpoint (default DEFAULT)' },
      'user-id': { type: 'string', arg: 'id', desc: 'the end user (needs InvokeAgentRuntimeForUser)' },
      ...CALLER_ACCESS,
      region: { type: 'string', arg: 'region', desc: "region (default: the runtime ARN's)" },
      ...output(['text', 'ndjson'], 'text', 'text | ndjson (one JSON object per event)'),
      ...JSON_ALIAS('ndjson'),
    },
    examples: [
      `npx agentcore-xacct invoke --runtime-arn ${RUNTIME} --payload '{"prompt":"Hello"}'`,
      'npx agentcore-xacct invoke --runtime-arn … --payload @request.json --role-arn arn:aws:iam::111111111111:role/CrossAccountAgentInvoker --external-id my-id --output ndjson',
    ],
  },
  doctor: {
    description:
      'Check a cross-account setup live: identity, ARNs, assume-role, probes, and (with --owner-profile) the policies in Account A.',
    options: {
      'runtime-arn': { type: 'string', arg: 'arn', desc: 'the runtime to reach' },
      qualifier: { type: 'list', arg: 'name...', desc: 'its endpoints (default DEFAULT)' },
      'memory-arn': { type: 'string', arg: 'arn', desc: 'the memory to reach (full ARN)' },
      'role-arn': { type: 'string', arg: 'arn', desc: 'the role in Account A to assume (pattern 2)' },
      'external-id': { type: 'string', arg: 'id', desc: 'the ExternalId the role trust policy requires' },
      identity: { type: 'list', arg: 'file...', desc: "the caller's identity policies, when known" },
      'owner-profile': {
        type: 'string',
        arg: 'name',
        desc: 'an AWS profile of Account A, to read and lint its resource policies',
      },
      'extraction-probe': {
        type: 'string',
        arg: 'namespace',
        desc: "opt in: write an event through --memory-arn and wait for a record in this namespace of the memory's strategy ({actorId} and {sessionId} filled in)",
        feeds: ['namespace'],
      },
      'extraction-timeout': {
        type: 'number',
        arg: 'seconds',
        desc: 'how long the probe waits for a record, 1 to 900 (default 120)',
        min: 1,
        max: 900,
        feeds: ['timeoutMs'],
      },
      'endpoint-url': { type: 'string', arg: 'url', desc: 'endpoint for every client, e.g. the emulator' },
      region: { type: 'string', arg: 'region', desc: "region (default: the ARNs')" },
      ...output(['text', 'json'], 'text', 'text (a check table) | json (the report)'),
      ...JSON_ALIAS('json'),
    },
    examples: [
      `npx agentcore-xacct doctor --runtime-arn ${RUNTIME} --memory-arn ${MEMORY} --owner-profile account-a`,
      `npx agentcore-xacct doctor --memory-arn ${MEMORY} --extraction-probe '/users/{actorId}/preferences'`,
    ],
  },
  audit: {
    description:
      "Audit Account A in one region: who outside the account reaches each runtime, endpoint, memory and gateway, with which actions, and where endpoint policies drift from their runtime's.",
    options: {
      'organization-id': {
        type: 'string',
        arg: 'id',
        desc: 'your organization (o-…): principals narrowed to it are same-org',
        feeds: ['organizationId'],
      },
      'trusted-account': {
        type: 'list',
        arg: 'id...',
        desc: 'accounts you trust (12 digits): trusted rather than external',
        feeds: ['trustedAccounts'],
      },
      'fail-on': {
        type: 'list',
        arg: 'what...',
        desc: 'exit 1 when the audit finds any of: public, external, trusted, same-org, drift, unreadable, error',
        choices: ['public', 'external', 'trusted', 'same-org', 'drift', 'unreadable', 'error'],
      },
      'fix-drift': {
        type: 'boolean',
        desc: 'print the plan that makes each drifted endpoint policy its runtime’s (with --apply: apply it)',
      },
      apply: { type: 'boolean', desc: 'with --fix-drift: put and delete the endpoint policies now' },
      profile: {
        type: 'string',
        arg: 'name',
        desc: 'an AWS profile of Account A (default: the credential chain)',
      },
      region: { type: 'string', arg: 'region', desc: 'the region to audit (default: AWS_REGION)' },
      'endpoint-url': { type: 'string', arg: 'url', desc: 'control-plane endpoint (e.g. the emulator)' },
      ...output(
        ['text', 'json', 'sarif', 'markdown'],
        'text',
        'text (a table per resource) | json | sarif | markdown (a Mermaid graph and tables)',
      ),
    },
    examples: [
      'AWS_PROFILE=account-a npx agentcore-xacct audit --region eu-west-1 --trusted-account 222222222222',
      'npx agentcore-xacct audit --organization-id o-a1b2c3d4e5 --fail-on public,external,drift --output sarif > audit.sarif',
      'npx agentcore-xacct audit --output markdown >> "$GITHUB_STEP_SUMMARY"',
    ],
  },
  'memory create-event': {
    description: 'Record one conversational turn as an event.',
    options: {
      ...MEMORY_ACCESS,
      'actor-id': { type: 'string', arg: 'id', desc: 'the actor (end user)', required: true },
      'session-id': { type: 'string', arg: 'id', desc: 'the session', required: true },
      text: { type: 'string', arg: 'text', desc: 'what was said', required: true },
      role: {
        type: 'string',
        arg: 'role',
        desc: 'USER | ASSISTANT | TOOL | OTHER',
        choices: ['USER', 'ASSISTANT', 'TOOL', 'OTHER'],
        default: 'USER',
      },
      ...RESULT_OUTPUT,
    },
    examples: [
      `npx agentcore-xacct memory create-event --memory-arn ${MEMORY} --actor-id user-42 --session-id s-1 --text "I prefer mornings"`,
    ],
  },
  'memory retrieve': {
    description: 'Semantic search of the memory records in a namespace.',
    options: {
      ...MEMORY_ACCESS,
      namespace: {
        type: 'string',
        arg: 'ns',
        desc: 'the namespace, e.g. preferences/user-42',
        required: true,
      },
      query: { type: 'string', arg: 'text', desc: 'what to search for', required: true },
      'top-k': {
        type: 'number',
        arg: 'n',
        desc: 'how many records, 1 to 100 (default 10)',
        min: 1,
        max: 100,
        feeds: ['topK', 'maxResults'],
      },
      ...LIST_OUTPUT,
    },
    examples: [
      `npx agentcore-xacct memory retrieve --memory-arn ${MEMORY} --namespace preferences/user-42 --query "meeting times"`,
    ],
  },
  'memory list-records': {
    description: 'List the memory records of a namespace.',
    options: {
      ...MEMORY_ACCESS,
      namespace: { type: 'string', arg: 'ns', desc: 'the namespace', required: true },
      ...LIST_OUTPUT,
    },
    examples: [
      `npx agentcore-xacct memory list-records --memory-arn ${MEMORY} --namespace preferences/user-42 --output ndjson`,
    ],
  },
  'memory list-events': {
    description: 'List the events of an actor and session.',
    options: {
      ...MEMORY_ACCESS,
      'actor-id': { type: 'string', arg: 'id', desc: 'the actor', required: true },
      'session-id': { type: 'string', arg: 'id', desc: 'the session', required: true },
      ...LIST_OUTPUT,
    },
    examples: [
      `npx agentcore-xacct memory list-events --memory-arn ${MEMORY} --actor-id user-42 --session-id s-1`,
    ],
  },
  'memory import': {
    description:
      'Create memory records from a JSONL file (one {"content":{"text":…},"namespaces":[…]} a line).',
    argument: { name: 'file', arg: 'file', desc: 'the JSONL file' },
    options: {
      ...MEMORY_ACCESS,
      'failed-file': {
        type: 'string',
        arg: 'file',
        desc: 'where failed records go (default: FILE.failed.jsonl)',
      },
      ...RESULT_OUTPUT,
    },
    examples: [`npx agentcore-xacct memory import records.jsonl --memory-arn ${MEMORY}`],
  },
} as const satisfies Record<string, CommandSpec>;

/** A command's path: `demo`, `policy runtime`, `memory import`… @internal */
export type CommandPath = keyof typeof COMMANDS;

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : S;

type Choice<O> = O extends { readonly choices: readonly (infer C)[] } ? C : string;

/** The value an option's declaration gives. */
type ValueOf<O extends OptionSpec> = O['type'] extends 'boolean'
  ? boolean
  : O['type'] extends 'number'
    ? number
    : O['type'] extends 'list'
      ? Choice<O>[]
      : Choice<O>;

/** An option always has a value when it is required or has a default. */
type Present<O> = O extends { readonly required: true } | { readonly default: unknown } ? true : false;

type Flatten<T> = { [K in keyof T]: T[K] };

/** The key of an option in the parsed options: none for an alias (its value goes to its target). */
type KeyOf<K, O, Wanted extends boolean> = O extends { readonly aliasOf: object }
  ? never
  : Present<O> extends Wanted
    ? Camel<K & string>
    : never;

type OptionValues<Options extends Readonly<Record<string, OptionSpec>>> = {
  -readonly [K in keyof Options as KeyOf<K, Options[K], true>]: ValueOf<Options[K]>;
} & {
  -readonly [K in keyof Options as KeyOf<K, Options[K], false>]?: ValueOf<Options[K]>;
};

type ArgumentValue<C> = C extends { readonly argument: infer A extends ArgumentSpec }
  ? A extends { readonly optional: true }
    ? { -readonly [K in A['name']]?: string }
    : { -readonly [K in A['name']]: A extends { readonly variadic: true } ? string[] : string }
  : unknown;

/**
 * The parsed options of a command, from its declaration: each flag in camelCase (`--top-k` is
 * `topK`), required ones and those with a default always present, plus the positional argument
 * under its name. @internal
 */
export type OptionsOf<P extends CommandPath> = OptionsOfSpec<(typeof COMMANDS)[P]>;

/** The parsed options of any command declaration (what OptionsOf reads). @internal */
export type OptionsOfSpec<C extends CommandSpec> = Flatten<OptionValues<C['options']> & ArgumentValue<C>>;

/** The global options (`--debug`). @internal */
export type GlobalOptions = Flatten<OptionValues<typeof PROGRAM.options>>;

/** `--top-k` → `topK`: the key commander (and OptionsOf) use for a flag. @internal */
export function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}
