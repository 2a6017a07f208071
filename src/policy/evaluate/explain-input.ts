/**
 * The arguments of `explainAccess` and `deriveRequestContext`, read and checked in one place
 * before any evaluation: plain data (read once), no field the evaluator does not know, the
 * request's fields of the right types, the context values of the types IAM has, every policy a
 * readable document, SCPs and RCPs as organization levels, the VPC endpoint's ids. Anything else is a
 * typed error naming the field: {@link ValidationError}, {@link InvalidArnError} from the ARN
 * readers, {@link PolicyParseError} for a document.
 * @internal
 */
import { PolicyParseError, shown, ValidationError } from '../../errors.js';
import { member, notJson, optionalString, plain, record, string } from '../../input.js';
import { parsePolicyDocument } from '../document.js';
import type { PolicyDocument } from '../types.js';
import type { ContextInput } from './context.js';
import type {
  AccessPolicies,
  AccessRequest,
  ContextValue,
  OrganizationLevel,
  VpcEndpointPolicy,
} from './types.js';

const REQUEST_FIX = 'Pass { principalArn, action, resourceArn, qualifier?, context? }.';
const POLICIES_FIX =
  'Pass { identity: [documents], resource: { [arn]: document }, scp?, rcp?, sessionPolicy?, permissionsBoundary?, vpcEndpoint? }.';
const REQUEST_FIELDS = ['principalArn', 'action', 'resourceArn', 'qualifier', 'context'];
const POLICY_FIELDS = [
  'identity',
  'resource',
  'scp',
  'rcp',
  'sessionPolicy',
  'permissionsBoundary',
  'vpcEndpoint',
];
const VPC_ENDPOINT_FIELDS = ['vpcEndpointId', 'vpcId', 'document'];

/**
 * Refuses a field the evaluator does not know: a misspelt or unsupported policy kind (`scps`,
 * `rcps`) would otherwise be silently ignored, and the answer silently wrong.
 */
function knownFields(value: Record<string, unknown>, known: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    throw new ValidationError(
      member(where, key),
      `${where} has no field ${shown(key)}; it would be ignored`,
      `Use only ${known.join(', ')}${where === 'policies' ? ' (resource control policies go in rcp, VPC endpoint policies in vpcEndpoint)' : ''}.`,
    );
  }
}
const CONTEXT_FIX =
  'Give each context key a string, a number, a boolean or a list of strings (e.g. { "aws:PrincipalOrgID": "o-abc" }).';

/** The request and policies of `explainAccess`, checked. @internal */
export function checkExplainInput(
  request: unknown,
  policies: unknown,
): { request: AccessRequest; policies: AccessPolicies } {
  return { request: checkRequest(request), policies: checkPolicies(policies) };
}

/** The input of `deriveRequestContext`, checked. @internal */
export function checkContextInput(input: unknown): ContextInput {
  const given = record(
    plain(input, 'input'),
    'input',
    'Pass { principalArn, resourceArn?, context?, now? }.',
  );
  const now = given['now'];
  if (
    now !== undefined &&
    !(now instanceof Date && Number.isFinite(now.getTime())) &&
    !(typeof now === 'number' && Number.isFinite(now))
  ) {
    throw new ValidationError(
      'now',
      `now ${shown(now)} is not a time`,
      'Pass a Date or epoch milliseconds, or leave it out.',
    );
  }
  const resourceArn = optionalString(
    given['resourceArn'],
    'resourceArn',
    'Pass the ARN of the resource, or leave it out.',
  );
  const context = checkContext(given['context']);
  return {
    principalArn: string(given['principalArn'], 'principalArn', 'Pass the ARN of the calling principal.'),
    ...(resourceArn === undefined ? {} : { resourceArn }),
    ...(context === undefined ? {} : { context }),
    ...(now === undefined ? {} : { now: now as Date | number }),
  };
}

function checkRequest(value: unknown): AccessRequest {
  const request = record(plain(value, 'request'), 'request', REQUEST_FIX);
  knownFields(request, REQUEST_FIELDS, 'request');
  const qualifier = optionalString(
    request['qualifier'],
    'request.qualifier',
    'Pass an endpoint name such as DEFAULT.',
  );
  const context = checkContext(request['context'], 'request.context');
  return {
    principalArn: string(
      request['principalArn'],
      'request.principalArn',
      'Pass the ARN of the calling principal.',
    ),
    action: string(
      request['action'],
      'request.action',
      'Pass an action such as bedrock-agentcore:InvokeAgentRuntime.',
    ),
    resourceArn: string(
      request['resourceArn'],
      'request.resourceArn',
      'Pass the runtime, endpoint or memory ARN.',
    ),
    ...(qualifier === undefined ? {} : { qualifier }),
    ...(context === undefined ? {} : { context }),
  };
}

function checkContext(value: unknown, field = 'context'): Record<string, ContextValue> | undefined {
  if (value === undefined) return undefined;
  const context = record(value, field, CONTEXT_FIX);
  for (const [key, entry] of Object.entries(context)) {
    const ok =
      typeof entry === 'string' ||
      typeof entry === 'boolean' ||
      (typeof entry === 'number' && Number.isFinite(entry)) ||
      (Array.isArray(entry) && entry.every((v) => typeof v === 'string'));
    if (!ok) {
      throw new ValidationError(member(field, key), `${member(field, key)} is ${shown(entry)}`, CONTEXT_FIX);
    }
  }
  return context as Record<string, ContextValue>;
}

function checkPolicies(value: unknown): AccessPolicies {
  const policies = record(plain(value, 'policies'), 'policies', POLICIES_FIX);
  knownFields(policies, POLICY_FIELDS, 'policies');
  // plain() keeps a document given in several places one object: check it once.
  const checked = new Map<unknown, PolicyDocument>();
  const checkDocument = (doc: unknown, field: string): PolicyDocument => {
    let document = checked.get(doc);
    if (document === undefined) {
      document = checkOneDocument(doc, field);
      checked.set(doc, document);
    }
    return document;
  };
  const documents = (field: string, list: unknown): PolicyDocument[] => {
    if (!Array.isArray(list)) {
      throw new ValidationError(
        field,
        `${field} must be a list of policy documents, not ${shown(list)}`,
        POLICIES_FIX,
      );
    }
    return list.map((doc, i) => checkDocument(doc, `${field}[${i}]`));
  };
  const resource =
    policies['resource'] === undefined ? {} : record(policies['resource'], 'policies.resource', POLICIES_FIX);
  const out: AccessPolicies = {
    identity: policies['identity'] === undefined ? [] : documents('policies.identity', policies['identity']),
    resource: Object.fromEntries(
      Object.entries(resource).map(([arn, doc]) => [
        arn,
        doc === undefined ? undefined : checkDocument(doc, member('policies.resource', arn)),
      ]),
    ),
  };
  for (const key of ['scp', 'rcp'] as const) {
    if (policies[key] !== undefined)
      out[key] = levels(policies[key], `policies.${key}`, documents, checkDocument);
  }
  for (const key of ['sessionPolicy', 'permissionsBoundary'] as const) {
    if (policies[key] !== undefined) out[key] = checkDocument(policies[key], `policies.${key}`);
  }
  if (policies['vpcEndpoint'] !== undefined)
    out.vpcEndpoint = checkVpcEndpoint(policies['vpcEndpoint'], checkDocument);
  return out;
}

/** SCPs or RCPs: levels from the organization root, each a document or a non-empty list of them. */
function levels(
  value: unknown,
  field: string,
  documents: (field: string, list: unknown) => PolicyDocument[],
  checkDocument: (doc: unknown, field: string) => PolicyDocument,
): OrganizationLevel[] {
  const fix = `Pass ${field.slice('policies.'.length)}: [rootLevel, …ouLevels, accountLevel], each level a policy document or an array of them.`;
  if (!Array.isArray(value)) {
    throw new ValidationError(
      field,
      `${field} must be a list of organization levels, not ${shown(value)}`,
      fix,
    );
  }
  return value.map((level, i) => {
    if (!Array.isArray(level)) return checkDocument(level, `${field}[${i}]`);
    if (level.length === 0) {
      throw new ValidationError(
        `${field}[${i}]`,
        `level ${i} of ${field} holds no policy, so nothing at that level could allow`,
        `${fix} Leave the level out when no policy of that kind is attached there.`,
      );
    }
    return documents(`${field}[${i}]`, level);
  });
}

/** The VPC endpoint a request goes through: its id, its VPC, its policy. */
function checkVpcEndpoint(
  value: unknown,
  checkDocument: (doc: unknown, field: string) => PolicyDocument,
): VpcEndpointPolicy {
  const fix = "Pass vpcEndpoint: { vpcEndpointId: 'vpce-…', vpcId?: 'vpc-…', document }.";
  const vpce = record(value, 'policies.vpcEndpoint', fix);
  knownFields(vpce, VPC_ENDPOINT_FIELDS, 'policies.vpcEndpoint');
  const vpcEndpointId = string(
    vpce['vpcEndpointId'],
    'policies.vpcEndpoint.vpcEndpointId',
    'Pass the id of the endpoint the request goes through, e.g. vpce-0123456789abcdef0 (it becomes aws:SourceVpce).',
    /^vpce-[0-9a-f]{1,32}$/,
  );
  const vpcId = optionalString(
    vpce['vpcId'],
    'policies.vpcEndpoint.vpcId',
    "Pass the id of the endpoint's VPC, e.g. vpc-0123456789abcdef0 (it becomes aws:SourceVpc), or leave it out.",
    /^vpc-[0-9a-f]{1,32}$/,
  );
  return {
    vpcEndpointId,
    ...(vpcId === undefined ? {} : { vpcId }),
    document: checkDocument(vpce['document'], 'policies.vpcEndpoint.document'),
  };
}

/**
 * One policy document: readable as a policy (`parsePolicyDocument`'s checks, with the field in
 * the message) and made of JSON data only.
 */
function checkOneDocument(value: unknown, field: string): PolicyDocument {
  let document: PolicyDocument;
  try {
    document = parsePolicyDocument(value);
    jsonOnly(document);
  } catch (error) {
    if (error instanceof PolicyParseError) {
      throw new PolicyParseError(error.path, `${field}: ${error.message}`, { cause: error });
    }
    throw error;
  }
  return document;
}

/** Refuses a value JSON cannot hold (a Symbol, a BigInt, a function, a class instance, NaN). */
function jsonOnly(document: PolicyDocument): void {
  const found = notJson(document);
  if (found === undefined) return;
  const pointer = found.at.map((k) => `/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  throw new PolicyParseError(
    pointer,
    `The policy holds ${shown(found.value)} at ${pointer || '/'}: a policy is JSON data.`,
  );
}
