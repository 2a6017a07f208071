/**
 * The options of `startLocalAgentCore`, read once and checked before anything starts: plain data
 * (agent handlers, the clock and fault patterns kept as given), each member of its documented
 * type. The parts are checked further where they are used (accounts and runtimes by the world,
 * memories by the store, fault rules by the injector).
 * @internal
 */
import { shown, ValidationError } from '../errors.js';
import { callable, list, number, optionalRecord, optionalString, plain, record } from '../input.js';
import type { LocalAgentCoreOptions } from './server.js';

const FIX = 'Pass the documented LocalAgentCoreOptions, or nothing for the seed world.';

/** The options, checked. @internal */
export function localAgentCoreOptions(given: LocalAgentCoreOptions): LocalAgentCoreOptions {
  const options = record(plain(given, 'options'), 'options', FIX) as Record<string, unknown>;
  optionalString(options['region'], 'region', 'Use a region code such as eu-west-1.');
  if (options['seed'] !== undefined) number(options['seed'], 'seed', { integer: true });
  if (options['now'] !== undefined)
    callable(options['now'], 'now', 'Pass a function returning epoch milliseconds, e.g. () => Date.now().');
  if (options['maxRecordedRequests'] !== undefined) {
    number(options['maxRecordedRequests'], 'maxRecordedRequests', { min: 0, integer: true });
  }
  for (const key of ['accounts', 'runtimes', 'memories', 'gateways', 'harnesses', 'faults'] as const) {
    if (options[key] !== undefined) {
      list(options[key], key, FIX).forEach((item, i) => {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          throw new ValidationError(`${key}[${i}]`, `${key}[${i}] is ${shown(item)}, not an object`, FIX);
        }
      });
    }
  }
  optionalRecord(options['memory'], 'memory', FIX);
  optionalRecord(options['resourcePolicies'], 'resourcePolicies', FIX);
  return options as LocalAgentCoreOptions;
}
