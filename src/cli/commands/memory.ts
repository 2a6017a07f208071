/**
 * `agentcore-xacct memory create-event|retrieve|list-records|list-events|import`: the memory data
 * plane of another account through CrossAccountAgentClient (every call by full memory ARN).
 * `import` sends a JSONL file of records in batches, shows a progress bar on a TTY, prints the
 * succeeded/failed count and writes the failed items (with their errors) to a file.
 * @internal
 */
import { writeFileSync } from 'node:fs';
import type { BatchItemError, CrossAccountMemory, MemoryRecordDraft } from '../../index.js';
import { CliError, describeError } from '../fail.js';
import type { Output } from '../output.js';
import { parseJson, readText } from '../read.js';
import type { OptionsOf } from '../spec.js';
import { agentClient } from './invoke.js';

/** Options every memory subcommand takes (../spec.ts: MEMORY_ACCESS). @internal */
export type MemoryAccessOptions = Pick<
  OptionsOf<'memory list-records'>,
  'memoryArn' | 'roleArn' | 'externalId' | 'profile' | 'endpointUrl' | 'region'
>;

/** Records a batch request carries (the service's limit). */
const BATCH = 100;

async function withMemory(
  o: MemoryAccessOptions,
  use: (memory: CrossAccountMemory) => Promise<number>,
): Promise<number> {
  const client = agentClient(o);
  try {
    return await use(client.memory(o.memoryArn));
  } finally {
    client.destroy();
  }
}

interface Item {
  content?: { text?: string } | undefined;
  payload?: readonly { conversational?: { role?: string; content?: { text?: string } } }[] | undefined;
}

function textOf(item: Item): string {
  if (item.content?.text !== undefined) return item.content.text;
  const turns = (item.payload ?? []).flatMap((p) =>
    p.conversational === undefined
      ? []
      : [`${p.conversational.role ?? '?'}: ${p.conversational.content?.text ?? ''}`],
  );
  return turns.length > 0 ? turns.join(' | ') : JSON.stringify(item);
}

/** Prints items as they arrive (text, NDJSON), or all at once as one JSON array. */
async function printAll(
  out: Output,
  output: 'text' | 'json' | 'ndjson',
  items: AsyncIterable<object>,
  id: (item: object) => string,
): Promise<number> {
  const all: object[] = [];
  let n = 0;
  for await (const item of items) {
    n += 1;
    if (output === 'json') all.push(item);
    else if (output === 'ndjson') out.data(JSON.stringify(item));
    else out.line(`${id(item)}  ${textOf(item as Item)}`);
  }
  if (output === 'json') out.data(JSON.stringify(all, null, 2));
  else if (output === 'text') out.error(out.dim(`${n} item(s)`));
  return 0;
}

/** `memory create-event`: one conversational turn. @internal */
export function runCreateEvent(out: Output, o: OptionsOf<'memory create-event'>): Promise<number> {
  return withMemory(o, async (memory) => {
    const output = await memory.recordTurns({
      actorId: o.actorId,
      sessionId: o.sessionId,
      turns: [{ role: o.role, text: o.text }],
    });
    const eventId = output.event?.eventId ?? '';
    if (o.output === 'json') out.data(JSON.stringify({ eventId }));
    else out.line(`created event ${eventId}`);
    return 0;
  });
}

/** `memory retrieve`: semantic search in a namespace. @internal */
export function runRetrieve(out: Output, o: OptionsOf<'memory retrieve'>): Promise<number> {
  return withMemory(o, async (memory) => {
    const records = await memory.retrieve({
      namespace: o.namespace,
      query: o.query,
      ...(o.topK === undefined ? {} : { topK: o.topK }),
    });
    async function* each(): AsyncGenerator<object> {
      yield* records;
    }
    return printAll(out, o.output, each(), (r) => String((r as { memoryRecordId?: string }).memoryRecordId));
  });
}

/** `memory list-records`. @internal */
export function runListRecords(out: Output, o: OptionsOf<'memory list-records'>): Promise<number> {
  return withMemory(o, (memory) =>
    printAll(out, o.output, memory.listMemoryRecords({ namespace: o.namespace }), (r) =>
      String((r as { memoryRecordId?: string }).memoryRecordId),
    ),
  );
}

/** `memory list-events`. @internal */
export function runListEvents(out: Output, o: OptionsOf<'memory list-events'>): Promise<number> {
  return withMemory(o, (memory) =>
    printAll(out, o.output, memory.listEvents({ actorId: o.actorId, sessionId: o.sessionId }), (e) =>
      String((e as { eventId?: string }).eventId),
    ),
  );
}

/** Parses a JSONL file of record drafts; a bad line is a usage error naming it. */
function readDrafts(file: string): MemoryRecordDraft[] {
  return readText(file)
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, n]) => {
      const value = parseJson(line, `${file}:${n}`) as Partial<MemoryRecordDraft> & { timestamp?: unknown };
      if (typeof value?.content?.text !== 'string' || !Array.isArray(value.namespaces))
        throw new CliError(
          `${file}:${n} is not a record: it needs "content": {"text": …} and "namespaces": […]`,
          'Write one record a line: {"content":{"text":"Likes tea"},"namespaces":["preferences/user-42"]}.',
        );
      const draft = { ...value } as MemoryRecordDraft;
      if (typeof value.timestamp === 'string') draft.timestamp = new Date(value.timestamp);
      return draft;
    });
}

function progress(out: Output, tty: boolean, done: number, total: number): void {
  if (!tty) {
    out.error(`imported ${done}/${total}`);
    return;
  }
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stderr.write('\n');
}

/** Records that failed for one reason. */
interface FailureReason {
  reason: string;
  count: number;
  /** The line of the file of the first record that failed for it. */
  firstLine: number;
  fix?: string;
}

/**
 * Why an item failed, in one line: the request's error as the CLI words it (an AccessDenied with
 * its diagnosis), or the service's item error code and the first line of its message.
 */
function reasonOf(error: BatchItemError): { reason: string; fix?: string } {
  if (error.cause !== undefined) {
    const { message, fix } = describeError(error.cause);
    return { reason: message.split('\n')[0] ?? message, ...(fix === undefined ? {} : { fix }) };
  }
  return { reason: `${error.code}: ${error.message.split('\n')[0] ?? ''}` };
}

/** `memory import FILE.jsonl`: resolves to 1 when any record failed. @internal */
export function runImport(out: Output, file: string, o: OptionsOf<'memory import'>): Promise<number> {
  const drafts = readDrafts(file);
  const failedFile = o.failedFile ?? `${file.replace(/\.jsonl$/, '')}.failed.jsonl`;
  const tty = process.stderr.isTTY === true;
  return withMemory(o, async (memory) => {
    let succeeded = 0;
    const failed: string[] = [];
    const reasons = new Map<string, FailureReason>();
    for (let start = 0; start < drafts.length; start += BATCH) {
      const chunk = drafts.slice(start, start + BATCH);
      const result = await memory.batchCreateMemoryRecords({ records: chunk });
      succeeded += result.succeeded.length;
      for (const f of result.failed) {
        const line = start + f.index + 1;
        failed.push(JSON.stringify({ line, record: f.item, error: f.error.message }));
        const { reason, fix } = reasonOf(f.error);
        const seen = reasons.get(reason);
        if (seen === undefined)
          reasons.set(reason, { reason, count: 1, firstLine: line, ...(fix === undefined ? {} : { fix }) });
        else seen.count += 1;
      }
      progress(out, tty, start + chunk.length, drafts.length);
    }
    if (failed.length > 0) writeFileSync(failedFile, `${failed.join('\n')}\n`);
    const byCount = [...reasons.values()].sort((a, b) => b.count - a.count);
    if (o.output === 'json') {
      const summary = {
        succeeded,
        failed: failed.length,
        ...(failed.length > 0 ? { failedFile, reasons: byCount } : {}),
      };
      out.data(JSON.stringify(summary));
      return failed.length > 0 ? 1 : 0;
    }
    out.line(
      `${succeeded} succeeded, ${failed.length} failed${failed.length > 0 ? ` (written to ${failedFile})` : ''}`,
    );
    for (const r of byCount) {
      out.error(`${r.count} failed (first: ${file} line ${r.firstLine}): ${r.reason}`);
      if (r.fix !== undefined) out.error(`  fix: ${r.fix}`);
    }
    return failed.length > 0 ? 1 : 0;
  });
}
