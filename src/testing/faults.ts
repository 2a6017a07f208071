/**
 * Fault injection for the local emulator: throttling, server errors, latency and dropped
 * connections, chosen per operation by a seeded rate or by a script.
 * @module
 */
import { ValidationError } from '../errors.js';

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

function checkRule(rule: FaultRule, index: number): void {
  const field = `faults[${index}]`;
  if (rule.script === undefined && rule.kind === undefined) {
    throw new ValidationError(
      field,
      'A fault rule needs a kind or a script',
      "Add kind: 'throttle' (or a script).",
    );
  }
  if (rule.kind !== undefined && !KINDS.includes(rule.kind)) {
    throw new ValidationError(
      `${field}.kind`,
      `Unknown fault kind "${String(rule.kind)}"`,
      `Use one of ${KINDS.join(', ')}.`,
    );
  }
  for (const step of rule.script ?? []) {
    if (step !== 'ok' && !KINDS.includes(step)) {
      throw new ValidationError(
        `${field}.script`,
        `Unknown script step "${String(step)}"`,
        `Use ok or one of ${KINDS.join(', ')}.`,
      );
    }
  }
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) {
    throw new ValidationError(
      `${field}.rate`,
      `Rate ${rule.rate} is not a probability`,
      'Use a number from 0 to 1.',
    );
  }
  if (rule.latencyMs !== undefined && !(rule.latencyMs >= 0 && Number.isFinite(rule.latencyMs))) {
    throw new ValidationError(
      `${field}.latencyMs`,
      `latencyMs ${rule.latencyMs} is invalid`,
      'Use a non-negative number of milliseconds.',
    );
  }
}

/**
 * Holds the fault rules of one emulator and decides, request by request, which fault applies.
 * @internal
 */
export class FaultInjector {
  private rules: readonly FaultRule[] = [];
  private positions: number[] = [];
  private readonly random: () => number;

  constructor(rules: readonly FaultRule[] | undefined, seed: number) {
    this.random = seededRandom(seed);
    this.set(rules ?? []);
  }

  /** Replaces the rules; scripts start over. */
  set(rules: readonly FaultRule[]): void {
    rules.forEach(checkRule);
    this.rules = [...rules];
    this.positions = rules.map(() => 0);
  }

  /** The fault for a request to `operation`, or `undefined` to serve it normally. */
  decide(operation: string): FaultDecision | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i] as FaultRule;
      if (!matches(rule.operation, operation)) continue;
      let kind: FaultScriptStep | undefined;
      if (rule.script !== undefined) {
        const position = this.positions[i] ?? 0;
        if (position >= rule.script.length) continue;
        this.positions[i] = position + 1;
        kind = rule.script[position];
      } else if (this.random() < (rule.rate ?? 1)) {
        kind = rule.kind;
      }
      if (kind === undefined || kind === 'ok') continue;
      return {
        kind: kind === 'drop' ? 'drop-before' : kind,
        latencyMs: rule.latencyMs ?? 1000,
        status: rule.status ?? 500,
      };
    }
    return undefined;
  }
}

function matches(pattern: string | RegExp | undefined, operation: string): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return pattern === operation;
  pattern.lastIndex = 0;
  return pattern.test(operation);
}
