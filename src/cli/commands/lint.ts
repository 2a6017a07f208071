/**
 * `agentcore-xacct lint FILE…`: lints policy documents, or whole cross-account setups, and prints
 * the findings as text, JSON or SARIF 2.1.0. Exit 1 when any finding is an error.
 * @internal
 */
import {
  type Finding,
  type LintAccessSetupInput,
  type LintPolicyKind,
  type LintPolicyOptions,
  lintAccessSetup,
  lintPolicy,
} from '../../policy/index.js';
import { CliError } from '../fail.js';
import type { Output } from '../output.js';
import { readText } from '../read.js';
import { printFix } from '../report.js';
import { toSarif } from '../sarif.js';
import type { OptionsOf } from '../spec.js';

/** What a file holds: one policy of a kind, or a setup for `lintAccessSetup`. @internal */
export type LintFileKind = LintPolicyKind | 'setup';

/** Options of the lint command, as declared in ../spec.ts. @internal */
export type LintCommandOptions = OptionsOf<'lint'>;

/** The findings of one file. @internal */
export interface FileFindings {
  file: string;
  kind: LintFileKind;
  /** How many policies the file holds, when it holds several (`policy …`'s JSON output). */
  documents?: number;
  /** The file's text, to place findings on lines (SARIF regions). */
  text: string;
  findings: Finding[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Guesses what a document is when `--kind` is absent: a setup has `targets`; a policy whose
 * statements name a `Principal` and `sts:AssumeRole…` is a trust policy, with a `Principal` a
 * resource policy, otherwise an identity policy.
 */
function detectKind(document: unknown): LintFileKind {
  if (isRecord(document) && 'targets' in document && 'resourcePolicies' in document) return 'setup';
  const statement = isRecord(document) ? document.Statement : undefined;
  const statements = Array.isArray(statement) ? statement : [statement];
  const principal = statements.some((s) => isRecord(s) && ('Principal' in s || 'NotPrincipal' in s));
  if (!principal) return 'identity';
  const actions = statements.flatMap((s) => (isRecord(s) ? [s.Action].flat() : []));
  return actions.some((a) => typeof a === 'string' && /^sts:AssumeRole/i.test(a)) ? 'trust' : 'resource';
}

/** One resource policy of `agentcore-xacct policy …`'s JSON output: where it goes, and the document. */
interface AttachedPolicy {
  resourceArn: string;
  policy: unknown;
}

/**
 * The JSON that `policy runtime|gateway|harness|memory` print: `[{resourceArn, policy}]`, each
 * document with the ARN it is put on.
 */
function attachedPolicies(document: unknown): AttachedPolicy[] | undefined {
  if (!Array.isArray(document) || document.length === 0) return undefined;
  const all = document.every((e) => isRecord(e) && typeof e.resourceArn === 'string' && 'policy' in e);
  return all ? (document as AttachedPolicy[]) : undefined;
}

/**
 * Lints each policy of `policy …`'s output as a resource policy attached to its `resourceArn`;
 * a finding points into the file (`/1/policy/Statement/0`) and names the ARN it is about.
 */
function lintAttached(file: string, text: string, entries: AttachedPolicy[], o: LintCommandOptions) {
  if (o.kind !== undefined && o.kind !== 'resource')
    throw new CliError(
      `${file} holds resource policies by the ARN they are attached to (the output of \`agentcore-xacct policy\`): --kind ${o.kind} does not apply`,
      'Leave out --kind, or pass --kind resource.',
    );
  if (o.attachedTo !== undefined)
    throw new CliError(
      `${file} names the ARN each of its policies is attached to: --attached-to would contradict it`,
      'Leave out --attached-to for this file.',
    );
  const findings = entries.flatMap(({ resourceArn, policy }, i) =>
    lintPolicy(policy, { kind: 'resource', attachedTo: resourceArn }).map((f) => ({
      ...f,
      path: `/${i}/policy${f.path}`,
      policyArn: f.policyArn ?? resourceArn,
    })),
  );
  return { file, kind: 'resource' as const, documents: entries.length, text, findings };
}

function lintFile(file: string, options: LintCommandOptions): FileFindings {
  const text = readText(file);
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch {
    // Not JSON: the linter says so as an error finding (invalid-policy), and the other files are linted.
    const kind = options.kind ?? 'resource';
    return { file, kind, text, findings: lintPolicy(text, { kind: kind === 'setup' ? 'resource' : kind }) };
  }
  const attached = attachedPolicies(document);
  if (attached !== undefined) return lintAttached(file, text, attached, options);
  const kind = options.kind ?? detectKind(document);
  if (kind === 'setup') {
    if (!isRecord(document) || !Array.isArray(document.targets) || !isRecord(document.resourcePolicies)) {
      throw new CliError(
        `${file} is not a setup: it needs "targets" (array) and "resourcePolicies" (object by ARN)`,
        'Write {"targets":[{"runtimeArn":"…"}],"resourcePolicies":{"ARN":{…}},"identityPolicies":[…]} or pass --kind resource|identity|trust.',
      );
    }
    return { file, kind, text, findings: lintAccessSetup(document as unknown as LintAccessSetupInput) };
  }
  const lintOptions: LintPolicyOptions = { kind };
  if (kind === 'resource' && options.attachedTo !== undefined) lintOptions.attachedTo = options.attachedTo;
  if (kind === 'identity' && options.ownerAccount !== undefined)
    lintOptions.ownerAccountId = options.ownerAccount;
  return { file, kind, text, findings: lintPolicy(document, lintOptions) };
}

function printText(out: Output, results: readonly FileFindings[]): void {
  let errors = 0;
  let warnings = 0;
  for (const { file, kind, documents, findings } of results) {
    if (findings.length === 0) {
      const what = documents === undefined ? kind : `${documents} ${kind} policies`;
      out.line(`${out.green('ok')}    ${file} (${what}): no findings`);
      continue;
    }
    for (const f of findings) {
      if (f.severity === 'error') errors += 1;
      if (f.severity === 'warning') warnings += 1;
      const label =
        f.severity === 'error' ? out.red('error') : f.severity === 'warning' ? out.yellow('warn ') : 'info ';
      const where = [f.policyArn, f.path === '' ? undefined : f.path]
        .filter((x) => x !== undefined)
        .join(' ');
      out.line(
        `${label} ${file}${where === '' ? '' : ` ${out.dim(where)}`} ${out.bold(f.code)}: ${f.message}`,
      );
      if (f.fix !== undefined) printFix(out, f.fix, '      ');
    }
  }
  out.line(`${results.length} file(s), ${errors} error(s), ${warnings} warning(s)`);
}

/** Runs the command; resolves to the exit code (1 when any finding is an error). @internal */
export function runLint(out: Output, files: readonly string[], options: LintCommandOptions): number {
  const format = options.output;
  const results = files.map((file) => lintFile(file, options));
  if (format === 'sarif') out.data(JSON.stringify(toSarif(results), null, 2));
  else if (format === 'json')
    out.data(
      JSON.stringify(
        results.map(({ file, kind, findings }) => ({ file, kind, findings })),
        null,
        2,
      ),
    );
  else printText(out, results);
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}
