/**
 * The request context as the matcher reads it: keys compared ignoring case.
 * @internal
 */

/** A value in the request context (`aws:PrincipalAccount`, `bedrock-agentcore:actorId`…). */
export type ContextValue = string | number | boolean | readonly string[];

/** The request context keyed by lower-cased key, for case-insensitive lookups. @internal */
export type ContextMap = ReadonlyMap<string, ContextValue>;

/** Indexes a request context by lower-cased key. @internal */
export function contextMap(context: Readonly<Record<string, ContextValue>>): ContextMap {
  const map = new Map<string, ContextValue>();
  for (const key of Object.keys(context)) {
    const value = context[key];
    if (value !== undefined) map.set(key.toLowerCase(), value);
  }
  return map;
}
