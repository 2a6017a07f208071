import { MEMORY_READ_ACTIONS, MEMORY_WRITE_ACTIONS } from '../../actions.js';
import type { Finding } from '../../types.js';
import { report } from '../finding.js';
import { grantsAction } from '../grants.js';
import { agentCorePattern } from '../resources.js';
import type { LintContext, LintRule, StatementView } from '../types.js';

/**
 * One Allow statement grants both memory reads and writes: read-only consumers and writers
 * belong in separate statements (seed 001, best practices), so each can be granted and
 * revoked on its own.
 * @internal
 */
export const mixedReadWriteRule: LintRule = {
  name: 'mixed-read-write',
  codes: ['mixed-read-write'],
  kinds: ['resource', 'identity'],
  check(context: LintContext): Finding[] {
    const findings: Finding[] = [];
    for (const statement of context.statements) {
      if (statement.effect !== 'Allow' || statement.action === undefined || !mayNameMemory(statement))
        continue;
      const read = MEMORY_READ_ACTIONS.find((a) => grantsAction(statement, a));
      const write = MEMORY_WRITE_ACTIONS.find((a) => grantsAction(statement, a));
      if (read === undefined || write === undefined) continue;
      findings.push(
        report(
          statement,
          'mixed-read-write',
          undefined,
          statement.action.path,
          `The statement grants memory reads (${read}) and writes (${write}) together.`,
        ),
      );
    }
    return findings;
  },
};

function mayNameMemory(statement: StatementView): boolean {
  const element = statement.resource;
  if (element === undefined) return false;
  if (element.negated) return true;
  return element.entries.some((e) => {
    if (e.value === '*') return true;
    const kind = agentCorePattern(e.value)?.kind;
    return kind === 'memory' || kind === 'any';
  });
}
