/**
 * The resource-based policy that lets principals of other accounts use a memory.
 * @module
 */
import { memoryArn as resolveMemoryArn } from '../../arn/format.js';
import { parseArnOfType } from '../../arn/parse.js';
import {
  type ActionInfo,
  isMemoryReadAction,
  isMemoryWriteAction,
  MEMORY_DATA_PLANE_ACTIONS,
  MEMORY_READ_ACTIONS,
  MEMORY_WRITE_ACTIONS,
} from '../actions.js';
import type { ConditionElement, ResourcePolicy, Statement } from '../types.js';
import {
  allowStatement,
  builderInput,
  checkOrgId,
  checkSid,
  dedupe,
  iamPrincipalCondition,
  normalizeActions,
  normalizePrincipals,
  optionalList,
  POLICY_VERSION,
  type PrincipalRules,
  quote,
  refuse,
  refuseWildcardResource,
  withField,
} from './common.js';

/** One statement of {@link memoryAccessPolicy}, emitted as given (after validation). */
export interface MemoryPolicyStatementInput {
  /** Statement id (ASCII letters and digits). Omitted when not given. */
  sid?: string;
  /** IAM principal ARNs or 12-digit account ids, as in {@link RuntimeAccessPoliciesInput.principals}. */
  principals: readonly string[];
  /** Memory data-plane actions, short or qualified. */
  actions: readonly string[];
}

/** Input of {@link memoryAccessPolicy}. */
export interface MemoryAccessPolicyInput {
  /** The full memory ARN in Account A (a bare memory id is refused: `memory-id-not-arn`). */
  memoryArn: string;
  /** Read-only consumers: they get the read actions ({@link MEMORY_READ_ACTIONS}). */
  readers?: readonly string[];
  /**
   * Read-write producers: they are in the read statement and in a separate write statement
   * ({@link MEMORY_WRITE_ACTIONS}).
   */
  writers?: readonly string[];
  /** Narrows the read and write statements to these memory data-plane actions. */
  actions?: readonly string[];
  /** Explicit statements, appended after the readers / writers statements, for full control. */
  statements?: readonly MemoryPolicyStatementInput[];
  /** Restricts every statement to an AWS Organization (`StringEquals aws:PrincipalOrgID`). */
  principalOrgId?: string;
  /** Extra conditions on every statement; aws:SourceAccount and aws:SourceArn are refused. */
  condition?: ConditionElement;
}

/** Sid of the readers statement of {@link memoryAccessPolicy}. */
export const MEMORY_READ_SID = 'AllowCrossAccountMemoryRead';
/** Sid of the writers statement of {@link memoryAccessPolicy}. */
export const MEMORY_WRITE_SID = 'AllowCrossAccountMemoryWrite';

/** True for one of the 16 memory data-plane actions. @internal */
export function isMemoryDataPlaneAction(info: ActionInfo): boolean {
  return (MEMORY_DATA_PLANE_ACTIONS as readonly string[]).includes(info.action);
}

/**
 * Validates a list of memory data-plane actions (short names qualified, repeats removed).
 * @internal
 */
export function memoryActions(actions: unknown, field: string): string[] {
  return normalizeActions(actions, field, isMemoryDataPlaneAction, 'memory data-plane');
}

/**
 * The resource-based policy of a memory: read-only consumers and read-write producers get
 * separate statements (the AWS guide's best practice), and `statements` gives full control.
 *
 * @throws {@link PolicyBuildError} for a wildcard memory ARN (`resource-wildcard`), no principal
 *   at all, a `*` principal without `principalOrgId` (`broad-principal`), an aws:SourceAccount /
 *   aws:SourceArn condition (`source-account-condition`), unknown (`unknown-action`) or
 *   non-memory actions, readers with only write actions, a repeated Sid (`duplicate-sid`).
 * @throws {@link InvalidArnError} for a malformed memory or principal ARN, or a bare memory id.
 *
 * @example
 * ```ts
 * import { memoryAccessPolicy } from 'agentcore-xacct/policy';
 * const { resourceArn, document } = memoryAccessPolicy({
 *   memoryArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij',
 *   readers: ['arn:aws:iam::222222222222:role/AgentMemoryReaderRole'],
 *   writers: ['arn:aws:iam::222222222222:role/AgentMemoryWriterRole'],
 * });
 * ```
 */
export function memoryAccessPolicy(input: MemoryAccessPolicyInput): ResourcePolicy {
  input = builderInput(input, 'memoryAccessPolicy');
  refuseWildcardResource(input.memoryArn, 'memoryArn');
  const resourceArn = withField('memoryArn', () => resolveMemoryArn(input.memoryArn));
  const { partition } = parseArnOfType(resourceArn, 'memory', 'memoryArn');
  const principalOrgId = checkOrgId(input.principalOrgId);
  const condition = iamPrincipalCondition(input.condition, principalOrgId);
  const rules = (field: string): PrincipalRules => ({ field, partition, principalOrgId });
  const principalsOf = (field: 'readers' | 'writers'): string[] =>
    optionalList(input[field], field).length === 0 ? [] : normalizePrincipals(input[field], rules(field));
  const readers = principalsOf('readers');
  const writers = principalsOf('writers');
  const narrowed = input.actions === undefined ? undefined : memoryActions(input.actions, 'actions');
  const readActions = narrowed?.filter(isMemoryReadAction) ?? [...MEMORY_READ_ACTIONS];
  const writeActions = narrowed?.filter(isMemoryWriteAction) ?? [...MEMORY_WRITE_ACTIONS];
  if (readers.length > 0 && readActions.length === 0) {
    refuse(
      'actions',
      'readers get read actions only, and none of the given actions reads',
      'Add read actions (e.g. RetrieveMemoryRecords), or list these principals as writers.',
    );
  }

  const statements: Statement[] = [];
  const readPrincipals =
    readers.includes('*') || writers.includes('*') ? ['*'] : dedupe([...readers, ...writers]);
  if (readPrincipals.length > 0 && readActions.length > 0) {
    statements.push(
      allowStatement({
        sid: MEMORY_READ_SID,
        principals: readPrincipals,
        actions: readActions,
        resources: [resourceArn],
        condition,
      }),
    );
  }
  if (writers.length > 0 && writeActions.length > 0) {
    statements.push(
      allowStatement({
        sid: MEMORY_WRITE_SID,
        principals: writers,
        actions: writeActions,
        resources: [resourceArn],
        condition,
      }),
    );
  }
  optionalList(input.statements, 'statements').forEach((value, index) => {
    const given = value as MemoryPolicyStatementInput;
    const field = `statements[${index}]`;
    statements.push(
      allowStatement({
        sid: checkSid(given.sid, `${field}.sid`),
        principals: normalizePrincipals(given.principals, rules(`${field}.principals`)),
        actions: memoryActions(given.actions, `${field}.actions`),
        resources: [resourceArn],
        condition,
      }),
    );
  });
  if (statements.length === 0) {
    refuse(
      'readers',
      'readers, writers and statements are all empty: the policy would grant nothing',
      'Name the read-only consumers as readers, the producers as writers, or pass statements.',
    );
  }
  refuseRepeatedSids(statements);
  return { resourceArn, document: { Version: POLICY_VERSION, Statement: statements } };
}

function refuseRepeatedSids(statements: readonly Statement[]): void {
  const seen = new Set<string>();
  for (const { Sid } of statements) {
    if (Sid === undefined) continue;
    if (seen.has(Sid)) {
      refuse(
        'statements',
        `Sid ${quote(Sid)} appears twice; IAM requires unique statement ids in a policy`,
        `Give each statement its own Sid (${MEMORY_READ_SID} and ${MEMORY_WRITE_SID} are used by readers and writers).`,
        'duplicate-sid',
      );
    }
    seen.add(Sid);
  }
}
