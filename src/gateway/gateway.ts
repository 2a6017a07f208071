/**
 * `GatewayClient`: an MCP client of an AgentCore gateway in another account, over SigV4, built on
 * the official MCP TypeScript SDK (an optional peer, loaded on the first call).
 * @module
 */
import { parseArnOfType } from '../arn/parse.js';
import { REGION } from '../arn/patterns.js';
import { isInvalidArnError, shown, ValidationError } from '../errors.js';
import { callControl, inputObject, plain, record, string } from '../input.js';

/**
 * Options of {@link CrossAccountAgentClient.gateway}.
 *
 * @example
 * ```ts
 * const options: GatewayOptions = { url: emulator.gatewayUrl(gatewayArn) };
 * ```
 */
export interface GatewayOptions {
  /**
   * The gateway's MCP URL, when it is not AWS's
   * `https://{gatewayId}.gateway.bedrock-agentcore.{region}.amazonaws.com/mcp` (the local
   * emulator's `gatewayUrl`, a proxy). Default: derived from the ARN.
   */
  url?: string;
  /** The region to sign for when a URL outside AWS is given alone; default the client's `region`. */
  region?: string;
  /**
   * The MCP SDK's client classes, for a function bundled into one file that calls gateways: pass
   * `{ Client, StreamableHTTPClientTransport }` from `@modelcontextprotocol/sdk/client/index.js`
   * and `…/client/streamableHttp.js`, so the bundle carries them. Default: loaded by name on the
   * first call (bundlers do not follow that import, so a function that never calls a gateway does
   * not carry the SDK).
   */
  mcp?: McpClientClasses;
}

/**
 * The MCP TypeScript SDK's `Client` and `StreamableHTTPClientTransport` classes, as
 * {@link GatewayOptions.mcp} takes them (declared here so this library's types never need the
 * optional peer).
 *
 * @example
 * ```ts
 * import { Client } from '@modelcontextprotocol/sdk/client/index.js';
 * import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
 * const mcp: McpClientClasses = { Client, StreamableHTTPClientTransport };
 * ```
 */
export interface McpClientClasses {
  /** `Client` from `@modelcontextprotocol/sdk/client/index.js`. */
  Client: new (info: {
    name: string;
    version: string;
  }) => object;
  /** `StreamableHTTPClientTransport` from `@modelcontextprotocol/sdk/client/streamableHttp.js`. */
  StreamableHTTPClientTransport: new (
    url: URL,
    options: { fetch: (input: string | URL, init?: RequestInit) => Promise<Response> },
  ) => unknown;
}

/**
 * One tool a gateway offers (MCP `tools/list`).
 *
 * @example
 * ```ts
 * const tools: GatewayTool[] = await gateway.listTools();
 * console.log(tools.map((t) => t.name));
 * ```
 */
export interface GatewayTool {
  /** `{target}___{tool}` on an AgentCore gateway. */
  name: string;
  title?: string;
  description?: string;
  /** The JSON Schema of the arguments. */
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/**
 * What a tool call answers (MCP `tools/call`): content blocks (`{ type: 'text', text }`…), and
 * `isError` when the tool failed (the call itself succeeded).
 *
 * @example
 * ```ts
 * const result: GatewayToolResult = await gateway.callTool('search___flights', { to: 'LIS' });
 * if (result.isError) console.error(result.content);
 * ```
 */
export interface GatewayToolResult {
  content: Array<{ type: string; [key: string]: unknown }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/**
 * Per-call options of the gateway methods.
 *
 * @example
 * ```ts
 * await gateway.listTools({ timeoutMs: 5_000 });
 * ```
 */
export interface GatewayCallOptions {
  signal?: AbortSignal;
  /** Longest time for the call, in ms; default the MCP SDK's (60 s). */
  timeoutMs?: number;
}

/**
 * The calls a gateway client makes on an open MCP session (the MCP SDK's `Client`), declared here
 * so that this library's types never need the optional peer.
 * @internal
 */
export interface McpSession {
  listTools(
    params: { cursor?: string },
    options: { signal?: AbortSignal; timeout?: number },
  ): Promise<{ tools: unknown[]; nextCursor?: string | undefined }>;
  callTool(
    params: { name: string; arguments: Record<string, unknown> },
    resultSchema: undefined,
    options: { signal?: AbortSignal; timeout?: number },
  ): Promise<unknown>;
  close(): Promise<void>;
}

/** Where a gateway is. @internal */
export interface GatewayTarget {
  /** The MCP endpoint. */
  url: URL;
  /** The MCP SDK's classes, when given. */
  mcp: McpClientClasses | undefined;
  /** The region requests are signed for. */
  region: string;
  /** The gateway ARN, when given (for AccessDenied errors and diagnosis). */
  arn: string | undefined;
}

/** What a gateway client needs from `CrossAccountAgentClient`. @internal */
export interface GatewayTransport {
  /** Opens an MCP session whose every HTTP request is signed, retried and translated by the client. */
  open(target: GatewayTarget): Promise<McpSession>;
}

const AWS_GATEWAY_HOST =
  /^([0-9a-z][0-9a-z-]{0,199}-[0-9a-z]{10})\.gateway\.bedrock-agentcore\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const FIX =
  'Pass the gateway ARN (arn:aws:bedrock-agentcore:REGION:ACCOUNT_A:gateway/ID), or its MCP URL (https://ID.gateway.bedrock-agentcore.REGION.amazonaws.com/mcp).';

function dnsSuffix(partition: string): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/**
 * Where the gateway named by an ARN or URL is, and the region to sign for. Throws
 * {@link ValidationError} naming the field.
 * @internal
 */
export function resolveGateway(
  gatewayArnOrUrl: unknown,
  given: GatewayOptions,
  clientRegion: string | undefined,
): GatewayTarget {
  const value = string(gatewayArnOrUrl, 'gatewayArnOrUrl', FIX);
  const options = record(plain(given, 'options'), 'options', 'Pass { url?, region? }.') as GatewayOptions;
  const url = options.url === undefined ? undefined : parseUrl(options.url, 'url');
  const mcp = mcpClasses(given);
  if (options.region !== undefined && (typeof options.region !== 'string' || !REGION.test(options.region))) {
    throw new ValidationError(
      'region',
      `${shown(options.region, 40)} is not a region`,
      'Use a region code such as eu-west-1.',
    );
  }
  if (value.startsWith('arn:')) {
    let parsed: ReturnType<typeof parseArnOfType<'gateway'>>;
    try {
      parsed = parseArnOfType(value, 'gateway', 'gatewayArnOrUrl');
    } catch (error) {
      throw new ValidationError(
        'gatewayArnOrUrl',
        isInvalidArnError(error) ? error.message : 'not a gateway ARN',
        FIX,
        {
          cause: error,
        },
      );
    }
    // A full ARN keeps its own region (the client's forced region only completes a bare URL).
    const region = options.region ?? parsed.region;
    return {
      url:
        url ??
        new URL(
          `https://${parsed.gatewayId}.gateway.bedrock-agentcore.${parsed.region}.${dnsSuffix(parsed.partition)}/mcp`,
        ),
      region,
      arn: parsed.arn,
      mcp,
    };
  }
  if (url !== undefined) {
    throw new ValidationError(
      'url',
      'options.url is given with a URL as the gateway',
      'Pass the gateway ARN with options.url, or the URL alone.',
    );
  }
  const alone = parseUrl(value, 'gatewayArnOrUrl');
  const region = AWS_GATEWAY_HOST.exec(alone.hostname)?.[2] ?? options.region ?? clientRegion;
  if (region === undefined) {
    throw new ValidationError(
      'region',
      `the region of ${alone.host} is unknown`,
      "Pass options.region (the gateway's region), or the gateway ARN with options.url.",
    );
  }
  return { url: alone, region, arn: undefined, mcp };
}

/** The `mcp` option, read from the options as given (classes, not data: `plain` would not copy them). */
function mcpClasses(given: GatewayOptions): McpClientClasses | undefined {
  let mcp: unknown;
  try {
    mcp = (given as { mcp?: unknown } | null | undefined)?.mcp;
  } catch {
    mcp = null;
  }
  if (mcp === undefined) return undefined;
  const { Client, StreamableHTTPClientTransport } = (
    typeof mcp === 'object' && mcp !== null ? mcp : {}
  ) as Partial<McpClientClasses>;
  if (typeof Client !== 'function' || typeof StreamableHTTPClientTransport !== 'function') {
    throw new ValidationError(
      'mcp',
      'options.mcp must hold the MCP SDK classes Client and StreamableHTTPClientTransport',
      "Pass { Client, StreamableHTTPClientTransport } imported from '@modelcontextprotocol/sdk/client/index.js' and '…/client/streamableHttp.js', or leave mcp out.",
    );
  }
  return { Client, StreamableHTTPClientTransport };
}

function parseUrl(value: unknown, field: string): URL {
  const text = string(value, field, FIX);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(field, `${shown(text, 80)} is neither a gateway ARN nor a URL`, FIX);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError(field, `${url.protocol} is not http: or https:`, FIX);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ValidationError(
      field,
      'the URL carries a user name or password',
      'Pass the URL without credentials: requests are signed with SigV4.',
    );
  }
  return url;
}

function requestOptions(options: GatewayCallOptions): { signal?: AbortSignal; timeout?: number } {
  const given = inputObject(options, 'Pass { signal?, timeoutMs? } or nothing.', 'options');
  const control = callControl(given as Record<string, unknown>);
  return {
    ...(control.signal === undefined ? {} : { signal: control.signal }),
    ...(control.timeoutMs === undefined ? {} : { timeout: control.timeoutMs }),
  };
}

/**
 * An AgentCore gateway in another account, as an MCP client, from
 * {@link CrossAccountAgentClient.gateway}. Every HTTP request is signed with SigV4 (service
 * `bedrock-agentcore`) with the client's credentials (resource-policy or assume-role), retried
 * only when it never reached the gateway (throttled, no connection: a tool call may have side
 * effects), and an AccessDenied is an `AgentCoreAccessDeniedError` with its diagnosis. The MCP
 * session opens (initialize) on the first call and is reused; `close()` ends it.
 *
 * @example
 * ```ts
 * const gateway = client.gateway('arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij');
 * const tools = await gateway.listTools();
 * const result = await gateway.callTool(tools[0].name, { text: 'hello' });
 * await gateway.close();
 * ```
 */
export class GatewayClient {
  /** The MCP endpoint. */
  readonly url: string;
  /** The gateway ARN, when it was given. */
  readonly gatewayArn: string | undefined;
  /** The region requests are signed for. */
  readonly region: string;
  readonly #target: GatewayTarget;
  readonly #transport: GatewayTransport;
  #session: Promise<McpSession> | undefined;

  /** @internal */
  constructor(target: GatewayTarget, transport: GatewayTransport) {
    this.#target = target;
    this.#transport = transport;
    this.url = target.url.href;
    this.gatewayArn = target.arn;
    this.region = target.region;
  }

  #open(): Promise<McpSession> {
    if (this.#session === undefined) {
      const opening = this.#transport.open(this.#target);
      this.#session = opening;
      // A failed initialize (denied, unreachable) is retried by the next call.
      opening.catch(() => {
        if (this.#session === opening) this.#session = undefined;
      });
    }
    return this.#session;
  }

  /**
   * Every tool the gateway offers (MCP `tools/list`, all pages).
   *
   * @throws {@link AgentCoreAccessDeniedError} when the gateway (or STS) denies the caller.
   * @throws {@link MissingDependencyError} when `@modelcontextprotocol/sdk` is not installed.
   *
   * @example
   * ```ts
   * for (const tool of await gateway.listTools()) console.log(tool.name, tool.description);
   * ```
   */
  async listTools(options: GatewayCallOptions = {}): Promise<GatewayTool[]> {
    const request = requestOptions(options);
    const session = await this.#open();
    const tools: GatewayTool[] = [];
    let cursor: string | undefined;
    // Bounded: a gateway that keeps answering a cursor cannot loop forever.
    for (let page = 0; page < 1000; page++) {
      const answer = await session.listTools(cursor === undefined ? {} : { cursor }, request);
      tools.push(...(answer.tools as GatewayTool[]));
      cursor = answer.nextCursor;
      if (cursor === undefined) break;
    }
    return tools;
  }

  /**
   * Calls one tool (MCP `tools/call`). A failed tool answers `isError: true`; a denied call
   * throws.
   *
   * @throws {@link AgentCoreAccessDeniedError} when the gateway (or STS) denies the caller.
   *
   * @example
   * ```ts
   * const result = await gateway.callTool('echo-target___echo', { text: 'hello' });
   * console.log(result.content);
   * ```
   */
  async callTool(
    name: string,
    args: Record<string, unknown> = {},
    options: GatewayCallOptions = {},
  ): Promise<GatewayToolResult> {
    const tool = string(name, 'name', 'Pass the tool name, as listTools() lists it.');
    const argumentsObject = record(plain(args, 'args'), 'args', 'Pass the tool arguments as an object.');
    const request = requestOptions(options);
    const session = await this.#open();
    const answer = await session.callTool({ name: tool, arguments: argumentsObject }, undefined, request);
    return answer as GatewayToolResult;
  }

  /**
   * Ends the MCP session (its next call opens a new one).
   *
   * @example
   * ```ts
   * await gateway.close();
   * ```
   */
  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (session === undefined) return;
    try {
      await (await session).close();
    } catch {
      // A session that never opened has nothing to close.
    }
  }
}
