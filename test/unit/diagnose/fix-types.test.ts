/**
 * Type tests of the fix plan and the evidence-first diagnosis: the shapes callers read, and the
 * misuses the types refuse (each `@ts-expect-error` fails the type check if the misuse compiles).
 * The calls in `misuses` are never run.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AccessFixChange,
  type AccessFixPlan,
  type ApplyAccessFixResult,
  applyAccessFix,
  type CauseConfidence,
  type CodeInfo,
  codeInfo,
  DIAGNOSIS_ENGINE,
  type Diagnosis,
  type DiagnosisEngine,
  type DiagnosisPolicies,
  planAccessFix,
} from '../../../src/index.js';

declare const iamClient: IAMClient;
declare const plan: AccessFixPlan;

function misuses(): unknown[] {
  return [
    // @ts-expect-error an IAM client and its configuration together
    applyAccessFix(plan, { caller: { client: iamClient, clientConfig: {} } }),
    // @ts-expect-error identity policies are documents, not ARNs
    planAccessFix({ principalArn: 'a', action: 'b', resourceArn: 'c' }, { identity: ['arn'], resource: {} }),
    // @ts-expect-error a confidence is one of four words
    ((): CauseConfidence => 'certain')(),
  ];
}

describe('types of the fix plan and the diagnosis', () => {
  it('a plan is policies, an explanation and changes that say where and how', () => {
    expectTypeOf<AccessFixPlan['changes']>().toEqualTypeOf<AccessFixChange[]>();
    expectTypeOf<AccessFixChange['policyKind']>().toEqualTypeOf<'resource' | 'identity'>();
    expectTypeOf<AccessFixChange['awsCli']>().toBeString();
    expectTypeOf<AccessFixChange['cloudFormation']['Type']>().toEqualTypeOf<
      'AWS::BedrockAgentCore::ResourcePolicy' | 'AWS::IAM::RolePolicy' | 'AWS::IAM::UserPolicy'
    >();
    expectTypeOf(applyAccessFix).returns.resolves.toEqualTypeOf<ApplyAccessFixResult>();
  });

  it('a diagnosis carries its summary, contradiction and fix; causes their confidence', () => {
    expectTypeOf<Diagnosis['summary']>().toBeString();
    expectTypeOf<Diagnosis['contradiction']>().toBeBoolean();
    expectTypeOf<Diagnosis['fix']>().toEqualTypeOf<AccessFixPlan | undefined>();
    expectTypeOf<Diagnosis['causes'][number]['confidence']>().toEqualTypeOf<CauseConfidence>();
    expectTypeOf<CauseConfidence>().toEqualTypeOf<'proven' | 'likely' | 'possible' | 'ruled-out'>();
    // The caller's identity policies may be unknown.
    expectTypeOf<{ resource: Record<string, never> }>().toMatchTypeOf<DiagnosisPolicies>();
    expectTypeOf(DIAGNOSIS_ENGINE).toMatchTypeOf<DiagnosisEngine>();
    expectTypeOf(codeInfo).returns.toEqualTypeOf<CodeInfo>();
    expect(misuses).toBeTypeOf('function');
  });
});
