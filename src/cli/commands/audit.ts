/**
 * `agentcore-xacct audit`: audits Account A in one region through the library's `auditAccount`
 * and prints a table per resource (text), the audit (JSON), a SARIF log, or Markdown with a
 * Mermaid graph; a progress bar on stderr while it lists, on a terminal only. `--fail-on` makes
 * it exit 1 on what CI must not let through; `--fix-drift` prints (with `--apply`, applies) the
 * plan of `fixDrift`.
 * @internal
 */
import {
  type AccountAudit,
  type AuditAccountOptions,
  type AuditedResource,
  type AuditProgress,
  auditAccount,
  type DriftFixResult,
  fixDrift,
} from '../../index.js';
import { auditJson, auditMarkdown, auditSarif, shortAction, summaryLine } from '../audit-report.js';
import { CliError } from '../fail.js';
import type { Output } from '../output.js';
import { wrapLine } from '../output.js';
import { printCommand } from '../report.js';
import type { OptionsOf } from '../spec.js';
import { cliWords } from '../wording.js';

/** Options of the audit command, as declared in ../spec.ts. @internal */
export type AuditCommandOptions = OptionsOf<'audit'>;

/** What `--fail-on` can name. @internal */
export type FailOn = NonNullable<AuditCommandOptions['failOn']>[number];

/** The `--fail-on` conditions the audit meets. @internal */
export function failures(audit: AccountAudit, failOn: readonly FailOn[]): FailOn[] {
  const met = (what: FailOn): boolean => {
    switch (what) {
      case 'drift':
        return audit.summary.drifted > 0;
      case 'unreadable':
        return !audit.complete;
      case 'error':
        return audit.summary.findings.error > 0;
      default:
        return audit.summary.exposed[what] > 0;
    }
  };
  return [...new Set(failOn)].filter(met);
}

async function clientConfig(o: AuditCommandOptions): Promise<Record<string, unknown>> {
  const config: Record<string, unknown> = {};
  if (o.region !== undefined) config.region = o.region;
  if (o.endpointUrl !== undefined) config.endpoint = o.endpointUrl;
  if (o.profile !== undefined) {
    const { fromIni } = await import('@aws-sdk/credential-providers');
    config.credentials = fromIni({ profile: o.profile });
  }
  return config;
}

/** A progress bar on stderr, redrawn in place; only on a terminal. */
function progressBar(): { update(p: AuditProgress): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let drawn = false;
  return {
    update(p) {
      if (!tty) return;
      const width = 24;
      const filled = p.listed === 0 ? 0 : Math.round((p.read / p.listed) * width);
      const state = p.listingDone ? 'read' : 'listing…';
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.read}/${p.listed} policies ${state}\u001b[K`,
      );
      drawn = true;
    },
    done() {
      if (tty && drawn) process.stderr.write('\r\u001b[K');
    },
  };
}

const LABEL = 11;
const HANG = ' '.repeat(LABEL + 2);

/** Prints `label  text` with the text's continuation lines under it. */
function row(out: Output, labelText: string, text: string): void {
  for (const line of wrapLine(`  ${labelText.padEnd(LABEL)}${text}`, out.width, HANG)) out.line(line);
}

function paint(out: Output, cls: string): string {
  return cls === 'public' ? out.red(cls) : cls === 'external' ? out.yellow(cls) : cls;
}

function printResource(out: Output, r: AuditedResource, unreadable: AccountAudit['unreadable']): void {
  const status =
    r.status === 'unreadable' ? out.red('unreadable') : r.status === 'none' ? out.dim('no policy') : 'policy';
  out.line(`${out.bold(r.type)}  ${status}${r.drift.length > 0 ? `  ${out.yellow('drift')}` : ''}`);
  out.line(r.arn);
  for (const u of unreadable) if (u.arn === r.arn) row(out, 'not read', `${u.reason}: ${u.message}`);
  for (const e of r.exposure) {
    const who =
      e.accountId !== undefined && !e.principal.includes(e.accountId)
        ? `${e.principal} of ${e.accountId}`
        : e.principal;
    row(out, 'exposure', `${paint(out, e.class)}  ${who}`);
    row(out, '', e.actions.map(shortAction).join(', '));
    if (e.conditions.length > 0) row(out, '', `if ${e.conditions.join(', ')} (not evaluated)`);
    if (e.limitedBy.length > 0) row(out, '', `unless the Deny at ${e.limitedBy.join(', ')} applies`);
  }
  for (const d of r.drift) {
    row(out, 'drift', `${d.code}: ${d.message}`);
    row(out, '', `fix: ${cliWords('audit', d.fix)}`);
  }
  for (const f of r.findings) {
    row(out, 'finding', `${f.severity} ${f.code} ${f.path || '/'}: ${f.message}`);
    if (f.fix !== undefined) row(out, '', `fix: ${f.fix}`);
  }
  out.line('');
}

/** The text report: a table per resource, what was not audited, then one line of counts. @internal */
export function printAudit(out: Output, audit: AccountAudit): void {
  out.line(out.bold(`AgentCore audit of account ${audit.accountId ?? '(no resources)'} in ${audit.region}`));
  out.line('');
  for (const r of audit.resources) printResource(out, r, audit.unreadable);
  for (const l of audit.listFailures) {
    row(
      out,
      'not listed',
      `${l.operation}${l.resourceId === undefined ? '' : ` of ${l.resourceId}`}: ${l.reason}: ${l.message}`,
    );
  }
  if (audit.listFailures.length > 0) out.line('');
  out.line(summaryLine(audit));
}

function printFix(out: Output, fix: DriftFixResult, output: AuditCommandOptions['output']): void {
  if (output === 'json') {
    out.data(
      JSON.stringify(
        {
          ...fix,
          changes: fix.changes.map(({ error, ...c }) => ({
            ...c,
            ...(error === undefined ? {} : { error: error.message }),
          })),
        },
        null,
        2,
      ),
    );
    return;
  }
  if (fix.changes.length === 0 && fix.skipped.length === 0) {
    out.line('No drift to fix.');
    return;
  }
  for (const c of fix.changes) {
    if (fix.dryRun) printCommand(out, c.command as string, '');
    else
      out.line(
        `${c.status === 'failed' ? out.red(c.status) : out.green(c.status)} ${c.resourceArn}${c.error === undefined ? '' : `: ${c.error.message}`}`,
      );
  }
  for (const loss of fix.losses)
    out.error(`${loss.principal} loses ${loss.actions.map(shortAction).join(', ')} on ${loss.resourceArn}`);
  for (const s of fix.skipped) out.error(`skipped ${s.endpointArn}: ${s.reason}`);
}

/** Runs the command; resolves to 1 when a list failed, `--fail-on` is met, or an applied fix failed. @internal */
export async function runAudit(out: Output, o: AuditCommandOptions): Promise<number> {
  if (o.apply === true && o.fixDrift !== true) {
    throw new CliError(
      '--apply applies the drift fix: it needs --fix-drift',
      'Run audit --fix-drift to see the plan, then audit --fix-drift --apply.',
    );
  }
  const bar = progressBar();
  const options = {
    clientConfig: await clientConfig(o),
    ...(o.organizationId === undefined ? {} : { organizationId: o.organizationId }),
    ...(o.trustedAccount === undefined ? {} : { trustedAccounts: o.trustedAccount }),
    onProgress: (p: AuditProgress) => bar.update(p),
  } as AuditAccountOptions;
  let audit: AccountAudit;
  try {
    audit = await auditAccount(options);
  } finally {
    bar.done();
  }
  if (o.fixDrift === true) {
    const fix = await fixDrift(audit, { dryRun: o.apply !== true });
    printFix(out, fix, o.output);
    if (!fix.ok) return 1;
  } else if (o.output === 'json') out.data(JSON.stringify(auditJson(audit), null, 2));
  else if (o.output === 'sarif') out.data(JSON.stringify(auditSarif(audit), null, 2));
  else if (o.output === 'markdown') out.data(auditMarkdown(audit));
  else printAudit(out, audit);
  // A list that failed leaves the audit without the resources it would have named: whatever the
  // rest says, nothing may be concluded, so the run fails (a CI step must not pass on it).
  for (const f of audit.listFailures) {
    out.error(`audit: ${f.operation} failed (${f.reason}): ${f.message}`);
  }
  if (audit.listFailures.length > 0) {
    out.error(
      'audit: incomplete, the resources those lists would name are not audited. Give credentials of Account A allowed to list (--profile), then audit again.',
    );
    return 1;
  }
  const met = failures(audit, o.failOn ?? []);
  if (met.length > 0) out.error(`audit: failing on ${met.join(', ')} (--fail-on)`);
  return met.length > 0 ? 1 : 0;
}
