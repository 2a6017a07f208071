/**
 * The statement model: a policy statement as every part of the library reads it (the evaluator,
 * the linter, the admin merge, the emulator's trust checks, and the fix planner to come).
 *
 * A model is read defensively from JSON of any shape: every field is what the JSON holds when
 * it is well typed, and absent (or skipped, for list entries of the wrong type) otherwise. What
 * was wrong is the linter's business (the `invalid-policy` rule reads `raw`).
 * @internal
 */

/** A string entry of an element and where it is (a JSON pointer into the document). @internal */
export interface Entry {
  readonly value: string;
  readonly path: string;
}

/** `Action`/`NotAction` or `Resource`/`NotResource`, with its string entries. @internal */
export interface ListElement {
  /** `Action`, `NotAction`, `Resource` or `NotResource`. */
  readonly key: string;
  /** True for `NotAction` / `NotResource`. */
  readonly negated: boolean;
  readonly path: string;
  /** The string entries; entries of another type are skipped (the invalid-policy rule reports them). */
  readonly entries: readonly Entry[];
}

/** The principal types of the `Principal` element. @internal */
export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

/** One principal named by `Principal` / `NotPrincipal`. @internal */
export interface PrincipalEntry extends Entry {
  readonly type: PrincipalType;
}

/** `Principal` / `NotPrincipal` of a statement. @internal */
export interface PrincipalView {
  /** True for `NotPrincipal`. */
  readonly negated: boolean;
  readonly path: string;
  /** True for `"*"` or `{"AWS": "*"}`: every principal, anonymous callers included. */
  readonly everyone: boolean;
  readonly entries: readonly PrincipalEntry[];
}

/** One `operator → key → values` of a `Condition` block. @internal */
export interface ConditionView {
  /** The operator as written (`ForAnyValue:StringLikeIfExists`). */
  readonly operator: string;
  readonly operatorPath: string;
  /** The condition key as written. */
  readonly key: string;
  readonly keyPath: string;
  /** The values as the JSON holds them (a single value becomes a one-element list). */
  readonly values: readonly unknown[];
}

/** A statement read defensively. @internal */
export interface StatementModel {
  /** Position in the document's `Statement` list (0 for a single statement object). */
  readonly index: number;
  /** JSON pointer to the statement. */
  readonly path: string;
  /** The statement as the JSON holds it. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** `Allow` or `Deny`; `undefined` for anything else (see `raw.Effect`). */
  readonly effect: 'Allow' | 'Deny' | undefined;
  readonly sid: string | undefined;
  readonly principal: PrincipalView | undefined;
  readonly action: ListElement | undefined;
  readonly resource: ListElement | undefined;
  readonly conditions: readonly ConditionView[];
}

/** A document read into statement models. @internal */
export interface PolicyModel {
  /** `Version` as written; policy variables resolve only in `2012-10-17`. */
  readonly version: unknown;
  /** True when the document resolves policy variables (`Version` 2012-10-17). */
  readonly variables: boolean;
  /** One model per statement object, in order. */
  readonly statements: readonly StatementModel[];
  /** Positions of `Statement` entries that are not objects (never apply). */
  readonly unreadable: readonly number[];
}
