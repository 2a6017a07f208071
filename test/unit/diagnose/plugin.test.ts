import { describe, expect, it } from 'vitest';
import { accessDeniedDiagnosis } from '../../../src/diagnose/plugin.js';
import { isValidationError } from '../../../src/errors.js';
import { explainAccess } from '../../../src/policy/evaluate/explain.js';

describe('accessDeniedDiagnosis options', () => {
  it('refuses policies without the evaluator that proves causes from them, naming the field and the fix', () => {
    let error: unknown;
    try {
      accessDeniedDiagnosis({ policies: { identity: [], resource: {} } });
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
    expect(error).toMatchObject({ field: 'options.explain' });
    expect((error as Error).message).toContain('explain: explainAccess');
  });

  it('takes policies with the evaluator, and no options at all', () => {
    expect(() =>
      accessDeniedDiagnosis({ policies: { identity: [], resource: {} }, explain: explainAccess }),
    ).not.toThrow();
    expect(() => accessDeniedDiagnosis()).not.toThrow();
  });
});
