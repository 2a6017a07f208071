/**
 * Set-level check of the caller's side: do its identity policies, together, allow the runtime
 * (harness) ARN and every endpoint ARN, or the memory or gateway ARN, in the owner's account?
 * @internal
 */

import { arnFields, formatArnFields } from '../../../arn/fields.js';
import { GATEWAY_INVOKE_ACTIONS, HARNESS_INVOKE_ACTIONS, MEMORY_DATA_PLANE_ACTIONS } from '../../actions.js';
import { resourceEntryMatches } from '../../statement/match.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import { allowsFor, type Grant, grantsAction, INVOKE, ResourceIndex } from '../grants.js';
import { agentCorePattern } from '../resources.js';
import type { StatementView } from '../types.js';
import { explicitDenies } from './deny.js';
import { hasEndpoints, type ResolvedTarget } from './targets.js';

/** `policyArn` of findings about the identity policies as a whole. @internal */
export const IDENTITY_SET = 'identity';

/** The action each target type is reached with; memories take any data-plane action. */
const REACHED_WITH = {
  runtime: INVOKE,
  harness: HARNESS_INVOKE_ACTIONS[0],
  gateway: GATEWAY_INVOKE_ACTIONS[0],
} as const;

/** @internal */
export function identityCoverage(
  targets: readonly ResolvedTarget[],
  statements: readonly StatementView[],
): Finding[] {
  const indexes = new Map<string, ResourceIndex>();
  const indexFor = (action: string): ResourceIndex => {
    let index = indexes.get(action);
    if (index === undefined) {
      index = new ResourceIndex(allowsFor(statements, action));
      indexes.set(action, index);
    }
    return index;
  };
  const memory = new ResourceIndex(
    statements.filter(
      (s) => s.effect === 'Allow' && MEMORY_DATA_PLANE_ACTIONS.some((a) => grantsAction(s, a)),
    ),
  );
  const findings: Finding[] = [];
  for (const target of targets) {
    if (target.type === 'memory') {
      if (memory.find(target.arn) === undefined) {
        findings.push(...notAllowed(memory, target, 'any memory data-plane action'));
      }
      findings.push(...explicitDenies(statements, [target.arn], MEMORY_DATA_PLANE_ACTIONS));
      continue;
    }
    const action = REACHED_WITH[target.type];
    const index = indexFor(action);
    const grant = index.find(target.arn);
    const endpoints = hasEndpoints(target) ? target.endpoints : [];
    if (grant === undefined) {
      findings.push(...notAllowed(index, target, action));
    } else {
      for (const endpoint of endpoints) {
        if (index.find(endpoint) !== undefined) continue;
        const near = nearMisses(index, endpoint);
        findings.push(...(near.length > 0 ? near : [missingEndpoint(grant, action, target.type, endpoint)]));
      }
    }
    const actions = target.type === 'harness' ? HARNESS_INVOKE_ACTIONS : [action];
    findings.push(...explicitDenies(statements, [target.arn, ...endpoints], actions));
  }
  return findings;
}

function notAllowed(index: ResourceIndex, target: ResolvedTarget, what: string): Finding[] {
  const near = nearMisses(index, target.arn);
  if (near.length > 0) return near;
  const { arn } = target;
  const grant =
    target.type === 'memory'
      ? `the memory actions it needs on ${arn}`
      : target.type === 'harness'
        ? `${HARNESS_INVOKE_ACTIONS.join(' and ')} on ${arn} and on its endpoint sub-path ${arn}/harness-endpoint/*`
        : target.type === 'runtime'
          ? `${INVOKE} on ${arn} and on its endpoint sub-path ${arn}/runtime-endpoint/*`
          : `${what} on ${arn}`;
  return [
    {
      code: 'identity-missing-action',
      severity: 'error',
      message: `No identity policy of the caller allows ${what} on ${arn}.`,
      path: '',
      fix: `Add to the caller's identity policy a statement allowing ${grant} (callerIdentityPolicy builds it).`,
      policyArn: IDENTITY_SET,
    },
  ];
}

function missingEndpoint(grant: Grant, action: string, type: string, endpoint: string): Finding {
  return report(
    grant.statement,
    'identity-missing-endpoint',
    'error',
    grant.entry?.path ?? grant.statement.path,
    `The caller's identity policy allows ${action} on the ${type} but not on ${endpoint}: AWS authorizes the endpoint too, and reports the denial as "no resource-based policy allows".`,
    `Add ${quote(endpoint)} (or …/${type}-endpoint/*, in the owner's account) to Resource.`,
  );
}

/**
 * Entries that would cover the ARN but for their account or region field: the likely cause
 * when nothing covers it (seed 000, gotcha 4).
 */
function nearMisses(index: ResourceIndex, arn: string): Finding[] {
  const { region = '', account = '' } = arnFields(arn) ?? {};
  const findings: Finding[] = [];
  for (const { statement, entry } of index.entries()) {
    const pattern = entry === undefined ? undefined : agentCorePattern(entry.value);
    if (entry === undefined || pattern === undefined) continue;
    const accountFixed = formatArnFields(pattern.fields, { account });
    const regionFixed = formatArnFields(pattern.fields, { region });
    const bothFixed = formatArnFields(pattern.fields, { region, account });
    const wrongAccount = resourceEntryMatches(accountFixed, arn);
    const wrongRegion = resourceEntryMatches(regionFixed, arn);
    const wrongBoth = !wrongAccount && !wrongRegion && resourceEntryMatches(bothFixed, arn);
    if (wrongAccount || wrongBoth) {
      findings.push(
        report(
          statement,
          'identity-wrong-account',
          'error',
          entry.path,
          `Resource ${quote(entry.value)} names account ${quote(pattern.account)}; ${arn} is in ${account}.`,
          `Name the owner's account: ${quote(wrongBoth ? bothFixed : accountFixed)}.`,
        ),
      );
    }
    if (wrongRegion || wrongBoth) {
      findings.push(
        report(
          statement,
          'region-mismatch',
          'error',
          entry.path,
          `Resource ${quote(entry.value)} names region ${quote(pattern.region)}; ${arn} is in ${region}.`,
          `Name the resource's region: ${quote(wrongBoth ? bothFixed : regionFixed)}.`,
        ),
      );
    }
  }
  return findings;
}
