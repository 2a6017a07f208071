import { describe, expect, it } from 'vitest';

import { lintDeployment, report } from '../../../examples/lint-in-ci.js';

describe('examples/lint-in-ci.ts (the CI guide)', () => {
  it('fails the job on the forgotten endpoint policy and links the section', () => {
    const lines: string[] = [];
    const findings = lintDeployment(false);
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual([
      'endpoint-policy-missing',
    ]);
    expect(report(findings, (line) => lines.push(line))).toBe(1);
    expect(lines).toContain('  see docs/troubleshooting.md#endpoint-policy-missing');
  });

  it('passes the job on the complete setup', () => {
    const findings = lintDeployment(true);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report(findings, () => undefined)).toBe(0);
  });
});
