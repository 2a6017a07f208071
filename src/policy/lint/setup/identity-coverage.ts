/**
 * Set-level check of the caller's side: do its identity policies, together, allow the runtime
 * ARN and every endpoint ARN (or the memory ARN) in the owner's account?
 * @internal
 */

import { arnFields, formatArnFields } from '../../../arn/fields.js';
import { MEMORY_DATA_PLANE_ACTIONS } from '../../actions.js';
import { resourceEntryMatches } from '../../statement/match.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import { allowsFor, type Grant, grantsAction, INVOKE, ResourceIndex } from '../grants.js';
import { agentCorePattern } from '../resources.js';
import type { StatementView } from '../types.js';
import { explicitDenies } from './deny.js';
import type { ResolvedTarget } from './targets.js';

/** `policyArn` of findings about the identity policies as a whole. @internal */
export const IDENTITY_SET = 'identity';

/** @internal */
export function identityCoverage(
  targets: readonly ResolvedTarget[],
  statements: readonly StatementView[],
): Finding[] {
  const invoke = new ResourceIndex(allowsFor(statements, INVOKE));
  const memory = new ResourceIndex(
    statements.filter(
      (s) => s.effect === 'Allow' && MEMORY_DATA_PLANE_ACTIONS.some((a) => grantsAction(s, a)),
    ),
  );
  const findings: Finding[] = [];
  for (const target of targets) {
    if (target.type === 'memory') {
      if (memory.find(target.arn) === undefined) {
        findings.push(...notAllowed(memory, target.arn, 'any memory data-plane action'));
      }
      findings.push(...explicitDenies(statements, [target.arn], MEMORY_DATA_PLANE_ACTIONS));
      continue;
    }
    const grant = invoke.find(target.arn);
    if (grant === undefined) {
      findings.push(...notAllowed(invoke, target.arn, INVOKE));
    } else {
      for (const endpoint of target.endpoints) {
        if (invoke.find(endpoint) !== undefined) continue;
        const near = nearMisses(invoke, endpoint);
        findings.push(...(near.length > 0 ? near : [missingEndpoint(grant, endpoint)]));
      }
    }
    findings.push(...explicitDenies(statements, [target.arn, ...target.endpoints], [INVOKE]));
  }
  return findings;
}

function notAllowed(index: ResourceIndex, arn: string, what: string): Finding[] {
  const near = nearMisses(index, arn);
  if (near.length > 0) return near;
  return [
    {
      code: 'identity-missing-action',
      severity: 'error',
      message: `No identity policy of the caller allows ${what} on ${arn}.`,
      path: '',
      fix: `Add to the caller's identity policy a statement allowing ${what === INVOKE ? `${INVOKE} on ${arn} and on its endpoint sub-path ${arn}/runtime-endpoint/*` : `the memory actions it needs on ${arn}`} (callerIdentityPolicy builds it).`,
      policyArn: IDENTITY_SET,
    },
  ];
}

function missingEndpoint(grant: Grant, endpoint: string): Finding {
  return report(
    grant.statement,
    'identity-missing-endpoint',
    'error',
    grant.entry?.path ?? grant.statement.path,
    `The caller's identity policy allows ${INVOKE} on the runtime but not on ${endpoint}: AWS authorizes the endpoint too, and reports the denial as "no resource-based policy allows".`,
    `Add ${quote(endpoint)} (or …/runtime-endpoint/*, in the owner's account) to Resource.`,
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
