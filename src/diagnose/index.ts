/**
 * AccessDenied diagnosis: the message parser, the diagnosis, the SDK client plugin and the live
 * `doctor` probes.
 * @module
 */
export { diagnoseAccessDenied } from './diagnose.js';
export {
  type DoctorCheck,
  type DoctorClientConfig,
  type DoctorOptions,
  type DoctorReport,
  type DoctorStatus,
  doctor,
} from './doctor.js';
export {
  type ExtractionProbeOptions,
  type ExtractionProbeResult,
  probeExtractionByArn,
} from './extraction-probe.js';
export {
  type AccessDeniedPolicyType,
  type DenialType,
  type ParsedAccessDenied,
  parseAccessDeniedMessage,
} from './message.js';
export {
  ACCESS_DENIED_DIAGNOSIS_MIDDLEWARE,
  type AccessDeniedDiagnosisOptions,
  accessDeniedDiagnosis,
} from './plugin.js';
export type {
  AccessExplainer,
  CauseConfidence,
  ChecklistItem,
  DeniedParty,
  Diagnosis,
  DiagnosisCause,
  DiagnosisContext,
  DiagnosisEngine,
  DiagnosisPolicies,
} from './types.js';
