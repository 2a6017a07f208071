/**
 * An AWS SDK client plugin that gives code using the raw `BedrockAgentCoreClient` (or an STS
 * client) the same diagnosed `AgentCoreAccessDeniedError` the agentcore-xacct client throws.
 * @module
 */
import type { Pluggable } from '@smithy/types';
import { optionalString, shallow } from '../input.js';
import { type DiagnoseOptions, diagnoseInPlace, validateDiagnoseOptions } from './access-denied.js';

/** The middleware's name; registered with `override: true`, so adding the plugin twice is safe. */
export const ACCESS_DENIED_DIAGNOSIS_MIDDLEWARE = 'agentcoreXacctAccessDeniedDiagnosis';

/**
 * Options of {@link accessDeniedDiagnosis}.
 *
 * @example
 * ```ts
 * import { DIAGNOSIS_ENGINE } from 'agentcore-xacct/policy';
 * const options: AccessDeniedDiagnosisOptions = {
 *   policies: { identity: [callerPolicy], resource: attached },
 *   engine: DIAGNOSIS_ENGINE,
 * };
 * ```
 */
export interface AccessDeniedDiagnosisOptions extends DiagnoseOptions {
  /** The qualifier the calls use, when they do not name it (default `DEFAULT`). */
  qualifier?: string;
}

/**
 * A plugin for any AWS SDK v3 client: every `AccessDeniedException` (and STS `AccessDenied`,
 * and a `RuntimeClientError` that carries an execution-role denial) is diagnosed in place. The
 * error thrown is still the SDK's own (`instanceof AccessDeniedException`, same `name`, `$fault`,
 * `$metadata`), so code written for the raw SDK keeps working; it gains a `diagnosis` that ranks
 * the causes, the parsed fields of AWS's message (`principalArn`, `action`…), and a message that
 * says what to check first and ends with AWS's own text. `isAgentCoreAccessDeniedError` is true
 * for it. Other errors and successes pass through untouched.
 *
 * The middleware is registered by name with `override: true`: adding the plugin again (a
 * credential provider that re-adds plugins on refresh, say) replaces it instead of throwing
 * "Duplicate middleware name".
 *
 * @param options - Policies to prove the cause with (or a function that fetches them), with
 *   `engine: DIAGNOSIS_ENGINE` (or `explain: explainAccess` alone: proven, without lint or fix).
 * @throws {@link ValidationError} when `policies` is given without `engine` or `explain`.
 * @returns The plugin, for `client.middlewareStack.use()`.
 *
 * @example
 * ```ts
 * import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
 * import { accessDeniedDiagnosis, isAgentCoreAccessDeniedError } from 'agentcore-xacct';
 * const client = new BedrockAgentCoreClient({ region: 'eu-west-1' });
 * client.middlewareStack.use(accessDeniedDiagnosis());
 * try {
 *   await client.send(new InvokeAgentRuntimeCommand({ agentRuntimeArn, payload: '{}' }));
 * } catch (error) {
 *   if (isAgentCoreAccessDeniedError(error)) console.error(error.diagnosis?.causes[0]?.code);
 * }
 * ```
 */
export function accessDeniedDiagnosis<Input extends object = object, Output extends object = object>(
  options: AccessDeniedDiagnosisOptions = {},
): Pluggable<Input, Output> {
  options = shallow(options, 'options', 2);
  validateDiagnoseOptions(options, 'options');
  optionalString(options.qualifier, 'options.qualifier', 'Pass an endpoint name such as DEFAULT.');
  return {
    applyToStack(stack) {
      stack.add(
        (next, context) => async (args) => {
          try {
            return await next(args);
          } catch (error) {
            const input = (args.input ?? {}) as Record<string, unknown>;
            const target =
              stringField(input, 'agentRuntimeArn') ??
              stringField(input, 'memoryId') ??
              stringField(input, 'RoleArn');
            const qualifier = stringField(input, 'qualifier') ?? options.qualifier;
            const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
            throw await diagnoseInPlace(error, {
              operation,
              ...(target === undefined ? {} : { resourceArn: target }),
              ...(qualifier === undefined ? {} : { qualifier }),
              ...(stringField(input, 'runtimeUserId') === undefined ? {} : { userIdSent: true }),
              ...(typeof input.ExternalId === 'string'
                ? {
                    access: {
                      mode: 'assume-role',
                      roleArn: String(input.RoleArn),
                      externalId: input.ExternalId,
                    },
                  }
                : {}),
              diagnose: options,
            });
          }
        },
        {
          step: 'initialize',
          name: ACCESS_DENIED_DIAGNOSIS_MIDDLEWARE,
          override: true,
          tags: ['AGENTCORE_XACCT'],
        },
      );
    },
  };
}

function stringField(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
