/**
 * printFix: a fix text's AWS CLI command laid out to be pasted (one flag a line, `\` continuations),
 * the prose around it wrapped; a fix without a command printed as it is.
 */
import { expect, test } from 'vitest';
import { type Output, wrap } from '../../../src/cli/output.js';
import { printFix } from '../../../src/cli/report.js';

function captured(width = 80): { out: Output; lines: string[] } {
  const lines: string[] = [];
  const same = (text: string) => text;
  const out: Output = {
    width,
    color: false,
    line: (text = '') => lines.push(...wrap(text, width).split('\n')),
    error: () => undefined,
    data: (text) => lines.push(...text.split('\n')),
    green: same,
    red: same,
    yellow: same,
    dim: same,
    bold: same,
  };
  return { out, lines };
}

const ENDPOINT =
  'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij/runtime-endpoint/DEFAULT';

test.each([
  ['a command then words', `(Account 111111111111)`, ['    (Account 111111111111)']],
  ['a command ending the sentence', '.', []],
])('%s: the command runs as pasted', (_name, after, tail) => {
  const { out, lines } = captured();
  printFix(
    out,
    `Attach a resource policy to that ARN: aws bedrock-agentcore-control put-resource-policy --resource-arn ${ENDPOINT} --policy file://policy.json${after === '.' ? '' : ' '}${after}`,
    '  ',
  );
  expect(lines).toEqual([
    '  fix: Attach a resource policy to that ARN:',
    '    aws bedrock-agentcore-control put-resource-policy \\',
    '      --resource-arn \\',
    `    ${ENDPOINT} \\`,
    '      --policy file://policy.json',
    ...tail,
  ]);
});

test('a fix without a command is one wrapped paragraph', () => {
  const { out, lines } = captured();
  printFix(out, 'Give the runtime a policy.', '  ');
  expect(lines).toEqual(['  fix: Give the runtime a policy.']);
});
