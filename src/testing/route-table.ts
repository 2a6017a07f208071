/**
 * The machinery of the emulator's one route table (the rows are in `routes.ts`): compiles each
 * row's path pattern once and matches a request to exactly one row, by the service the request is
 * signed for and, per that service's protocol, by method and path (REST-JSON) or by the `Action`
 * form field (AWS Query).
 * @module
 */
import type { RouteContext, StreamingResponse } from './responses.js';
import { SERVICES, type ServiceName } from './services.js';

/**
 * A route's parameters, decoded: the path labels of a REST-JSON route (`{memoryId}` …), or the
 * form fields of an AWS Query request (`RoleArn` …). A Map, so no request value can collide with
 * an object's prototype (`__proto__`, `constructor`).
 * @internal
 */
export type RouteParams = ReadonlyMap<string, string>;

/** Serves one matched request. @internal */
export type RouteHandler = (
  ctx: RouteContext,
  params: RouteParams,
) => StreamingResponse | Promise<StreamingResponse>;

/**
 * The emulator's side of an open WebSocket: the few members of `ws`'s WebSocket a session uses
 * (declared here so the emulator's types do not need `ws`).
 * @internal
 */
export interface EmulatorWebSocket {
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

/** What runs on a WebSocket once the handshake is done. @internal */
export type WebSocketSession = (socket: EmulatorWebSocket) => void;

/**
 * Serves a WebSocket upgrade request matched to a row: checks the request and authorizes it
 * (throwing the error to answer instead of upgrading), then says what runs on the socket.
 * @internal
 */
export type UpgradeHandler = (
  ctx: RouteContext,
  params: RouteParams,
) => WebSocketSession | Promise<WebSocketSession>;

/**
 * One row of the route table.
 * @internal
 */
export interface Route {
  /** The SigV4 signing name a request must be scoped to (`Credential=…/bedrock-agentcore/aws4_request`). */
  readonly service: ServiceName;
  /** HTTP method (upper case). */
  readonly method: string;
  /**
   * Path pattern in Smithy's `http` trait syntax: literal segments, `{label}` (exactly one
   * non-empty segment, URL-decoded) and `{label+}` (one or more segments). A trailing `/` is a
   * segment of its own: `/runtimes/` and `/runtimes` are different routes, as in AWS's models.
   * Rows of an AWS Query service share one pattern (`/`) and are told apart by `operation`.
   */
  readonly path: string;
  /** `InvokeAgentRuntime`, `CreateEvent`, `AssumeRole`…: the recorded name, the fault key, and for an AWS Query service the `Action` value. */
  readonly operation: string;
  /** The largest request body the operation takes, in bytes. */
  readonly maxBodyBytes: number;
  readonly handler: RouteHandler;
  /** For a WebSocket endpoint: serves the upgrade request (`server.on('upgrade')`). */
  readonly upgrade?: UpgradeHandler;
}

type Segment = { readonly literal: string } | { readonly label: string; readonly greedy: boolean };

interface Compiled {
  readonly route: Route;
  readonly segments: readonly Segment[];
  /** Literal segments: the more, the more specific (a literal beats a label, as in Smithy). */
  readonly literals: number;
}

/** A request matched to a row. @internal */
export interface RouteMatch {
  readonly route: Route;
  readonly params: RouteParams;
}

function compile(route: Route): Compiled {
  if (!route.path.startsWith('/')) throw new Error(`Route ${route.operation}: path must start with "/"`);
  const segments: Segment[] = route.path
    .slice(1)
    .split('/')
    .map((part) => {
      if (!part.startsWith('{')) return { literal: part };
      const greedy = part.endsWith('+}');
      return { label: part.slice(1, greedy ? -2 : -1), greedy };
    });
  const greedyAt = segments.findIndex((s) => 'label' in s && s.greedy);
  if (greedyAt >= 0 && greedyAt !== segments.length - 1) {
    throw new Error(`Route ${route.operation}: a greedy label must be the last segment`);
  }
  return { route, segments, literals: segments.filter((s) => 'literal' in s).length };
}

/** The shape two rows must not share: method, and each segment as its literal or a label. */
function shapeOf(compiled: Compiled): string {
  const parts = compiled.segments.map((s) => ('literal' in s ? `=${s.literal}` : s.greedy ? '+' : '*'));
  return `${compiled.route.service} ${compiled.route.method} ${parts.join('/')}`;
}

function decode(part: string): string | undefined {
  if (part === '') return undefined;
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** The labels of `compiled` read from `parts`, or undefined when the path does not fit. */
function bind(compiled: Compiled, parts: readonly string[]): RouteParams | undefined {
  const { segments } = compiled;
  const last = segments[segments.length - 1];
  const greedy = last !== undefined && 'label' in last && last.greedy;
  if (greedy ? parts.length < segments.length : parts.length !== segments.length) return undefined;
  const params = new Map<string, string>();
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as Segment;
    if ('literal' in segment) {
      if (parts[i] !== segment.literal) return undefined;
      continue;
    }
    const taken = segment.greedy ? parts.slice(i) : [parts[i] ?? ''];
    const values = taken.map(decode);
    if (values.some((v) => v === undefined)) return undefined;
    params.set(segment.label, values.join('/'));
  }
  return params;
}

/**
 * The compiled route table. Construction refuses rows that could match the same request (same
 * service, method and path shape; or the same AWS Query action twice), so a match is never
 * decided by row order.
 * @internal
 */
export class RouteTable {
  readonly #rest = new Map<string, Compiled[]>();
  readonly #query = new Map<string, Route>();
  readonly #maxQueryBody = new Map<ServiceName, number>();

  constructor(routes: readonly Route[]) {
    const shapes = new Set<string>();
    for (const route of routes) {
      if (SERVICES[route.service].protocol === 'query') {
        const key = `${route.service} ${route.operation}`;
        if (this.#query.has(key)) throw new Error(`Two routes for ${key}`);
        this.#query.set(key, route);
        this.#maxQueryBody.set(
          route.service,
          Math.max(this.#maxQueryBody.get(route.service) ?? 0, route.maxBodyBytes),
        );
        continue;
      }
      const compiled = compile(route);
      const shape = shapeOf(compiled);
      if (shapes.has(shape)) throw new Error(`Two routes match ${shape} (${route.operation})`);
      shapes.add(shape);
      const key = `${route.service} ${route.method}`;
      const list = this.#rest.get(key) ?? [];
      list.push(compiled);
      this.#rest.set(key, list);
    }
  }

  /**
   * The REST-JSON row for a method and a path as on the wire (URL-encoded, no query), with its
   * labels decoded; the row with the most literal segments wins. `undefined` when none matches.
   */
  matchPath(service: ServiceName, method: string, rawPath: string): RouteMatch | undefined {
    const candidates = this.#rest.get(`${service} ${method.toUpperCase()}`) ?? [];
    const parts = rawPath.slice(1).split('/');
    if (!rawPath.startsWith('/')) return undefined;
    let best: { compiled: Compiled; params: RouteParams } | undefined;
    for (const compiled of candidates) {
      if (best !== undefined && compiled.literals <= best.compiled.literals) continue;
      const params = bind(compiled, parts);
      if (params !== undefined) best = { compiled, params };
    }
    return best === undefined ? undefined : { route: best.compiled.route, params: best.params };
  }

  /** The AWS Query row of `service` whose operation is `action`. */
  matchAction(service: ServiceName, action: string): Route | undefined {
    return this.#query.get(`${service} ${action}`);
  }

  /** The largest body any AWS Query operation of `service` takes (its operation is in the body). */
  maxQueryBody(service: ServiceName): number {
    return this.#maxQueryBody.get(service) ?? 0;
  }
}

/** A parameter a matched row always has (its own path label). @internal */
export function requireParam(params: RouteParams, name: string): string {
  const value = params.get(name);
  if (value === undefined) throw new Error(`The route has no parameter ${name}`);
  return value;
}
