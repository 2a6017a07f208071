/**
 * Lint findings as a SARIF 2.1.0 log, the format code-scanning tools (GitHub, Azure DevOps,
 * VS Code's SARIF viewer) read.
 * @internal
 */
import { codeInfo, type FindingCode } from '../policy/index.js';
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

/** Builds the SARIF log of a lint run. @internal */
export function toSarif(results: readonly FileFindings[]): Record<string, unknown> {
  const codes = [...new Set(results.flatMap((r) => r.findings.map((f) => f.code)))].sort();
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'agentcore-xacct',
            informationUri: INFORMATION_URI,
            rules: codes.map(rule),
          },
        },
        results: results.flatMap(({ file, text, findings }) =>
          findings.map((f) => ({
            ruleId: f.code,
            ruleIndex: codes.indexOf(f.code),
            level: LEVEL[f.severity],
            message: { text: f.fix === undefined ? f.message : `${f.message} Fix: ${f.fix}` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: file.replace(/\\/g, '/') },
                  region: { startLine: lineOfPointer(text, f.path) },
                },
                logicalLocations: [{ fullyQualifiedName: `${f.policyArn ?? ''}#${f.path}`, kind: 'element' }],
              },
            ],
          })),
        ),
      },
    ],
  };
}
