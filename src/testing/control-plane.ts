/**
 * The control-plane resource-policy API: `PUT|GET|DELETE /resourcepolicy/{resourceArn}` for
 * runtimes, runtime endpoints and memories.
 * @module
 */
import { parseArn } from '../arn/parse.js';
import { asArray, statementsOf } from '../policy/document.js';
import { hasWildcard } from '../policy/match.js';
import type { PolicyDocument } from '../policy/types.js';
import { EmulatorHttpError, notFound } from './http-error.js';
import { checkLength, fieldValidationError, type RouteContext, type StreamingResponse } from './responses.js';

type PolicyOperation = 'PutResourcePolicy' | 'GetResourcePolicy' | 'DeleteResourcePolicy';

const METHODS: Record<string, PolicyOperation> = {
  PUT: 'PutResourcePolicy',
  GET: 'GetResourcePolicy',
  DELETE: 'DeleteResourcePolicy',
};

/** Matches `/resourcepolicy/{resourceArn}`. @internal */
export function matchPolicyRoute(
  method: string,
  rawPath: string,
): { operation: PolicyOperation; resourceArn: string } | undefined {
  const segments = rawPath.split('/');
  const operation = METHODS[method];
  if (
    operation === undefined ||
    segments.length !== 3 ||
    segments[0] !== '' ||
    segments[1] !== 'resourcepolicy'
  ) {
    return undefined;
  }
  try {
    return { operation, resourceArn: decodeURIComponent(segments[2] ?? '') };
  } catch {
    return undefined;
  }
}

/** ValidationException for a policy document AgentCore refuses. */
function policyRejected(message: string): EmulatorHttpError {
  return new EmulatorHttpError(400, 'ValidationException', message, {
    reason: 'FieldValidationFailed',
    fieldList: [{ name: 'policy', message }],
  });
}

/**
 * The checks AgentCore applies to a resource policy before storing it. Grounded: `Resource` must
 * be the exact ARN the policy is attached to, never a wildcard (gotcha 2 of the seed). Assumed (no
 * public sample of the real messages): the wording below, and that a statement without
 * `Resource` (or with `NotResource`) or without `Principal` is refused the same way.
 * @internal
 */
export function checkPolicy(resourceArn: string, text: string): PolicyDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new EmulatorHttpError(400, 'ValidationException', 'The policy is not valid JSON.', {
      reason: 'CannotParse',
      fieldList: [{ name: 'policy', message: 'The policy is not valid JSON.' }],
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('Statement' in value)) {
    throw policyRejected('The policy must be a JSON object with a Statement element.');
  }
  const document = value as PolicyDocument;
  statementsOf(document).forEach((statement, index) => {
    if (typeof statement !== 'object' || statement === null) {
      throw policyRejected(`Statement ${index} of the policy is not a JSON object.`);
    }
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      throw policyRejected(`Statement ${index} of the policy has an invalid Effect; use Allow or Deny.`);
    }
    if (statement.Principal === undefined && statement.NotPrincipal === undefined) {
      throw policyRejected(
        `Statement ${index} of the policy has no Principal; a resource-based policy must name one.`,
      );
    }
    if (statement.NotResource !== undefined || statement.Resource === undefined) {
      throw policyRejected(
        `Statement ${index} of the policy must have a Resource element naming exactly ${resourceArn}.`,
      );
    }
    for (const resource of asArray(statement.Resource)) {
      if (typeof resource !== 'string') {
        throw policyRejected(`Statement ${index} of the policy has a Resource that is not a string.`);
      }
      if (hasWildcard(resource)) {
        throw policyRejected(
          `Invalid Resource '${resource}' in statement ${index}: wildcards are not allowed in the Resource of a resource-based policy. Specify the exact ARN of the resource the policy is attached to: ${resourceArn}.`,
        );
      }
      if (resource !== resourceArn) {
        throw policyRejected(
          `Invalid Resource '${resource}' in statement ${index}: the Resource must be the ARN of the resource the policy is attached to: ${resourceArn}.`,
        );
      }
    }
  });
  return document;
}

/** Handles a resource-policy request. @internal */
export function handlePolicy(
  ctx: RouteContext,
  route: { operation: PolicyOperation; resourceArn: string },
  memoryArns: readonly string[],
): StreamingResponse {
  const { resourceArn, operation } = route;
  checkLength('resourceArn', resourceArn, 20, 1011);
  let type: string;
  try {
    type = parseArn(resourceArn).resourceType;
  } catch (error) {
    throw fieldValidationError('resourceArn', resourceArn, (error as Error).message);
  }
  if (type === 'gateway') {
    throw notFound(`The emulator hosts no gateway ${resourceArn}.`);
  }
  let text: string | undefined;
  if (operation === 'PutResourcePolicy') {
    const body = parseBody(ctx.body);
    if (typeof body.policy !== 'string') throw fieldValidationError('policy', '', 'Member must not be null');
    text = body.policy;
    checkLength('policy', text, 1, 20480);
  }
  ctx.authorize({ action: operation, resourceArn });
  if (!ctx.world.hasResource(resourceArn, memoryArns) || parseArn(resourceArn).region !== ctx.region) {
    throw notFound(`Resource ${resourceArn} does not exist.`);
  }
  const policies = ctx.world.resourcePolicies;
  switch (operation) {
    case 'PutResourcePolicy': {
      const policy = text as string;
      policies.set(resourceArn, { text: policy, document: checkPolicy(resourceArn, policy) });
      return { status: 201, headers: { 'Content-Type': 'application/json' }, body: { policy } };
    }
    case 'GetResourcePolicy': {
      // Assumed: no policy attached answers ResourceNotFoundException (as Lambda's GetPolicy does);
      // the SDK model would also allow a 200 without `policy`.
      const stored = policies.get(resourceArn);
      if (stored === undefined) throw notFound(`No resource policy is attached to ${resourceArn}.`);
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body: { policy: stored.text } };
    }
    case 'DeleteResourcePolicy': {
      if (!policies.delete(resourceArn)) throw notFound(`No resource policy is attached to ${resourceArn}.`);
      return { status: 204 };
    }
  }
}

function parseBody(body: Uint8Array): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new EmulatorHttpError(400, 'ValidationException', 'The request body is not a JSON object.', {
    reason: 'CannotParse',
    fieldList: [],
  });
}
