/**
 * The plan report: what every output format renders, and the JSON format itself. Versioned: the schema is
 * docs/plan-report-schema.json; bump REPORT_SCHEMA_VERSION (semver) with any change to these shapes and update the
 * schema in the same change (test/tools/plan checks the output against it).
 */
import type { EnforcementLevel, Severity } from "./analyzer-client";

export const REPORT_SCHEMA_VERSION = "1.0.0";

export interface SourceLocation {
  /** Path relative to the project directory (or absolute when outside it). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface ReportResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Custom (cloud) resource, as opposed to a component. Providers are custom. */
  readonly custom: boolean;
  readonly remote: boolean;
  /** Not registered by the program: a provider the engine adds (default provider). */
  readonly synthesized: boolean;
  readonly parent?: string;
  /** The nearest ancestor that is a component (not the stack). */
  readonly component?: string;
  readonly provider?: string;
  readonly id?: string;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly dependencies: string[];
  readonly propertyDependencies: Record<string, string[]>;
  /** Inputs as the policy pack received them, secrets as "[secret]", unknowns as "[unknown]". */
  readonly inputs: Record<string, unknown>;
  /** Outputs (mocked) as AnalyzeStack received them, masked the same way. */
  readonly outputs: Record<string, unknown>;
  /** Where the program constructed it; the call chain from there outward in `stack`. */
  readonly source?: SourceLocation;
  readonly stack: SourceLocation[];
}

export interface Controls {
  readonly awsFsbp: string[];
  readonly cis: string[];
  readonly cdkNag: string[];
  readonly checkov: string[];
}

export type PolicyStatus = "pass" | "fail" | "waived" | "not-evaluated" | "skipped" | "disabled";

export interface ReportPolicy {
  readonly name: string;
  readonly description: string;
  /** The level this run used (after the policy config). */
  readonly enforcementLevel: EnforcementLevel;
  /** The level the pack declares. */
  readonly defaultEnforcementLevel: EnforcementLevel;
  readonly severity: Severity;
  readonly type: "resource" | "stack" | "unknown";
  readonly service: string;
  readonly controls: Controls;
  readonly tags: string[];
  readonly remediation: string;
  /**
   * `prod-only`: skipped when its `environment` config is `dev`; `environment-aware`: applies everywhere, stricter
   * in prod (reads `environment` too); `all`: no environment knob.
   */
  readonly scope: "all" | "prod-only" | "environment-aware";
  /** The `environment` this run gave a guardrail that reads one. */
  readonly environment?: string;
  readonly status: PolicyStatus;
  readonly violations: number;
  readonly waivers: number;
}

export interface ReportViolation {
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly severity: Severity;
  /** The resource the engine attributes it to (the stack's URN for stack-wide findings). */
  readonly urn: string;
  readonly resourceType: string;
  readonly resourceName: string;
  /** What the policy said about this resource. */
  readonly message: string;
  readonly description: string;
  readonly controls: Controls;
  readonly remediation: string;
  /** Analyze (per-resource inputs) or AnalyzeStack (outputs and dependencies). */
  readonly phase: "resource" | "stack";
}

export interface ReportWaiver {
  readonly policy: string;
  readonly urn: string;
  /** The waiver's `resource` pattern from the policy config. */
  readonly pattern: string;
  readonly justification: string;
  /** The violation the waiver suppressed. */
  readonly suppressedFinding: string;
}

export interface ReportNotEvaluated {
  readonly policy: string;
  readonly urn: string;
  readonly message: string;
}

export interface ErasureCopy {
  readonly bucket: string;
  readonly urn: string;
  readonly role: "source" | "replica";
  readonly versioned: boolean;
  /** Days before a current object under the data prefix expires (undefined: never). */
  readonly currentExpirationDays?: number;
  /** Days a noncurrent (deleted or overwritten) version survives (undefined: forever). */
  readonly noncurrentExpirationDays?: number;
  /** Whether deletes at the source reach this copy (replicas only). */
  readonly deletesReplicated?: boolean;
  /** The longest a resume the app deleted survives in this copy, in days (undefined: forever). */
  readonly windowDays?: number;
  readonly explanation: string;
}

export interface DataErasure {
  /** The longest a deleted resume survives in any copy (undefined: some copy keeps it forever). */
  readonly windowDays?: number;
  readonly copies: ErasureCopy[];
  /** The program's own figure (`dataErasureWindowDays` stack output), when it exports one. */
  readonly declaredWindowDays?: number;
  readonly consistent?: boolean;
}

export interface Timings {
  readonly totalMs: number;
  readonly programMs: number;
  /** From spawning the pack process to its port line (ts-node compile included). */
  readonly packStartMs?: number;
  readonly analyzeMs?: number;
}

export interface PlanReport {
  readonly schemaVersion: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly project: string;
  readonly stack: string;
  readonly stackFile: string;
  readonly program: string;
  /** The program ran as a preview: outputs the mocks do not supply are unknown. */
  readonly preview: boolean;
  readonly policyPack?: {
    readonly name: string;
    readonly version: string;
    readonly directory: string;
    readonly configFile?: string;
    readonly policies: ReportPolicy[];
  };
  readonly summary: {
    readonly resources: number;
    readonly customResources: number;
    readonly components: number;
    readonly providers: number;
    readonly mandatoryViolations: number;
    readonly advisoryViolations: number;
    readonly notEvaluated: number;
    readonly waivers: number;
    /** No mandatory violation (the exit code is 0). */
    readonly passed: boolean;
  };
  readonly resources: ReportResource[];
  /** The program's stack outputs (exports), masked. */
  readonly outputs: Record<string, unknown>;
  readonly violations: ReportViolation[];
  readonly waivers: ReportWaiver[];
  readonly notEvaluated: ReportNotEvaluated[];
  readonly dataErasure?: DataErasure;
  readonly warnings: string[];
  readonly timings: Timings;
}
