/**
 * IngestData (`POST /memories/{memoryId}/ingest`, 202): content submitted straight to long-term
 * extraction, without a short-term event. Shapes from @aws-sdk/client-bedrock-agentcore 3.1141
 * (`IngestDataInput`: `source.inline.payload` of conversational or JSON items, `contentTimestamp`,
 * `actorId`, optional `sessionId`, `extractionConfig`, `metadata`, `clientToken`); the API
 * reference gives 1–100 payload items and the actor id pattern; the other members follow
 * CreateEvent's constraints (an assumption). The quotas are FACTS.md's: 5 requests/s per actor
 * and session, 10/s per account. The IAM service data does not list IngestData, so the request
 * sets no service condition keys.
 * @internal
 */
import { randomUUID } from 'node:crypto';
import { EmulatorHttpError } from '../http-error.js';
import { checkPayloadItem, conversationalText, parseNamespaceVariables } from './events.js';
import { ACTOR_ID, MAX_PAYLOAD_ITEMS, SESSION_ID } from './limits.js';
import { scheduleExtraction } from './long-term.js';
import { eventMetadata } from './metadata.js';
import { type BoundOperation, defineOperation, ok } from './operation.js';
import {
  isObject,
  type JsonObject,
  join,
  memberPath,
  optString,
  reqList,
  reqObject,
  reqString,
  reqTimestamp,
  unionMember,
} from './validate.js';

interface IngestInput {
  actorId: string;
  sessionId: string | undefined;
  texts: string[];
  namespaceVariables?: Record<string, string>;
  addressedByArn: boolean;
}

/** The text extraction reads from one item: the conversational text, or the JSON content as JSON. */
function itemText(item: unknown): string[] {
  const json = (item as JsonObject)['json'];
  if (isObject(json)) return [JSON.stringify(json['content'])];
  return conversationalText(item);
}

const ingestData = defineOperation<IngestInput>({
  idempotent: true,
  parse({ body, route }) {
    const actorId = reqString(body, 'actorId', '', ACTOR_ID);
    const sessionId = optString(body, 'sessionId', '', SESSION_ID);
    reqTimestamp(body, 'contentTimestamp', '');
    const source = reqObject(body, 'source', '');
    unionMember(source, 'source', ['inline']);
    const inline = reqObject(source, 'inline', 'source');
    const payload = reqList(inline, 'payload', 'source.inline', { min: 1, max: MAX_PAYLOAD_ITEMS });
    payload.forEach((item, i) => {
      checkPayloadItem(item, join('source.inline', memberPath('payload', i)), ['conversational', 'json']);
    });
    eventMetadata(body, '');
    const namespaceVariables = parseNamespaceVariables(body);
    return {
      actorId,
      sessionId,
      texts: payload.flatMap(itemText),
      addressedByArn: route.memoryId.startsWith('arn:'),
      ...(namespaceVariables === undefined ? {} : { namespaceVariables }),
    };
  },
  run(memory, input, store) {
    if (!store.paceIngestData(memory.arn, input.actorId, input.sessionId)) {
      throw new EmulatorHttpError(429, 'ThrottledException', 'Rate exceeded.');
    }
    // "If not provided, a session identifier is generated and returned in the response."
    const sessionId = input.sessionId ?? `ingest-${randomUUID()}`;
    scheduleExtraction(
      memory,
      {
        actorId: input.actorId,
        sessionId,
        texts: input.texts,
        addressedByArn: input.addressedByArn,
        ...(input.namespaceVariables === undefined ? {} : { namespaceVariables: input.namespaceVariables }),
      },
      store.now(),
    );
    return ok({ sessionId }, 202);
  },
});

/** The IngestData operation. */
export const INGEST_OPERATIONS = { IngestData: ingestData } satisfies Record<string, BoundOperation>;
