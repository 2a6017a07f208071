/**
 * What a diagnosis reads off an error of any shape: AWS's message, the error's name and HTTP
 * status, and the parsed parts an `AgentCoreAccessDeniedError` already carries. Never throws.
 * @internal
 */
import type { ParsedAccessDenied } from './message.js';

/** What the diagnosis reads off an error of any shape. */
/** @internal */
export interface ErrorFacts {
  message: string;
  name: string;
  status: number | undefined;
  /** The parsed parts an AgentCoreAccessDeniedError already carries. */
  carried: Partial<ParsedAccessDenied>;
}

/** @internal */
export function errorFacts(error: unknown): ErrorFacts {
  try {
    return readErrorFacts(error);
  } catch {
    // An error that cannot be read (a Proxy whose traps throw): nothing is known from it.
    return { message: '', name: '', status: undefined, carried: {} };
  }
}

function readErrorFacts(error: unknown): ErrorFacts {
  if (typeof error === 'string') return { message: error, name: '', status: undefined, carried: {} };
  if (typeof error !== 'object' || error === null)
    return { message: '', name: '', status: undefined, carried: {} };
  const e = error as Record<string, unknown>;
  const cause =
    typeof e.cause === 'object' && e.cause !== null ? (e.cause as Record<string, unknown>) : undefined;
  // An AgentCoreAccessDeniedError wraps the SDK error: diagnose what AWS said, not our summary.
  const wrapped = e.name === 'AgentCoreAccessDeniedError' && cause !== undefined;
  const source = wrapped ? cause : e;
  const metadata = (source.$metadata ?? e.$metadata) as { httpStatusCode?: unknown } | undefined;
  const carried: Partial<ParsedAccessDenied> = {};
  if (wrapped) {
    for (const key of ['principalArn', 'action', 'resourceArn', 'policyType', 'denialType'] as const) {
      if (typeof e[key] === 'string') (carried as Record<string, unknown>)[key] = e[key];
    }
  }
  return {
    message: typeof source.message === 'string' ? source.message : '',
    name: typeof source.name === 'string' ? source.name : '',
    status: typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined,
    carried,
  };
}
