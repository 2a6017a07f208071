/**
 * Short-term memory: CreateEvent, GetEvent, DeleteEvent, ListEvents, and the actors and sessions
 * derived from events (ListActors, ListSessions).
 * @internal
 */
import { randomBytes } from 'node:crypto';
import { EmulatorHttpError, notFound } from '../http-error.js';
import {
  ACTOR_ID,
  BRANCH_NAME,
  CONVERSATIONAL_TEXT,
  EVENT_ID,
  MAX_PAYLOAD_ITEMS,
  ROLES,
  SESSION_ID,
} from './limits.js';
import { scheduleExtraction } from './long-term.js';
import { eventMetadata, type MetadataFilter, matchesMetadata, metadataFilters } from './metadata.js';
import { type BoundOperation, canonicalJson, defineOperation, ok, type RawInput } from './operation.js';
import { pageInput, paginate } from './pagination.js';
import type { MemoryState, StoredEvent, StoredSession } from './store.js';
import {
  checkString,
  fieldError,
  isObject,
  type JsonObject,
  join,
  memberPath,
  optBool,
  optObject,
  optString,
  reqList,
  reqObject,
  reqString,
  reqTimestamp,
  unionMember,
  validationException,
} from './validate.js';

const ACTOR_KEY = 'bedrock-agentcore:actorId';
const SESSION_KEY = 'bedrock-agentcore:sessionId';
/** Events without a branch belong to the main branch. */
const MAIN_BRANCH = 'main';

const LABEL_RULES = { actorId: ACTOR_ID, sessionId: SESSION_ID, eventId: EVENT_ID } as const;

function pathLabel(raw: RawInput, key: keyof typeof LABEL_RULES): string {
  return checkString(raw.route[key], key, LABEL_RULES[key]);
}

/** An event in its wire form. */
function wireEvent(memory: MemoryState, event: StoredEvent, includePayload = true): JsonObject {
  return {
    memoryId: memory.memoryId,
    actorId: event.actorId,
    sessionId: event.sessionId,
    eventId: event.eventId,
    eventTimestamp: event.eventTimestamp / 1000,
    payload: includePayload ? event.payload : [],
    ...(event.branch === undefined ? {} : { branch: event.branch }),
    ...(event.metadata === undefined ? {} : { metadata: event.metadata }),
  };
}

/** The kinds of payload item, and which kinds an operation takes. */
type PayloadKind = 'conversational' | 'blob' | 'json';
const EVENT_PAYLOAD_KINDS: readonly PayloadKind[] = ['conversational', 'blob', 'json'];

/**
 * Checks one payload item of CreateEvent (or, with `kinds`, of IngestData, whose items are
 * conversational or JSON) and answers its kind.
 * @internal
 */
export function checkPayloadItem(
  item: unknown,
  path: string,
  kinds: readonly PayloadKind[] = EVENT_PAYLOAD_KINDS,
): PayloadKind {
  const member = unionMember(item, path, kinds);
  const value = (item as JsonObject)[member];
  const memberAt = join(path, member);
  if (member === 'conversational') {
    if (!isObject(value)) throw fieldError(memberAt, value, 'Member must be a structure');
    const conversational = value;
    const content = reqObject(conversational, 'content', memberAt);
    unionMember(content, join(memberAt, 'content'), ['text']);
    checkString(content['text'], join(memberAt, 'content.text'), CONVERSATIONAL_TEXT);
    reqString(conversational, 'role', memberAt, { values: ROLES });
  } else if (member === 'json') {
    if (!isObject(value) || !('content' in value)) {
      throw fieldError(join(memberAt, 'content'), undefined, 'Member must not be null');
    }
  }
  return member;
}

interface CreateEventInput {
  actorId: string;
  sessionId: string;
  eventTimestamp: number;
  payload: unknown[];
  conversational: boolean;
  /** Long-term extraction: off with `extractionMode: 'SKIP'`. */
  extract: boolean;
  namespaceVariables?: Record<string, string>;
  addressedByArn: boolean;
  branch?: { name: string; rootEventId?: string };
  metadata?: Record<string, unknown>;
}

function parseBranch(body: JsonObject): CreateEventInput['branch'] {
  const branch = optObject(body, 'branch', '');
  if (branch === undefined) return undefined;
  const name = reqString(branch, 'name', 'branch', BRANCH_NAME);
  const rootEventId = optString(branch, 'rootEventId', 'branch', EVENT_ID);
  return rootEventId === undefined ? { name } : { name, rootEventId };
}

const createEvent = defineOperation<CreateEventInput>({
  idempotent: true,
  parse({ body, route }) {
    const actorId = reqString(body, 'actorId', '', ACTOR_ID);
    // The model makes sessionId optional but documents no default, and every stored event has
    // one: the emulator requires it (an assumption, not documented AWS behaviour).
    const sessionId = reqString(body, 'sessionId', '', SESSION_ID);
    const eventTimestamp = reqTimestamp(body, 'eventTimestamp', '');
    const payload = reqList(body, 'payload', '', { max: MAX_PAYLOAD_ITEMS });
    const kinds = payload.map((item, i) => checkPayloadItem(item, memberPath('payload', i)));
    const extractionMode = optString(body, 'extractionMode', '', { values: ['SKIP'] });
    const namespaceVariables = parseNamespaceVariables(body);
    const branch = parseBranch(body);
    const metadata = eventMetadata(body, '');
    return {
      actorId,
      sessionId,
      eventTimestamp,
      payload,
      conversational: kinds.includes('conversational'),
      extract: extractionMode === undefined,
      addressedByArn: route.memoryId.startsWith('arn:'),
      ...(namespaceVariables === undefined ? {} : { namespaceVariables }),
      ...(branch === undefined ? {} : { branch }),
      ...(metadata === undefined ? {} : { metadata }),
    };
  },
  context: (input) => ({ [ACTOR_KEY]: input.actorId, [SESSION_KEY]: input.sessionId }),
  run(memory, input, store) {
    if (!store.paceCreateEvent(memory.arn, input.actorId, input.sessionId, input.conversational)) {
      throw new EmulatorHttpError(429, 'ThrottledException', 'Rate exceeded.');
    }
    const rootEventId = input.branch?.rootEventId;
    if (rootEventId !== undefined) checkRootEvent(memory, rootEventId, input);
    const event: StoredEvent = {
      eventId: newEventId(memory, input.eventTimestamp),
      actorId: input.actorId,
      sessionId: input.sessionId,
      eventTimestamp: input.eventTimestamp,
      payload: input.payload,
      seq: store.nextSeq(),
      ...(input.branch === undefined ? {} : { branch: input.branch }),
      ...(input.metadata === undefined ? {} : { metadata: input.metadata }),
    };
    memory.events.set(event.eventId, event);
    registerSession(memory, input.actorId, input.sessionId, store.now());
    if (input.extract) {
      scheduleExtraction(
        memory,
        {
          actorId: input.actorId,
          sessionId: input.sessionId,
          texts: input.payload.flatMap(conversationalText),
          addressedByArn: input.addressedByArn,
          eventId: event.eventId,
          ...(input.namespaceVariables === undefined ? {} : { namespaceVariables: input.namespaceVariables }),
        },
        store.now(),
      );
    }
    return ok({ event: wireEvent(memory, event) }, 201);
  },
});

/**
 * `extractionConfig.namespaceVariables` of a CreateEvent or IngestData body, checked.
 * @internal
 */
export function parseNamespaceVariables(body: JsonObject): Record<string, string> | undefined {
  const extraction = optObject(body, 'extractionConfig', '');
  const variables =
    extraction === undefined ? undefined : optObject(extraction, 'namespaceVariables', 'extractionConfig');
  if (variables === undefined) return undefined;
  // No prototype: a variable named __proto__ stays a variable.
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(variables)) {
    out[key] = checkString(value, `extractionConfig.namespaceVariables.${key}`, {});
  }
  return out;
}

/** The text of a conversational payload item (checked already), or nothing. @internal */
export function conversationalText(item: unknown): string[] {
  const conversational = (item as JsonObject)['conversational'];
  if (!isObject(conversational)) return [];
  const content = conversational['content'];
  return isObject(content) && typeof content['text'] === 'string' ? [content['text']] : [];
}

// A branch forks from an event of the same actor and session (ValidationException reason
// EventInOtherSession, as modelled); a root event that does not exist at all is reported as not
// found (an assumption).
function checkRootEvent(memory: MemoryState, rootEventId: string, input: CreateEventInput): void {
  const root = memory.events.get(rootEventId);
  if (root === undefined) throw notFound(`Root event ${rootEventId} not found in memory ${memory.memoryId}.`);
  if (root.actorId !== input.actorId || root.sessionId !== input.sessionId) {
    throw validationException(
      `Root event ${rootEventId} belongs to another actor or session: a branch must fork from an event of the same session.`,
      'EventInOtherSession',
    );
  }
}

function newEventId(memory: MemoryState, timestamp: number): string {
  const prefix = String(Math.max(0, timestamp)).padStart(19, '0');
  for (;;) {
    const id = `${prefix}#${randomBytes(4).toString('hex')}`;
    if (!memory.events.has(id)) return id;
  }
}

function registerSession(memory: MemoryState, actorId: string, sessionId: string, now: number): void {
  let actor = memory.actors.get(actorId);
  if (actor === undefined) {
    actor = { actorId, sessions: new Map() };
    memory.actors.set(actorId, actor);
  }
  if (!actor.sessions.has(sessionId)) actor.sessions.set(sessionId, { actorId, sessionId, createdAt: now });
}

interface EventAddress {
  actorId: string;
  sessionId: string;
  eventId: string;
}

function parseAddress(raw: RawInput): EventAddress {
  return {
    actorId: pathLabel(raw, 'actorId'),
    sessionId: pathLabel(raw, 'sessionId'),
    eventId: pathLabel(raw, 'eventId'),
  };
}

function findEvent(memory: MemoryState, address: EventAddress): StoredEvent {
  const event = memory.events.get(address.eventId);
  if (event === undefined || event.actorId !== address.actorId || event.sessionId !== address.sessionId) {
    throw notFound(
      `Event ${address.eventId} not found for actor ${address.actorId} and session ${address.sessionId} in memory ${memory.memoryId}.`,
    );
  }
  return event;
}

const eventContext = (input: { actorId: string; sessionId: string }) => ({
  [ACTOR_KEY]: input.actorId,
  [SESSION_KEY]: input.sessionId,
});

const getEvent = defineOperation<EventAddress>({
  parse: parseAddress,
  context: eventContext,
  run: (memory, input) => ok({ event: wireEvent(memory, findEvent(memory, input)) }),
});

const deleteEvent = defineOperation<EventAddress>({
  parse: parseAddress,
  context: eventContext,
  run(memory, input) {
    const event = findEvent(memory, input);
    memory.events.delete(event.eventId);
    return ok({ eventId: event.eventId });
  },
});

interface ListEventsInput {
  actorId: string;
  sessionId: string;
  includePayloads: boolean;
  branch?: { name: string; includeParentBranches: boolean };
  metadata?: MetadataFilter[];
  maxResults: number;
  nextToken: string | undefined;
}

const listEvents = defineOperation<ListEventsInput>({
  parse(raw) {
    const { body } = raw;
    const filter = optObject(body, 'filter', '');
    const branch = filter === undefined ? undefined : optObject(filter, 'branch', 'filter');
    const branchName =
      branch === undefined ? undefined : reqString(branch, 'name', 'filter.branch', BRANCH_NAME);
    const includeParents =
      branch === undefined ? false : optBool(branch, 'includeParentBranches', 'filter.branch');
    const metadata =
      filter === undefined ? undefined : metadataFilters(filter, 'eventMetadata', 'filter', 'event');
    return {
      actorId: pathLabel(raw, 'actorId'),
      sessionId: pathLabel(raw, 'sessionId'),
      // Payloads are included unless the caller opts out.
      includePayloads: optBool(body, 'includePayloads', '') ?? true,
      ...(branchName === undefined
        ? {}
        : { branch: { name: branchName, includeParentBranches: includeParents ?? false } }),
      ...(metadata === undefined ? {} : { metadata }),
      ...pageInput(body),
    };
  },
  context: eventContext,
  run(memory, input) {
    const session = [...memory.events.values()].filter(
      (e) => e.actorId === input.actorId && e.sessionId === input.sessionId,
    );
    const onBranch = input.branch === undefined ? session : branchEvents(memory, session, input.branch);
    const matching = onBranch.filter((e) => matchesMetadata(e.metadata, input.metadata));
    // Newest first: the order AgentCore users report; equal timestamps in reverse creation order.
    const page = paginate(matching, (e) => [e.eventTimestamp, e.seq], ['desc', 'desc'], {
      ...input,
      scope: `ListEvents|${memory.arn}|${input.actorId}|${input.sessionId}|${canonicalJson(input.branch)}|${canonicalJson(input.metadata)}`,
    });
    return ok({
      events: page.items.map((e) => wireEvent(memory, e, input.includePayloads)),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    });
  },
});

function branchOf(event: StoredEvent): string {
  return event.branch?.name ?? MAIN_BRANCH;
}

/**
 * Events of a branch; with `includeParentBranches`, also the events of each parent branch up to and
 * including the event the branch forked from (its `rootEventId`).
 */
function branchEvents(
  memory: MemoryState,
  session: StoredEvent[],
  filter: { name: string; includeParentBranches: boolean },
): StoredEvent[] {
  const selected = new Set(session.filter((e) => branchOf(e) === filter.name));
  if (!filter.includeParentBranches) return [...selected];
  const visited = new Set<string>([filter.name]);
  let branch = filter.name;
  for (;;) {
    const rootEventId = session
      .filter((e) => branchOf(e) === branch && e.branch?.rootEventId !== undefined)
      .sort((a, b) => a.seq - b.seq)[0]?.branch?.rootEventId;
    const root = rootEventId === undefined ? undefined : memory.events.get(rootEventId);
    if (root === undefined || visited.has(branchOf(root))) break;
    const parent = branchOf(root);
    for (const e of session) {
      const upToRoot =
        e.eventTimestamp < root.eventTimestamp ||
        (e.eventTimestamp === root.eventTimestamp && e.seq <= root.seq);
      if (branchOf(e) === parent && upToRoot) selected.add(e);
    }
    visited.add(parent);
    branch = parent;
  }
  return [...selected];
}

const listActors = defineOperation<{ maxResults: number; nextToken: string | undefined }>({
  parse: ({ body }) => pageInput(body),
  run(memory, input) {
    const page = paginate([...memory.actors.keys()], (actorId) => [actorId], ['asc'], {
      ...input,
      scope: `ListActors|${memory.arn}`,
    });
    return ok({
      actorSummaries: page.items.map((actorId) => ({ actorId })),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    });
  },
});

interface ListSessionsInput {
  actorId: string;
  hasEvents: boolean;
  maxResults: number;
  nextToken: string | undefined;
}

const listSessions = defineOperation<ListSessionsInput>({
  parse(raw) {
    const filter = optObject(raw.body, 'filter', '');
    const eventFilter =
      filter === undefined
        ? undefined
        : optString(filter, 'eventFilter', 'filter', { values: ['HAS_EVENTS'] });
    return {
      actorId: pathLabel(raw, 'actorId'),
      hasEvents: eventFilter === 'HAS_EVENTS',
      ...pageInput(raw.body),
    };
  },
  context: (input) => ({ [ACTOR_KEY]: input.actorId }),
  run(memory, input) {
    let sessions: StoredSession[] = [...(memory.actors.get(input.actorId)?.sessions.values() ?? [])];
    if (input.hasEvents) {
      const live = new Set<string>();
      for (const e of memory.events.values()) if (e.actorId === input.actorId) live.add(e.sessionId);
      sessions = sessions.filter((s) => live.has(s.sessionId));
    }
    const page = paginate(sessions, (s) => [s.createdAt, s.sessionId], ['desc', 'asc'], {
      ...input,
      scope: `ListSessions|${memory.arn}|${input.actorId}|${input.hasEvents}`,
    });
    return ok({
      sessionSummaries: page.items.map((s) => ({
        sessionId: s.sessionId,
        actorId: s.actorId,
        createdAt: s.createdAt / 1000,
      })),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    });
  },
});

/** The event, actor and session operations. */
export const EVENT_OPERATIONS = {
  CreateEvent: createEvent,
  GetEvent: getEvent,
  DeleteEvent: deleteEvent,
  ListEvents: listEvents,
  ListActors: listActors,
  ListSessions: listSessions,
} satisfies Record<string, BoundOperation>;
