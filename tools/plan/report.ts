/** Builds the plan report from the engine view of the run and the pack's diagnostics. */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { SourcePosition } from "../mocks/registration-capture";
import type { AnalyzerInfo, Diagnostic, PolicyConfigEntry } from "./analyzer-client";
import { isProviderType, STACK_TYPE, type EngineResource } from "./engine-view";
import { dataErasure } from "./evidence";
import {
  REPORT_SCHEMA_VERSION,
  type Controls,
  type PlanReport,
  type PolicyStatus,
  type ReportNotEvaluated,
  type ReportPolicy,
  type ReportResource,
  type ReportViolation,
  type ReportWaiver,
  type SourceLocation,
  type Timings,
} from "./report-types";
import { plainProps } from "./values";

/** A diagnostic with the URN the engine attributes it to and the phase that produced it. */
export interface AttributedDiagnostic extends Diagnostic {
  /** Analyze: the analyzed resource. AnalyzeStack: the diagnostic's URN when it names a resource of the run, else the stack. */
  readonly attributedUrn: string;
  readonly phase: "resource" | "stack";
}

const CONTROL_PREFIXES: Record<keyof Controls, string> = {
  awsFsbp: "aws-fsbp:",
  cis: "cis-aws:",
  cdkNag: "cdk-nag:",
  checkov: "checkov:",
};

/** Control IDs from the pack's tags (`aws-fsbp:S3.8`, `cis-aws:2.1.1`, `cdk-nag:AwsSolutions-S1`, `checkov:CKV_AWS_53`). */
export function controlsFromTags(tags: readonly string[]): Controls {
  const out: Controls = { awsFsbp: [], cis: [], cdkNag: [], checkov: [] };
  for (const tag of tags) {
    for (const [key, prefix] of Object.entries(CONTROL_PREFIXES) as [keyof Controls, string][]) {
      if (tag.startsWith(prefix)) out[key].push(tag.slice(prefix.length));
    }
  }
  return out;
}

/** The service tag (first tag without a framework prefix). */
function serviceOf(tags: readonly string[]): string {
  return tags.find((t) => !t.includes(":")) ?? "";
}

/** `WAIVED <policy> for <urn> (waiver "<pattern>"): <justification>. Suppressed finding: <message>` */
const WAIVED = /^WAIVED (\S+) for (\S*) \(waiver "([\s\S]*?)"\): ([\s\S]*?)\. Suppressed finding: ([\s\S]*)$/;

/** The policy's own text: the pack prefixes every message with the policy description and a newline. */
export function detailOf(d: Pick<Diagnostic, "message" | "description">): string {
  if (d.description && d.message.startsWith(`${d.description}\n`)) return d.message.slice(d.description.length + 1);
  return d.message;
}

export function parseWaiver(d: Diagnostic): ReportWaiver | undefined {
  const m = WAIVED.exec(detailOf(d));
  if (!m) return undefined;
  return { policy: m[1], urn: m[2], pattern: m[3], justification: m[4], suppressedFinding: m[5] };
}

const CANT_RUN = /^can't run policy '([^']+)' from policy pack/;

function toLocation(pos: SourcePosition, projectDir: string): SourceLocation | undefined {
  let file = pos.uri;
  try {
    if (file.startsWith("file://")) file = fileURLToPath(file);
  } catch {
    return undefined;
  }
  const rel = path.relative(projectDir, file);
  const inside = rel && !rel.startsWith("..") && !path.isAbsolute(rel);
  if (inside && rel.split(path.sep).includes("node_modules")) return undefined;
  return { file: inside ? rel.split(path.sep).join("/") : file, line: pos.line, column: pos.column };
}

export function reportResources(resources: readonly EngineResource[], projectDir: string): ReportResource[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const componentOf = (r: EngineResource): string | undefined => {
    let p = r.parent ? byUrn.get(r.parent) : undefined;
    while (p && (p.custom || p.type === STACK_TYPE)) {
      if (p.type === STACK_TYPE) return undefined;
      p = p.parent ? byUrn.get(p.parent) : undefined;
    }
    return p?.urn;
  };
  return resources.map((r) => {
    const stack = r.stackTrace
      .map((p) => toLocation(p, projectDir))
      .filter((l): l is SourceLocation => l !== undefined);
    const source = (r.sourcePosition && toLocation(r.sourcePosition, projectDir)) ?? stack[0];
    return {
      urn: r.urn,
      type: r.type,
      name: r.name,
      custom: r.custom,
      remote: r.remote,
      synthesized: r.synthesized,
      parent: r.parent,
      component: componentOf(r),
      provider: r.providerUrn,
      id: r.id,
      protect: r.protect,
      retainOnDelete: r.retainOnDelete,
      dependencies: r.dependencies,
      propertyDependencies: r.propertyDependencies,
      inputs: plainProps(r.inputs),
      outputs: plainProps(r.outputs),
      source,
      stack,
    };
  });
}

export interface BuildReportArgs {
  readonly projectName: string;
  readonly projectDir: string;
  readonly stack: string;
  readonly stackFile: string;
  readonly program: string;
  readonly preview: boolean;
  readonly resources: readonly EngineResource[];
  readonly stackUrn: string;
  readonly pack?: {
    readonly info: AnalyzerInfo;
    readonly directory: string;
    readonly configFile?: string;
    readonly config: Record<string, PolicyConfigEntry>;
    readonly diagnostics: AttributedDiagnostic[];
  };
  readonly warnings: string[];
  readonly timings: Timings;
  readonly toolVersion: string;
}

/**
 * A guardrail built with `scope: "prod-only"` (policies/lib/guardrail.ts) declares the `environment` knob with a
 * description saying production-only controls are skipped in dev; guardrails that only tighten in prod declare
 * their own `environment` knob.
 */
export function scopeOf(p: { configSchema?: { properties: Record<string, unknown> } }): ReportPolicy["scope"] {
  const env = p.configSchema?.properties?.environment as { description?: unknown } | undefined;
  if (!env) return "all";
  return typeof env.description === "string" && /skipped/i.test(env.description) ? "prod-only" : "environment-aware";
}

function policyStatus(
  level: string,
  environment: string | undefined,
  counts: { violations: number; waivers: number; notEvaluated: number },
): PolicyStatus {
  if (level === "disabled") return "disabled";
  if (environment === "dev") return "skipped";
  if (counts.violations > 0) return "fail";
  if (counts.waivers > 0) return "waived";
  if (counts.notEvaluated > 0) return "not-evaluated";
  return "pass";
}

export function buildReport(args: BuildReportArgs): PlanReport {
  const resources = reportResources(args.resources, args.projectDir);
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const stackResource = byUrn.get(args.stackUrn);
  const outputs = stackResource?.outputs ?? {};

  const violations: ReportViolation[] = [];
  const waivers: ReportWaiver[] = [];
  const notEvaluated: ReportNotEvaluated[] = [];
  const warnings = [...args.warnings];
  let policies: ReportPolicy[] = [];

  if (args.pack) {
    const { info, config } = args.pack;
    const infoByName = new Map(info.policies.map((p) => [p.name, p]));
    const seen = new Set<string>();
    for (const d of args.pack.diagnostics) {
      const key = `${d.policyName}\u0000${d.attributedUrn}\u0000${d.message}\u0000${d.enforcementLevel}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const waiver = parseWaiver(d);
      if (waiver) {
        // A pack process reused across runs (tests) remembers waivers of earlier runs: keep only those this run's
        // config declares for a resource of this run.
        const declared = (
          (config[waiver.policy]?.properties?.waivers as { resource?: string }[] | undefined) ?? []
        ).some((w) => w?.resource === waiver.pattern);
        if (
          declared &&
          byUrn.has(waiver.urn) &&
          !waivers.some(
            (w) =>
              w.policy === waiver.policy && w.urn === waiver.urn && w.suppressedFinding === waiver.suppressedFinding,
          )
        ) {
          waivers.push(waiver);
        }
        continue;
      }
      const cantRun = CANT_RUN.exec(d.message);
      if (cantRun) {
        notEvaluated.push({ policy: d.policyName, urn: d.attributedUrn, message: d.message });
        continue;
      }
      const meta = infoByName.get(d.policyName);
      const target = byUrn.get(d.attributedUrn);
      violations.push({
        policy: d.policyName,
        enforcementLevel: d.enforcementLevel === "remediate" ? "mandatory" : d.enforcementLevel,
        severity: d.severity,
        urn: d.attributedUrn,
        resourceType: target?.type ?? STACK_TYPE,
        resourceName: target?.name ?? "",
        message: detailOf(d),
        description: d.description,
        controls: controlsFromTags(meta?.tags ?? []),
        remediation: meta?.remediationSteps ?? "",
        phase: d.phase,
      });
    }
    policies = info.policies.map((p): ReportPolicy => {
      const entry = config[p.name];
      const level = entry?.enforcementLevel ?? p.enforcementLevel;
      const scope = scopeOf(p);
      const environment = scope === "all" ? undefined : String(entry?.properties?.environment ?? "prod");
      const counts = {
        violations: violations.filter((v) => v.policy === p.name).length,
        waivers: waivers.filter((w) => w.policy === p.name).length,
        notEvaluated: notEvaluated.filter((n) => n.policy === p.name).length,
      };
      return {
        name: p.name,
        description: p.description,
        enforcementLevel: level,
        defaultEnforcementLevel: p.enforcementLevel,
        severity: p.severity,
        type: p.policyType,
        service: serviceOf(p.tags),
        controls: controlsFromTags(p.tags),
        tags: p.tags,
        remediation: p.remediationSteps,
        scope,
        environment,
        status: policyStatus(level, scope === "prod-only" ? environment : undefined, counts),
        violations: counts.violations,
        waivers: counts.waivers,
      };
    });
  }

  const severityRank = { critical: 0, high: 1, medium: 2, low: 3, unspecified: 4 } as const;
  violations.sort(
    (a, b) =>
      Number(b.enforcementLevel === "mandatory") - Number(a.enforcementLevel === "mandatory") ||
      severityRank[a.severity] - severityRank[b.severity] ||
      a.policy.localeCompare(b.policy) ||
      a.urn.localeCompare(b.urn),
  );

  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "starscreen-plan", version: args.toolVersion },
    project: args.projectName,
    stack: args.stack,
    stackFile: args.stackFile,
    program: args.program,
    preview: args.preview,
    policyPack: args.pack
      ? {
          name: args.pack.info.name,
          version: args.pack.info.version,
          directory: args.pack.directory,
          configFile: args.pack.configFile,
          policies,
        }
      : undefined,
    summary: {
      resources: resources.length,
      customResources: resources.filter((r) => r.custom && !isProviderType(r.type)).length,
      components: resources.filter((r) => !r.custom && r.type !== STACK_TYPE).length,
      providers: resources.filter((r) => isProviderType(r.type)).length,
      mandatoryViolations: mandatory,
      advisoryViolations: violations.length - mandatory,
      notEvaluated: notEvaluated.length,
      waivers: waivers.length,
      passed: mandatory === 0,
    },
    resources,
    outputs,
    violations,
    waivers,
    notEvaluated,
    dataErasure: dataErasure(resources, outputs),
    warnings,
    timings: args.timings,
  };
}
