/**
 * The code catalogue's texts read as written for any facts: no clause said twice in one text
 * (a template once printed "exactly the ARN each policy is attached to, the ARN the policy is
 * attached to"), with the facts known and with none.
 */
import { describe, expect, it } from 'vitest';
import { CODE_CATALOG, type CodeFacts, codeInfo } from '../../../src/policy/codes.js';
import type { CauseCode } from '../../../src/policy/types.js';
import { CALLER_ROLE_ARN, ENDPOINT_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';

const FULL: CodeFacts = {
  action: 'bedrock-agentcore:InvokeAgentRuntime',
  resourceArn: RUNTIME_ARN,
  endpointArn: ENDPOINT_ARN,
  principalArn: CALLER_ROLE_ARN,
  grantee: CALLER_ROLE_ARN,
  callerAccount: '222222222222',
  ownerAccount: '111111111111',
  region: 'eu-west-1',
  clientRegion: 'us-east-1',
  roleArn: 'arn:aws:iam::111111111111:role/CrossAccountAgentInvoker',
  conditionKey: 'aws:SourceAccount',
  resourcePattern: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*/runtime-endpoint/*',
};

/** The first run of `n` words that a text holds twice, ARNs and names aside. */
function repeated(text: string, n = 4): string | undefined {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => !w.includes(':'))
    .map((w) => w.replace(/[^\w-]/g, ''))
    .filter((w) => w.length > 0);
  const seen = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) {
    const run = words.slice(i, i + n).join(' ');
    if (seen.has(run)) return run;
    seen.add(run);
  }
  return undefined;
}

describe('the code catalogue', () => {
  const codes = Object.keys(CODE_CATALOG) as CauseCode[];
  it.each([
    ['no facts', {}],
    ['every fact', FULL],
  ] as const)('says no clause twice in a text (%s)', (_name, facts) => {
    for (const code of codes) {
      const info = codeInfo(code);
      for (const [part, text] of [
        ['evidence', info.evidence(facts)],
        ['check', info.check(facts)],
        ['fix', info.fix(facts)],
      ] as const) {
        expect(repeated(text), `${code} ${part}: ${text}`).toBeUndefined();
      }
    }
  });
});
