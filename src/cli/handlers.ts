/**
 * The code each declared command runs (./spec.ts declares the commands, ./program.ts parses them).
 * @internal
 */
import type { Output } from './output.js';
import type { Handlers } from './program.js';

/**
 * Each declared command's handler: the command's module is loaded when the command runs, so
 * `--help` loads none of them. @internal
 */
export function handlers(out: Output): Handlers {
  return {
    demo: async () => (await import('./commands/demo.js')).runDemo(out),
    lint: async (o) => (await import('./commands/lint.js')).runLint(out, o.file, o),
    'policy runtime': async (o) => (await import('./commands/policy.js')).runRuntimePolicy(out, o),
    'policy gateway': async (o) => (await import('./commands/policy.js')).runGatewayPolicy(out, o),
    'policy harness': async (o) => (await import('./commands/policy.js')).runHarnessPolicy(out, o),
    'policy memory': async (o) => (await import('./commands/policy.js')).runMemoryPolicy(out, o),
    'policy caller': async (o) => (await import('./commands/policy.js')).runCallerPolicy(out, o),
    'policy trust': async (o) => (await import('./commands/policy.js')).runTrustPolicy(out, o),
    'policy delivery': async (o) => (await import('./commands/policy.js')).runDeliveryPolicy(out, o),
    explain: async (o) => (await import('./commands/explain.js')).runExplain(out, o),
    diagnose: async (o) => (await import('./commands/diagnose.js')).runDiagnose(out, o),
    emulator: async (o) => (await import('./commands/emulator.js')).runEmulator(out, o),
    invoke: async (o) => (await import('./commands/invoke.js')).runInvoke(out, o),
    doctor: async (o) => (await import('./commands/doctor.js')).runDoctor(out, o),
    audit: async (o) => (await import('./commands/audit.js')).runAudit(out, o),
    'memory create-event': async (o) => (await import('./commands/memory.js')).runCreateEvent(out, o),
    'memory retrieve': async (o) => (await import('./commands/memory.js')).runRetrieve(out, o),
    'memory list-records': async (o) => (await import('./commands/memory.js')).runListRecords(out, o),
    'memory list-events': async (o) => (await import('./commands/memory.js')).runListEvents(out, o),
    'memory import': async (o) => (await import('./commands/memory.js')).runImport(out, o.file, o),
  };
}
