/**
 * Printing a diagnosis and a fix plan for a reader at a terminal: the causes by confidence (with
 * their evidence and fix when proven or likely), the codes ruled out, and each change of the plan
 * with the command that applies it, laid out to fit the width. Shared by diagnose, explain --fix
 * and doctor.
 * @internal
 */
import type { AccessFixPlan, Diagnosis } from '../index.js';
import type { Output } from './output.js';
import { commandLines } from './shell.js';

/** How many causes of each confidence are printed in full (the rest by code). */
const FULL = 3;

/** The causes of a diagnosis, by confidence; `indent` prefixes every line. @internal */
export function printCauses(out: Output, diagnosis: Diagnosis, indent = ''): void {
  let full = 0;
  const brief: string[] = [];
  const shown = new Set<string>();
  for (const cause of diagnosis.causes) {
    if (cause.confidence === 'ruled-out') continue;
    // A code proven on several ARNs (the runtime and its endpoint) is printed once.
    if (shown.has(cause.code)) continue;
    shown.add(cause.code);
    if ((cause.confidence === 'proven' || cause.confidence === 'likely') && full < FULL) {
      full++;
      out.line(`${indent}${out.bold(`${cause.confidence} ${cause.code}`)}: ${cause.evidence}`);
      printFix(out, cause.fix, `${indent}  `);
    } else brief.push(`${cause.code} (${cause.confidence})`);
  }
  if (brief.length > 0) out.line(`${indent}then check: ${brief.join(', ')}`);
  const ruled = diagnosis.causes.filter((c) => c.confidence === 'ruled-out').map((c) => c.code);
  if (ruled.length > 0) out.line(`${indent}${out.dim(`ruled out: ${[...new Set(ruled)].join(', ')}`)}`);
}

/** A shell command, one `--flag value` a line with `\` continuations, so it runs as pasted. @internal */
export function printCommand(out: Output, command: string, indent: string): void {
  for (const line of commandLines(command, Math.max(40, out.width - indent.length)))
    out.data(`${indent}${line}`);
}

/**
 * An AWS CLI command inside a fix text: `aws`, the service and operation, then its flags and their
 * values (a value has no space; each repetition starts with ` --`, so matching is linear).
 */
const AWS_COMMAND = /\baws [a-z0-9-]+ [a-z0-9-]+(?: --[a-z0-9-]+(?: [^\s(-]\S*)?)+/g;

/**
 * A fix text (`fix: …`) wrapped like prose, each AWS CLI command in it laid out as
 * {@link printCommand} does (word-wrapped, it could not be pasted); `indent` prefixes every line.
 * @internal
 */
export function printFix(out: Output, fix: string, indent: string): void {
  let at = 0;
  for (const match of fix.matchAll(AWS_COMMAND)) {
    // A sentence's full stop or comma after the command is not part of it.
    const command = match[0].replace(/[.,;:]$/, '');
    const prose = fix.slice(at, match.index).trim();
    if (at === 0) out.line(`${indent}fix:${prose === '' ? '' : ` ${prose}`}`);
    else if (prose !== '') out.line(`${indent}  ${prose}`);
    printCommand(out, command, `${indent}  `);
    at = match.index + command.length;
  }
  // The full stop left after the command ends the sentence: not a line of its own.
  const rest = fix
    .slice(at)
    .replace(/^[.,;:](?=\s|$)/, '')
    .trim();
  if (at === 0) out.line(`${indent}fix: ${fix}`);
  else if (rest !== '') out.line(`${indent}  ${rest}`);
}

/** A fix plan: each change with its command, or why it is blocked. @internal */
export function printPlan(out: Output, plan: AccessFixPlan, indent = ''): void {
  if (plan.changes.length === 0 && plan.blocked === undefined) {
    out.line(`${indent}no change needed: the policies allow the request`);
    return;
  }
  for (const [i, change] of plan.changes.entries()) {
    out.line(
      `${indent}${out.bold(`change ${i + 1}`)} (account ${change.account}, ${change.code}): ${change.summary}`,
    );
    printCommand(out, change.awsCli, `${indent}  `);
  }
  if (plan.blocked !== undefined) {
    out.line(`${indent}${out.red('blocked')} (${plan.blocked.code}): ${plan.blocked.reason}`);
    if (plan.blocked.statement !== undefined)
      out.line(`${indent}  blocking statement: ${JSON.stringify(plan.blocked.statement)}`);
  }
}
