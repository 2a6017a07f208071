/**
 * `agentcore-xacct diagnose [message]`: AWS's AccessDenied message (the argument, or stdin) and,
 * when given, the policies (the files of `explain`) in; the diagnosis out: what is known (the
 * summary, the contradiction when the policies allow what AWS denied), the causes ranked by
 * confidence with their evidence and fix, the codes ruled out, and the fix plan with its commands.
 * Exit 0: a diagnosis is an answer, not a failure.
 * @internal
 */
import { type DiagnosisContext, diagnoseAccessDenied, parseAccessDeniedMessage } from '../../index.js';
import { CliError } from '../fail.js';
import type { Output } from '../output.js';
import { hasPolicyFiles, readPolicyFiles } from '../policy-files.js';
import { printCauses, printPlan } from '../report.js';
import type { OptionsOf } from '../spec.js';

/** Options of the diagnose command, as declared in ../spec.ts. @internal */
export type DiagnoseCommandOptions = OptionsOf<'diagnose'>;

/** The most of stdin read: an AccessDenied message is a few hundred characters. */
const MAX_STDIN = 1024 * 1024;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY === true) {
    throw new CliError(
      "no message: give AWS's AccessDenied message as the argument, or pipe it in",
      'agentcore-xacct diagnose "User: … is not authorized to perform: …"',
    );
  }
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.length > MAX_STDIN)
      throw new CliError('stdin holds more than 1 MiB', 'Pipe in only the message.');
  }
  return text.trim();
}

/** Runs the command; resolves to 0. @internal */
export async function runDiagnose(out: Output, o: DiagnoseCommandOptions): Promise<number> {
  const message = o.message === undefined || o.message === '-' ? await readStdin() : o.message;
  if (message === '') throw new CliError('the message is empty', "Give AWS's AccessDenied message.");
  if (parseAccessDeniedMessage(message) === undefined && o.principal === undefined) {
    throw new CliError(
      'the message is not an AccessDenied ("User: … is not authorized to perform: …") and --principal is not given',
      "Give AWS's whole message, or --principal and --operation.",
    );
  }
  const context: DiagnosisContext = {};
  if (o.runtimeArn !== undefined) context.runtimeArn = o.runtimeArn;
  if (o.qualifier !== undefined) context.qualifier = o.qualifier;
  if (o.memoryArn !== undefined) context.memoryArn = o.memoryArn;
  if (o.principal !== undefined) context.principalArn = o.principal;
  if (o.operation !== undefined) context.operation = o.operation;
  if (o.region !== undefined) context.region = o.region;
  if (o.userId === true) context.userIdSent = true;
  // Without --identity, the caller's identity policies are unknown (not "none").
  if (hasPolicyFiles(o)) context.policies = readPolicyFiles(o, true);
  const diagnosis = diagnoseAccessDenied(message, context);
  if (o.output === 'json') {
    out.data(JSON.stringify(diagnosis, null, 2));
    return 0;
  }
  out.line(
    `${out.bold('access denied')}: ${diagnosis.principalArn ?? 'the caller'} may not ${diagnosis.action ?? 'call'}${diagnosis.resourceArn === undefined ? '' : ` on ${diagnosis.resourceArn}`}`,
  );
  out.line(diagnosis.contradiction ? out.red(diagnosis.summary) : diagnosis.summary);
  out.line('');
  out.line(out.bold('Causes:'));
  printCauses(out, diagnosis, '  ');
  if (diagnosis.fix !== undefined) {
    out.line('');
    out.line(out.bold('Fix plan (the smallest change that allows it):'));
    printPlan(out, diagnosis.fix, '  ');
  } else if (context.policies === undefined) {
    out.line('');
    out.line(
      out.dim(
        'Give the policies (--identity, --resource-policy ARN=FILE) to prove the cause and plan the fix.',
      ),
    );
  }
  return 0;
}
