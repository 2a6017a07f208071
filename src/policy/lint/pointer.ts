/**
 * JSON pointers (RFC 6901) into a policy document.
 * @internal
 */

/** Escapes one reference token: `~` becomes `~0`, `/` becomes `~1`. @internal */
export function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Appends tokens to a pointer: `pointer('/Statement/0', 'Condition', 'StringEquals', 'aws:PrincipalTag/team')`
 * is `/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team`.
 * @internal
 */
export function pointer(base: string, ...tokens: ReadonlyArray<string | number>): string {
  let out = base;
  for (const token of tokens) out += `/${typeof token === 'number' ? token : escapeToken(token)}`;
  return out;
}
