/**
 * Findings as a SARIF 2.1.0 log, the format code-scanning tools (GitHub, Azure DevOps, VS Code's
 * SARIF viewer) read: lint findings placed on lines of policy files, audit results on the ARNs of
 * the resources.
 * @internal
 */
import { CODE_CATALOG, codeInfo, type FindingCode } from '../policy/index.js';
import type { FileFindings } from './commands/lint.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/agentcore-xacct/agentcore-xacct';

/** A SARIF rule (reportingDescriptor) of one code, from the code catalogue. */
function rule(code: FindingCode): Record<string, unknown> {
  const info = codeInfo(code);
  const help = info.fix();
  return {
    id: code,
    name: code.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: info.title },
    fullDescription: { text: info.description },
    help: {
      text: `${help} See ${info.helpUri}`,
      markdown: `${help}\n\n[Troubleshooting: \`${code}\`](${info.helpUri})`,
    },
    helpUri: info.helpUri,
    defaultConfiguration: { level: LEVEL[info.severity] },
    properties: { tags: [info.kind === 'cause' ? 'access' : 'hygiene'] },
  };
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** A SARIF level. @internal */
export type SarifLevel = (typeof LEVEL)[keyof typeof LEVEL];

/** One result: its rule, level, message and where. @internal */
export interface SarifResult {
  ruleId: string;
  level: SarifLevel;
  message: string;
  /** A file path or a URI (an ARN: `arn:` is a URI scheme). */
  uri: string;
  /** 1-based line in the file, when there is one. */
  line?: number;
  /** The logical place: `ARN#/json/pointer`. */
  logical: string;
}

/**
 * The 1-based line a JSON pointer points at, found by searching the text for each key of the
 * pointer in turn. Approximate (array indices are not counted), and good enough for a reviewer
 * to land on the right element; line 1 when the pointer is empty or not found.
 */
export function lineOfPointer(text: string, pointer: string): number {
  let at = 0;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(key)) continue;
    const found = text.indexOf(JSON.stringify(key), at);
    if (found < 0) break;
    at = found;
  }
  return text.slice(0, at).split('\n').length;
}

/** Builds a SARIF log of results, each rule once, described by `describe`. @internal */
export function sarifLog(
  results: readonly SarifResult[],
  describe: (ruleId: string) => string,
): Record<string, unknown> {
  const rules = [...new Set(results.map((r) => r.ruleId))].sort();
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'agentcore-xacct',
            informationUri: INFORMATION_URI,
            // A code of the catalogue is described from it; other rule ids (audit's) by `describe`.
            rules: rules.map((id) =>
              Object.hasOwn(CODE_CATALOG, id)
                ? rule(id as FindingCode)
                : {
                    id,
                    name: id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
                    shortDescription: { text: describe(id) },
                  },
            ),
          },
        },
        results: results.map((r) => ({
          ruleId: r.ruleId,
          ruleIndex: rules.indexOf(r.ruleId),
          level: r.level,
          message: { text: r.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: r.uri },
                ...(r.line === undefined ? {} : { region: { startLine: r.line } }),
              },
              logicalLocations: [{ fullyQualifiedName: r.logical, kind: 'element' }],
            },
          ],
        })),
      },
    ],
  };
}

/** The SARIF level of a finding's severity. @internal */
export function levelOf(severity: keyof typeof LEVEL): SarifLevel {
  return LEVEL[severity];
}

/** Builds the SARIF log of a lint run. @internal */
export function toSarif(results: readonly FileFindings[]): Record<string, unknown> {
  return sarifLog(
    results.flatMap(({ file, text, findings }) =>
      findings.map((f) => ({
        ruleId: f.code,
        level: levelOf(f.severity),
        message: f.fix === undefined ? f.message : `${f.message} Fix: ${f.fix}`,
        uri: file.replace(/\\/g, '/'),
        line: lineOfPointer(text, f.path),
        logical: `${f.policyArn ?? ''}#${f.path}`,
      })),
    ),
    (code) => `agentcore-xacct lint: ${code}`,
  );
}
