/**
 * Fault injection for the local emulator: throttling, server errors, latency and dropped
 * connections, chosen per operation by a seeded rate or by a script.
 * @module
 */
import { shown, ValidationError } from '../errors.js';
import { list, optionalString, plain, record } from '../input.js';

/**
 * What a fault does to a request.
 *
 * - `throttle`: answers 429 `ThrottlingException` (`ThrottledException` for memory `CreateEvent`,
 *   `Throttling` with 400 for STS, as each service words it) without running the operation.
 * - `5xx`: answers `status` (500 by default) without running the operation.
 * - `latency`: waits `latencyMs` (default 1000) and then serves the request normally.
 * - `drop-before`: destroys the connection before the operation runs; nothing happened.
 * - `drop-after`: runs the operation (the write happens, the agent runs), then destroys the
 *   connection instead of answering: the answer is lost. This is what exercises idempotency.
 * - `drop`: an alias of `drop-before`.
 *
 * @example
 * ```ts
 * const kind: FaultKind = 'drop-after';
 * emulator.setFaults([{ operation: 'CreateEvent', script: [kind] }]);
 * ```
 */
export type FaultKind = 'throttle' | '5xx' | 'latency' | 'drop' | 'drop-before' | 'drop-after';

/**
 * One step of a fault script: `ok` serves the request untouched.
 *
 * @example
 * ```ts
 * const script: FaultScriptStep[] = ['throttle', 'throttle', 'ok'];
 * ```
 */
export type FaultScriptStep = 'ok' | FaultKind;

/**
 * A fault rule. A request is matched against the rules in order; the first rule whose
 * `operation` matches and that fires decides the fault.
 *
 * A rule fires either by `script` (one step per matching request, in order; once the script is
 * exhausted the rule never fires again) or by `rate` (a probability per matching request, drawn
 * from the emulator's seeded generator, so a run is reproducible with the same `seed`). Rules
 * are independent: a rule that does not fire (or whose script says `ok`) leaves the request to
 * the next rule.
 *
 * @example
 * ```ts
 * const rules: FaultRule[] = [
 *   { operation: 'InvokeAgentRuntime', script: ['throttle', 'ok'] },
 *   { operation: /^(CreateEvent|BatchCreateMemoryRecords)$/, kind: '5xx', status: 503, rate: 0.2 },
 *   { kind: 'latency', latencyMs: 250 },
 * ];
 * const emulator = await startLocalAgentCore({ faults: rules, seed: 7 });
 * ```
 */
export interface FaultRule {
  /**
   * Operation name (`InvokeAgentRuntime`, `CreateEvent`, `AssumeRole`, `PutResourcePolicy`…) or a
   * pattern tested against it. Omitted: every operation.
   */
  operation?: string | RegExp;
  /** What to do when the rule fires by `rate`. Required unless `script` is given. */
  kind?: FaultKind;
  /** Probability in [0, 1] that a matching request gets the fault. Default 1 (every request). */
  rate?: number;
  /** Explicit sequence of outcomes, one per matching request. */
  script?: readonly FaultScriptStep[];
  /** Delay of a `latency` fault, in milliseconds. Default 1000. */
  latencyMs?: number;
  /** Status of a `5xx` fault. Default 500. */
  status?: 500 | 502 | 503 | 504;
}

/** The fault chosen for one request. @internal */
export interface FaultDecision {
  kind: Exclude<FaultKind, 'drop'>;
  latencyMs: number;
  status: 500 | 502 | 503 | 504;
}

/** Deterministic 32-bit generator (mulberry32): fast, seeded, good enough for fault rates. @internal */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS: readonly FaultKind[] = ['throttle', '5xx', 'latency', 'drop', 'drop-before', 'drop-after'];

/**
 * What every rule must be: an object whose `operation` is a name or a pattern, `rate` a
 * probability and `script` a list of `steps`.
 */
function checkFiring(rule: unknown, field: string, steps: readonly string[]): Record<string, unknown> {
  const r = record(
    rule,
    field,
    'Pass a rule object, e.g. { operation: "CreateEvent", kind: "throttle", rate: 0.1 }.',
  );
  const operation = r['operation'];
  if (operation !== undefined && typeof operation !== 'string' && !(operation instanceof RegExp)) {
    throw new ValidationError(
      `${field}.operation`,
      `operation ${shown(operation)} is not an operation name or a pattern`,
      'Use a name such as CreateEvent, or a RegExp.',
    );
  }
  const rate = r['rate'];
  if (rate !== undefined && !(typeof rate === 'number' && rate >= 0 && rate <= 1)) {
    throw new ValidationError(
      `${field}.rate`,
      `Rate ${shown(rate)} is not a probability`,
      'Use a number from 0 to 1.',
    );
  }
  if (r['script'] !== undefined) {
    for (const step of list(r['script'], `${field}.script`, `Use a list of ${steps.join(', ')}.`)) {
      if (!steps.includes(step as string)) {
        throw new ValidationError(
          `${field}.script`,
          `Unknown script step ${shown(step)}`,
          `Use ${steps.join(', ')}.`,
        );
      }
    }
  }
  return r;
}

const STATUSES = [500, 502, 503, 504];

function checkRule(rule: FaultRule, index: number): void {
  const field = `faults[${index}]`;
  const r = checkFiring(rule, field, ['ok', ...KINDS]);
  if (r['script'] === undefined && r['kind'] === undefined) {
    throw new ValidationError(
      field,
      'A fault rule needs a kind or a script',
      "Add kind: 'throttle' (or a script).",
    );
  }
  if (r['kind'] !== undefined && !(KINDS as readonly unknown[]).includes(r['kind'])) {
    throw new ValidationError(
      `${field}.kind`,
      `Unknown fault kind ${shown(r['kind'])}`,
      `Use one of ${KINDS.join(', ')}.`,
    );
  }
  const latency = r['latencyMs'];
  if (latency !== undefined && !(typeof latency === 'number' && latency >= 0 && Number.isFinite(latency))) {
    throw new ValidationError(
      `${field}.latencyMs`,
      `latencyMs ${shown(latency)} is invalid`,
      'Use a non-negative number of milliseconds.',
    );
  }
  if (r['status'] !== undefined && !STATUSES.includes(r['status'] as number)) {
    throw new ValidationError(
      `${field}.status`,
      `status ${shown(r['status'])} is not a 5xx fault status`,
      `Use one of ${STATUSES.join(', ')}.`,
    );
  }
}

/** What the two kinds of rules share: where they apply, and how they fire. */
interface FiringRule<S> {
  operation?: string | RegExp | undefined;
  rate?: number | undefined;
  script?: readonly S[] | undefined;
}

/**
 * Rules tried in order, each firing by its script (one step per matching event, in order; spent,
 * never again) or by its rate (drawn from a seeded generator).
 */
class RuleList<R extends FiringRule<S>, S> {
  #rules: readonly R[] = [];
  #positions: number[] = [];
  readonly #random: () => number;
  readonly #check: (rule: R, index: number) => void;

  constructor(rules: readonly R[] | undefined, seed: number, check: (rule: R, index: number) => void) {
    this.#random = seededRandom(seed);
    this.#check = check;
    this.set(rules ?? []);
  }

  /** Replaces the rules (read once, checked); scripts start over. */
  set(given: readonly R[]): void {
    const rules = list(plain(given, 'rules'), 'rules', 'Pass a list of rules ([] for none).') as R[];
    rules.forEach(this.#check);
    this.#rules = rules;
    this.#positions = rules.map(() => 0);
  }

  /**
   * The first rule for `operation` that fires, and its step: the script's next step, or `onRate`
   * for a rule that fires by rate. A step `idle` accepts (`ok`) passes the event to the next rule.
   */
  next(
    operation: string,
    onRate: (rule: R) => S | undefined,
    idle: (step: S) => boolean,
  ): [R, S] | undefined {
    for (let i = 0; i < this.#rules.length; i++) {
      const rule = this.#rules[i] as R;
      if (!matches(rule.operation, operation)) continue;
      let step: S | undefined;
      if (rule.script !== undefined) {
        const position = this.#positions[i] ?? 0;
        if (position >= rule.script.length) continue;
        this.#positions[i] = position + 1;
        step = rule.script[position];
      } else if (this.#random() < (rule.rate ?? 1)) {
        step = onRate(rule);
      }
      if (step !== undefined && !idle(step)) return [rule, step];
    }
    return undefined;
  }
}

/**
 * Holds the fault rules of one emulator and decides, request by request, which fault applies.
 * @internal
 */
export class FaultInjector {
  readonly #rules: RuleList<FaultRule, FaultScriptStep>;

  constructor(rules: readonly FaultRule[] | undefined, seed: number) {
    this.#rules = new RuleList(rules, seed, checkRule);
  }

  /** Replaces the rules; scripts start over. */
  set(rules: readonly FaultRule[]): void {
    this.#rules.set(rules);
  }

  /** The fault for a request to `operation`, or `undefined` to serve it normally. */
  decide(operation: string): FaultDecision | undefined {
    const fired = this.#rules.next(
      operation,
      (rule) => rule.kind,
      (step) => step === 'ok',
    );
    if (fired === undefined) return undefined;
    const [rule, kind] = fired as [FaultRule, FaultKind];
    return {
      kind: kind === 'drop' ? 'drop-before' : kind,
      latencyMs: rule.latencyMs ?? 1000,
      status: rule.status ?? 500,
    };
  }
}

/**
 * A fault that fails single items of the memory batch writes (BatchCreateMemoryRecords,
 * BatchUpdateMemoryRecords, BatchDeleteMemoryRecords): the request succeeds, and each item the
 * rule picks is reported in `failedRecords` with `errorCode` and `errorMessage` and is not
 * written, the way the service reports a record it could not write. Set with the emulator's
 * `memory.itemFaults` option or `emulator.memory.setItemFaults(rules)`.
 *
 * Like a {@link FaultRule}, it fires by `script` (one step per matching item, in order) or by
 * `rate` (a probability per item, from a seeded generator: `memory.itemFaultSeed`).
 *
 * @example
 * ```ts
 * const emulator = await startLocalAgentCore({
 *   memory: { itemFaults: [{ operation: 'BatchCreateMemoryRecords', rate: 0.1, errorCode: 429 }] },
 * });
 * emulator.memory.setItemFaults([{ script: ['ok', 'fail'], errorCode: 503 }]);
 * ```
 */
export interface ItemFaultRule {
  /** `BatchCreateMemoryRecords`, `BatchUpdateMemoryRecords`, `BatchDeleteMemoryRecords`, or a pattern. Omitted: all three. */
  operation?: string | RegExp;
  /** Probability in [0, 1] that a matching item fails. Default 1. */
  rate?: number;
  /** Explicit outcomes, one per matching item across requests; exhausted, the rule never fires again. */
  script?: ReadonlyArray<'ok' | 'fail'>;
  /** The item's `errorCode`. Default 429 (throttled: the helper retries it); 500, 503: retried too; 400, 404: not. */
  errorCode?: number;
  /** The item's `errorMessage`. Default: a wording for the code. */
  errorMessage?: string;
}

/** The failure one item gets. @internal */
export interface ItemFailure {
  code: number;
  message: string;
}

const ITEM_MESSAGES: Record<number, string> = {
  429: 'Rate exceeded for this record. Try again.',
  500: 'An internal error occurred while writing this record. Try again.',
  503: 'The service is unavailable for this record. Try again.',
};

function checkItemRule(rule: ItemFaultRule, index: number): void {
  const field = `itemFaults[${index}]`;
  const r = checkFiring(rule, field, ['ok', 'fail']);
  const code = r['errorCode'];
  if (
    code !== undefined &&
    !(typeof code === 'number' && Number.isInteger(code) && code >= 400 && code <= 599)
  ) {
    throw new ValidationError(
      `${field}.errorCode`,
      `errorCode ${shown(code)} is not an error status`,
      'Use an HTTP error status such as 429, 500 or 404.',
    );
  }
  optionalString(
    r['errorMessage'],
    `${field}.errorMessage`,
    'Pass the message as a string, or leave it out.',
  );
}

/** Holds the item fault rules of one emulator and decides, item by item, which fails. @internal */
export class ItemFaultInjector {
  readonly #rules: RuleList<ItemFaultRule, 'ok' | 'fail'>;

  constructor(rules: readonly ItemFaultRule[] | undefined, seed: number) {
    this.#rules = new RuleList(rules, seed, checkItemRule);
  }

  /** Replaces the rules; scripts start over. */
  set(rules: readonly ItemFaultRule[]): void {
    this.#rules.set(rules);
  }

  /** The failure of the next item of `operation`, or `undefined` to write it. */
  decide(operation: string): ItemFailure | undefined {
    const fired = this.#rules.next(
      operation,
      () => 'fail',
      (step) => step === 'ok',
    );
    if (fired === undefined) return undefined;
    const code = fired[0].errorCode ?? 429;
    return {
      code,
      message: fired[0].errorMessage ?? ITEM_MESSAGES[code] ?? `The record could not be written (${code}).`,
    };
  }
}

function matches(pattern: string | RegExp | undefined, operation: string): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return pattern === operation;
  pattern.lastIndex = 0;
  return pattern.test(operation);
}
