/**
 * A deterministic stand-in for AgentCore's semantic search: a record's score is the share of the
 * query's distinct terms that occur in its text (0 to 1). Records sharing no term are not returned.
 * @internal
 */
import type { StoredRecord } from './store.js';

/** A record and its relevance to the query. */
export interface Hit {
  record: StoredRecord;
  score: number;
}

/** Lower-cased words and numbers of a text, in any script. */
export function terms(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((term) => term !== ''),
  );
}

/** The records that share a term with `query`, best first (ties: newest first, then by id). */
export function rankByRelevance(records: readonly StoredRecord[], query: string): Hit[] {
  const wanted = terms(query);
  if (wanted.size === 0) return [];
  const hits: Hit[] = [];
  for (const record of records) {
    const have = terms(record.content.text);
    let shared = 0;
    for (const term of wanted) if (have.has(term)) shared += 1;
    if (shared > 0) hits.push({ record, score: shared / wanted.size });
  }
  return hits.sort(
    (a, b) =>
      b.score - a.score ||
      b.record.createdAt - a.record.createdAt ||
      (a.record.memoryRecordId < b.record.memoryRecordId ? -1 : 1),
  );
}
