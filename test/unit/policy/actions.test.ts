import { describe, expect, it } from 'vitest';
import {
  agentCoreAction,
  allAgentCoreActions,
  isHierarchicalRuntimeAction,
  isMemoryReadAction,
  isMemoryWriteAction,
  MEMORY_DATA_PLANE_ACTIONS,
  qualifyAction,
} from '../../../src/policy/index.js';

describe('action table', () => {
  it('knows the invocation actions with both resource types', () => {
    expect(agentCoreAction('bedrock-agentcore:invokeagentruntime')?.requiredResourceTypes).toEqual([
      'runtime',
      'runtime-endpoint',
    ]);
    expect(agentCoreAction('bedrock-agentcore:NoSuchAction')).toBeUndefined();
  });

  // isHierarchicalRuntimeAction reads a short generated list, not the table (bundle size): the
  // two must never disagree.
  it.each(allAgentCoreActions())('isHierarchicalRuntimeAction agrees with the table for %s', (action) => {
    const required = agentCoreAction(action)?.requiredResourceTypes ?? [];
    const expected = required.includes('runtime') && required.includes('runtime-endpoint');
    expect(isHierarchicalRuntimeAction(action)).toBe(expected);
    expect(isHierarchicalRuntimeAction(action.toUpperCase())).toBe(expected);
  });

  it('answers false for an action of another service with the same name', () => {
    expect(isHierarchicalRuntimeAction('bedrock:InvokeAgentRuntime')).toBe(false);
    expect(isHierarchicalRuntimeAction('InvokeAgentRuntime')).toBe(false);
    expect(isHierarchicalRuntimeAction(qualifyAction('InvokeAgentRuntime'))).toBe(true);
  });

  it('splits the 15 memory data-plane actions into reads and writes', () => {
    expect(MEMORY_DATA_PLANE_ACTIONS).toHaveLength(15);
    for (const action of MEMORY_DATA_PLANE_ACTIONS) {
      expect(isMemoryReadAction(action)).not.toBe(isMemoryWriteAction(action));
      expect(agentCoreAction(action)?.requiredResourceTypes).toEqual(['memory']);
    }
  });
});
