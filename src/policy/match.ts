/**
 * IAM wildcard matching (`*` any run, `?` one character), in linear time: a greedy matcher with
 * one backtrack point, so hostile patterns such as `*a*a*a*…b` cannot blow up.
 * @internal
 */

/**
 * True when `value` matches the IAM glob `pattern`.
 * @param caseInsensitive - Actions match case-insensitively; ARNs and most strings do not.
 * @internal
 */
export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const v = caseInsensitive ? value.toLowerCase() : value;
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    const pc = p.charCodeAt(pi);
    if (pi < p.length && (pc === 63 /* ? */ || pc === v.charCodeAt(vi))) {
      pi++;
      vi++;
    } else if (pi < p.length && pc === 42 /* * */) {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p.charCodeAt(pi) === 42) pi++;
  return pi === p.length;
}

/** True when the string holds an IAM wildcard. @internal */
export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/**
 * Matches an ARN pattern field by field, as IAM does for `Resource` and the Arn condition
 * operators: each of the six colon-separated fields matches on its own, the resource part
 * keeps its colons.
 * @internal
 */
export function arnMatch(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const pf = splitArn(pattern);
  const af = splitArn(arn);
  if (pf === undefined || af === undefined) return globMatch(pattern, arn);
  for (let i = 0; i < 6; i++) {
    if (!globMatch(pf[i] as string, af[i] as string)) return false;
  }
  return true;
}

/** Splits an ARN into its six fields (the last keeps its colons), or `undefined`. @internal */
export function splitArn(arn: string): string[] | undefined {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const next = arn.indexOf(':', start);
    if (next < 0) return undefined;
    out.push(arn.slice(start, next));
    start = next + 1;
  }
  out.push(arn.slice(start));
  return out;
}
