import { pointer } from '../../statement/read.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import type { LintContext, LintRule, StatementView } from '../types.js';

/** Two statements share a Sid: IAM rejects the document, and a merge by Sid would drop one. @internal */
export const duplicateSidRule: LintRule = {
  name: 'duplicate-sid',
  codes: ['duplicate-sid'],
  kinds: ['resource', 'identity', 'trust'],
  check(context: LintContext): Finding[] {
    const first = new Map<string, StatementView>();
    const findings: Finding[] = [];
    for (const statement of context.statements) {
      if (statement.sid === undefined) continue;
      const earlier = first.get(statement.sid);
      if (earlier === undefined) {
        first.set(statement.sid, statement);
        continue;
      }
      findings.push(
        report(
          statement,
          'duplicate-sid',
          undefined,
          pointer(statement.path, 'Sid'),
          `Sid ${quote(statement.sid)} is used by statement ${earlier.index} already.`,
        ),
      );
    }
    return findings;
  },
};
