import { describe, expect, it } from 'vitest';
import {
  agentCoreAction,
  allAgentCoreActions,
  GATEWAY_INVOKE_ACTIONS,
  HARNESS_INVOKE_ACTIONS,
  isHierarchicalHarnessAction,
  isHierarchicalRuntimeAction,
  isMemoryReadAction,
  isMemoryWriteAction,
  MEMORY_DATA_PLANE_ACTIONS,
  qualifyAction,
  RUNTIME_ACTION_PRESETS,
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

  it.each(allAgentCoreActions())('isHierarchicalHarnessAction agrees with the table for %s', (action) => {
    const required = agentCoreAction(action)?.requiredResourceTypes ?? [];
    expect(isHierarchicalHarnessAction(action)).toBe(
      required.includes('harness') && required.includes('harness-endpoint'),
    );
  });

  it('knows the actions of issue 17 with the resource types IAM requires', () => {
    const required = (action: string) => agentCoreAction(qualifyAction(action))?.requiredResourceTypes;
    expect(required('InvokeGateway')).toEqual(['gateway']);
    expect(required('bedrock-agentcore:InvokeHarness')).toEqual(['harness', 'harness-endpoint']);
    for (const action of [
      'InvokeAgentRuntimeCommand',
      'InvokeAgentRuntimeCommandShell',
      'InvokeAgentRuntimeWithWebSocketStream',
      'InvokeAgentRuntimeWithWebSocketStreamForUser',
      'StopRuntimeSession',
    ]) {
      expect(isHierarchicalRuntimeAction(qualifyAction(action))).toBe(true);
    }
    // Not in the IAM data: added by the generator, on memory like CreateEvent.
    expect(required('IngestData')).toEqual(['memory']);
    expect(isMemoryWriteAction('bedrock-agentcore:IngestData')).toBe(true);
  });

  it('grants every action of a preset, each preset containing the smaller one', () => {
    const { invoke, 'invoke+commands': commands, all } = RUNTIME_ACTION_PRESETS;
    expect(commands.slice(0, invoke.length)).toEqual(invoke);
    expect(all.slice(0, commands.length)).toEqual(commands);
    expect(all).toContain('bedrock-agentcore:StopRuntimeSession');
    expect(commands).not.toContain('bedrock-agentcore:StopRuntimeSession');
    for (const action of [...all, ...GATEWAY_INVOKE_ACTIONS, ...HARNESS_INVOKE_ACTIONS]) {
      expect(agentCoreAction(action)?.action).toBe(action);
    }
  });

  it('splits the 16 memory data-plane actions into reads and writes', () => {
    expect(MEMORY_DATA_PLANE_ACTIONS).toHaveLength(16);
    for (const action of MEMORY_DATA_PLANE_ACTIONS) {
      expect(isMemoryReadAction(action)).not.toBe(isMemoryWriteAction(action));
      expect(agentCoreAction(action)?.requiredResourceTypes).toEqual(['memory']);
    }
  });
});
