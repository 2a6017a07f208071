/**
 * The fix planner: the smallest least-privilege policy change that makes a request allowed.
 * @module
 */
export { planAccessFix } from './plan.js';
export type {
  AccessFixBlock,
  AccessFixChange,
  AccessFixCloudFormation,
  AccessFixPlan,
  PlanAccessFixOptions,
} from './types.js';
