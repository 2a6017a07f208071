import {
  AccessDeniedException,
  BedrockAgentCoreClient,
  BedrockAgentCoreServiceException,
  InvokeAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import { describe, expect, it } from 'vitest';
import { accessDeniedDiagnosis } from '../../../src/diagnose/plugin.js';
import { isAgentCoreAccessDeniedError, isValidationError } from '../../../src/errors.js';
import { explainAccess } from '../../../src/policy/evaluate/explain.js';
import { CALLER_ROLE_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { awsError, fakeHandler } from '../client/fake-http.js';

describe('accessDeniedDiagnosis options', () => {
  it('refuses policies without the evaluator that proves causes from them, naming the field and the fix', () => {
    let error: unknown;
    try {
      accessDeniedDiagnosis({ policies: { identity: [], resource: {} } });
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
    expect(error).toMatchObject({ field: 'options.engine' });
    expect((error as Error).message).toContain('engine: DIAGNOSIS_ENGINE');
  });

  it('takes policies with the evaluator, and no options at all', () => {
    expect(() =>
      accessDeniedDiagnosis({ policies: { identity: [], resource: {} }, explain: explainAccess }),
    ).not.toThrow();
    expect(() => accessDeniedDiagnosis()).not.toThrow();
  });
});

describe('accessDeniedDiagnosis keeps the SDK error (regression: it used to throw another class)', () => {
  it('the error is still the SDK’s AccessDeniedException, with $fault and $metadata, and carries the diagnosis', async () => {
    const aws = `User: ${CALLER_ROLE_ARN} is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: ${RUNTIME_ARN} because no resource-based policy allows the bedrock-agentcore:InvokeAgentRuntime action`;
    const client = new BedrockAgentCoreClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      requestHandler: fakeHandler(() => awsError(403, 'AccessDeniedException', aws)),
      maxAttempts: 1,
    });
    client.middlewareStack.use(accessDeniedDiagnosis());
    const error = await client
      .send(new InvokeAgentRuntimeCommand({ agentRuntimeArn: RUNTIME_ARN, payload: '{}' }))
      .catch((e: unknown) => e);
    client.destroy();
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error).toBeInstanceOf(BedrockAgentCoreServiceException);
    const denied = error as AccessDeniedException;
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.$fault).toBe('client');
    expect(denied.$metadata.httpStatusCode).toBe(403);
    expect(isAgentCoreAccessDeniedError(error)).toBe(true);
    if (!isAgentCoreAccessDeniedError(error)) return;
    expect(error.code).toBe('access-denied');
    expect(error.principalArn).toBe(CALLER_ROLE_ARN);
    expect(error.diagnosis?.causes[0]?.code).toBe('runtime-policy-missing');
    expect(error.message).toMatch(/^Access denied, likely cause: runtime-policy-missing\./);
    expect(error.message).toContain(`AWS said: "${aws}"`);
    expect(error.stack?.split('\n')[0]).toBe(`AccessDeniedException: ${error.message}`);
  });
});
