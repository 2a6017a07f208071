/**
 * A conversation with one agent runtime: one runtime session id kept across turns.
 * @module
 */
import { inputObject } from '../input.js';
import type { InvokeInput } from './invoke.js';
import type { AgentResponse } from './response.js';

/**
 * Input of `getAgentCard()`.
 *
 * @example
 * ```ts
 * await client.getAgentCard({ runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij' });
 * ```
 */
export interface GetAgentCardInput {
  /** The full runtime ARN in Account A (or an endpoint ARN). */
  runtimeArn: string;
  /** The endpoint name; default `DEFAULT`. */
  qualifier?: string;
  /** A runtime session id to send along (33–256 characters). */
  sessionId?: string;
  signal?: AbortSignal;
  /** Longest time for the call, retries included, in ms. */
  timeoutMs?: number;
}

/**
 * An agent's A2A agent card (a JSON document).
 *
 * @example
 * ```ts
 * const card: AgentCard = await client.getAgentCard({ runtimeArn });
 * console.log(card['name'], card['skills']);
 * ```
 */
export type AgentCard = Record<string, unknown>;

/**
 * Input of `stopSession()`.
 *
 * @example
 * ```ts
 * await client.stopSession({ runtimeArn, sessionId: response.sessionId });
 * ```
 */
export interface StopSessionInput {
  /** The full runtime ARN in Account A (or an endpoint ARN). */
  runtimeArn: string;
  /** The runtime session to stop. */
  sessionId: string;
  /** The endpoint name; default `DEFAULT`. */
  qualifier?: string;
  signal?: AbortSignal;
  /** Longest time for the call, retries included, in ms. */
  timeoutMs?: number;
}

/**
 * What `stopSession()` returns.
 *
 * @example
 * ```ts
 * const { statusCode } = await chat.stopSession();
 * ```
 */
export interface StopSessionResult {
  sessionId: string;
  statusCode: number;
}

/**
 * Options of `client.session()`.
 *
 * @example
 * ```ts
 * const chat = client.session(runtimeArn, { sessionId: savedSessionId, userId: 'user-42' });
 * ```
 */
export interface SessionOptions {
  /** Continue an existing conversation (33–256 characters); default: a new session id. */
  sessionId?: string;
  /** The endpoint name for every turn; default `DEFAULT`. */
  qualifier?: string;
  /** End-user id sent with every turn. */
  userId?: string;
}

/**
 * Per-turn options of {@link AgentSession.invoke}.
 *
 * @example
 * ```ts
 * await chat.invoke({ prompt: 'next' }, { timeoutMs: 10_000, traceParent });
 * ```
 */
export type TurnOptions = Omit<InvokeInput, 'runtimeArn' | 'payload' | 'sessionId' | 'qualifier'>;

/** The calls a session makes through its client. @internal */
export interface SessionTransport {
  invoke(input: InvokeInput): Promise<AgentResponse>;
  getAgentCard(input: GetAgentCardInput): Promise<AgentCard>;
  stopSession(input: StopSessionInput): Promise<StopSessionResult>;
}

/**
 * A conversation handle from {@link CrossAccountAgentClient.session}: every turn goes to the same
 * runtime with the same session id, so the agent keeps its context (and its microVM).
 * Send one turn at a time: AgentCore runs one request per session.
 *
 * @example
 * ```ts
 * const chat = client.session('arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij');
 * const first = await chat.invoke({ prompt: 'My name is Ada.' });
 * await first.text();
 * const second = await chat.invoke({ prompt: 'What is my name?' });
 * console.log(await second.text(), chat.sessionId);
 * await chat.stopSession();
 * ```
 */
export class AgentSession {
  /** The runtime ARN every turn goes to. */
  readonly runtimeArn: string;
  /** The runtime session id every turn carries. */
  readonly sessionId: string;
  /** The endpoint name, when one was given. */
  readonly qualifier: string | undefined;
  /** The end-user id, when one was given. */
  readonly userId: string | undefined;
  readonly #transport: SessionTransport;

  /** @internal */
  constructor(transport: SessionTransport, runtimeArn: string, sessionId: string, options: SessionOptions) {
    this.#transport = transport;
    this.runtimeArn = runtimeArn;
    this.sessionId = sessionId;
    this.qualifier = options.qualifier;
    this.userId = options.userId;
  }

  /**
   * Sends one turn of the conversation.
   *
   * @example
   * ```ts
   * const response = await chat.invoke({ prompt: 'Hello' });
   * ```
   */
  async invoke(payload: InvokeInput['payload'], options: TurnOptions = {}): Promise<AgentResponse> {
    options = turnOptions(options, 'Pass { userId?, signal?, timeoutMs?, … } or nothing.');
    const input: InvokeInput = {
      ...options,
      runtimeArn: this.runtimeArn,
      payload,
      sessionId: this.sessionId,
    };
    if (this.qualifier !== undefined) input.qualifier = this.qualifier;
    if (options.userId === undefined && this.userId !== undefined) input.userId = this.userId;
    return this.#transport.invoke(input);
  }

  /**
   * The agent's A2A agent card.
   *
   * @example
   * ```ts
   * const card = await chat.getAgentCard();
   * ```
   */
  async getAgentCard(options: Pick<GetAgentCardInput, 'signal' | 'timeoutMs'> = {}): Promise<AgentCard> {
    options = turnOptions(options, 'Pass { signal?, timeoutMs? } or nothing.');
    const input: GetAgentCardInput = { ...options, runtimeArn: this.runtimeArn, sessionId: this.sessionId };
    if (this.qualifier !== undefined) input.qualifier = this.qualifier;
    return this.#transport.getAgentCard(input);
  }

  /**
   * Stops the runtime session (ends the conversation and frees its microVM).
   *
   * @example
   * ```ts
   * await chat.stopSession();
   * ```
   */
  async stopSession(
    options: Pick<StopSessionInput, 'signal' | 'timeoutMs'> = {},
  ): Promise<StopSessionResult> {
    options = turnOptions(options, 'Pass { signal?, timeoutMs? } or nothing.');
    const input: StopSessionInput = { ...options, runtimeArn: this.runtimeArn, sessionId: this.sessionId };
    if (this.qualifier !== undefined) input.qualifier = this.qualifier;
    return this.#transport.stopSession(input);
  }
}

/** The options of one call, read once; refused when not an object. */
function turnOptions<T>(options: T, fix: string): T {
  return inputObject(options, fix, 'options');
}
