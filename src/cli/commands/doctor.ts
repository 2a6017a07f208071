/**
 * `agentcore-xacct doctor`: runs the library's doctor against live accounts and prints a check
 * table (pass / fail / skipped, with the reason and the fix), or the report as JSON.
 * Exit 1 when any check fails.
 * @internal
 */
import {
  type DoctorCheck,
  type DoctorClientConfig,
  type DoctorOptions,
  doctor,
  type PolicyDocument,
} from '../../index.js';
import { CliError } from '../fail.js';
import { type Output, wrapLine } from '../output.js';
import { readJson } from '../read.js';
import { printCauses, printFix, printPlan } from '../report.js';
import type { OptionsOf } from '../spec.js';
import { cliWords } from '../wording.js';

/** Options of the doctor command, as declared in ../spec.ts. @internal */
export type DoctorCommandOptions = OptionsOf<'doctor'>;

function clientConfig(o: DoctorCommandOptions): DoctorClientConfig {
  const config: DoctorClientConfig = {};
  if (o.region !== undefined) config.region = o.region;
  if (o.endpointUrl !== undefined) config.endpoint = o.endpointUrl;
  return config;
}

async function ownerConfig(o: DoctorCommandOptions): Promise<DoctorClientConfig | undefined> {
  if (o.ownerProfile === undefined) return undefined;
  const { fromIni } = await import('@aws-sdk/credential-providers');
  return { ...clientConfig(o), credentials: fromIni({ profile: o.ownerProfile }) };
}

function printTable(out: Output, checks: readonly DoctorCheck[]): void {
  // Titles are long sentences: the status column, then the reason and the fix indented below,
  // reads on an 80-column terminal.
  for (const c of checks) {
    const status =
      c.status === 'pass' ? out.green('pass') : c.status === 'fail' ? out.red('fail') : out.yellow('skipped');
    // The title's continuation lines align with it, under the status column.
    const [first = '', ...rest] = wrapLine(`${c.status.padEnd(8)}${c.title}`, out.width, ' '.repeat(8));
    out.line(`${status}${first.slice(c.status.length)}`);
    for (const line of rest) out.line(line);
    if (c.diagnosis !== undefined) {
      // A denied probe: the diagnosis made with what doctor read, and the plan that fixes it.
      out.line(`        ${c.diagnosis.summary}`);
      printCauses(out, c.diagnosis, '        ');
      if (c.diagnosis.fix !== undefined) {
        out.line('        fix plan:');
        printPlan(out, c.diagnosis.fix, '          ');
      }
      continue;
    }
    out.line(
      `        ${out.dim(`${c.code === undefined ? '' : `${c.code}: `}${cliWords('doctor', c.reason)}`)}`,
    );
    if (c.status === 'fail' && c.fix !== undefined) printFix(out, cliWords('doctor', c.fix), '        ');
  }
  const count = (status: DoctorCheck['status']) => checks.filter((c) => c.status === status).length;
  out.line('');
  out.line(`${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`);
}

/** Runs the command; resolves to 1 when a check failed. @internal */
export async function runDoctor(out: Output, o: DoctorCommandOptions): Promise<number> {
  const options: DoctorOptions = { caller: clientConfig(o) };
  if (o.runtimeArn !== undefined) options.runtimeArn = o.runtimeArn;
  if (o.qualifier !== undefined) options.qualifiers = o.qualifier;
  if (o.memoryArn !== undefined) options.memoryArn = o.memoryArn;
  if (o.roleArn !== undefined) options.roleArn = o.roleArn;
  if (o.externalId !== undefined) options.externalId = o.externalId;
  if (o.identity !== undefined)
    options.identityPolicies = o.identity.map((f) => readJson(f) as PolicyDocument);
  if (o.extractionProbe !== undefined) {
    if (o.memoryArn === undefined) {
      throw new CliError(
        '--extraction-probe writes an event through the memory ARN: it needs --memory-arn',
        "Add --memory-arn with the memory's full ARN in Account A.",
      );
    }
    options.extractionProbe = {
      namespace: o.extractionProbe,
      ...(o.extractionTimeout === undefined ? {} : { timeoutMs: o.extractionTimeout * 1000 }),
    };
  } else if (o.extractionTimeout !== undefined) {
    throw new CliError(
      '--extraction-timeout times the extraction probe: it needs --extraction-probe',
      "Add --extraction-probe NAMESPACE (the memory strategy's namespace, e.g. '/users/{actorId}/preferences').",
    );
  }
  const owner = await ownerConfig(o);
  if (owner !== undefined) options.owner = owner;
  const report = await doctor(options);
  if (o.output === 'json') out.data(JSON.stringify(report, null, 2));
  else printTable(out, report.checks);
  return report.ok ? 0 : 1;
}
