import { describe, expect, it } from 'vitest';
import {
  AgentCoreXacctError,
  InvalidArnError,
  isAgentCoreXacctError,
  isInvalidArnError,
  isMissingDependencyError,
  isPolicyBuildError,
  isPolicyParseError,
  isValidationError,
  MissingDependencyError,
  PolicyBuildError,
  PolicyParseError,
  ValidationError,
} from '../../../src/errors.js';

describe('error family', () => {
  const cause = new Error('root cause');
  it.each([
    [
      'InvalidArnError',
      new InvalidArnError('accountId', '123', 'bad account', { cause }),
      'invalid-arn',
      isInvalidArnError,
    ],
    [
      'PolicyBuildError',
      new PolicyBuildError('principals', 'no principal', 'name one', { cause }),
      'policy-build',
      isPolicyBuildError,
    ],
    [
      'PolicyParseError',
      new PolicyParseError('/Statement', 'missing', { cause }),
      'policy-parse',
      isPolicyParseError,
    ],
    [
      'ValidationError',
      new ValidationError('sessionId', 'too short', 'use 33+', { cause }),
      'invalid-input',
      isValidationError,
    ],
    [
      'MissingDependencyError',
      new MissingDependencyError('@aws-sdk/client-sts', 'Assume-role access', { cause }),
      'missing-dependency',
      isMissingDependencyError,
    ],
  ] as const)('%s has a fixed name, a stable code, the cause and its guard', (name, error, code, guard) => {
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(AgentCoreXacctError);
    expect(isAgentCoreXacctError(error)).toBe(true);
    expect(guard(error)).toBe(true);
    expect(guard(new Error('plain'))).toBe(false);
    expect(guard(undefined)).toBe(false);
  });

  it('guards recognise an error from another copy of the package (brand, not instanceof)', () => {
    // A second copy of the module defines its own classes but the same global symbol brand.
    const foreign = Object.assign(new Error('x'), { name: 'ValidationError', code: 'invalid-input' });
    Object.defineProperty(foreign, Symbol.for('agentcore-xacct.error'), { value: true });
    expect(isValidationError(foreign)).toBe(true);
    expect(isInvalidArnError(foreign)).toBe(false);
    expect(isAgentCoreXacctError({ name: 'ValidationError' })).toBe(false);
  });

  it('puts the field and the fix in build and validation messages', () => {
    expect(new PolicyBuildError('Resource', 'wildcard', 'use the exact ARN').message).toBe(
      'wildcard (field: Resource). Fix: use the exact ARN',
    );
    expect(new ValidationError('sessionId', 'too short', 'use 33 characters').message).toContain(
      'field: sessionId',
    );
  });

  it('truncates long offending values', () => {
    expect(new InvalidArnError('arn', 'x'.repeat(10_000), 'm').value.length).toBe(201);
  });
});
