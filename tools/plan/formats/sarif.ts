/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per policy of the pack, one result per finding, located where the
 * program constructed the resource (the SDK's source position), with the construction call chain as related
 * locations and the resource URN as the logical location. Waived findings are results with an external, accepted
 * suppression carrying the justification; values unknown at plan time are `review` results.
 * Validated against tools/plan/schemas/sarif-2.1.0.json by the tests.
 */
import { createHash } from "node:crypto";
import type { PlanReport, ReportPolicy, ReportResource, ReportViolation, SourceLocation } from "../report-types";
import { controlsText } from "./text";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

type Json = Record<string, unknown>;

const SECURITY_SEVERITY: Record<string, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  unspecified: "5.0",
};

function level(enforcement: string): "error" | "warning" | "none" {
  if (enforcement === "mandatory" || enforcement === "remediate") return "error";
  if (enforcement === "disabled") return "none";
  return "warning";
}

function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
}

function artifactLocation(file: string): Json {
  if (file.startsWith("/")) return { uri: `file://${file}` };
  return { uri: file, uriBaseId: "%SRCROOT%" };
}

function physical(loc: SourceLocation): Json {
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(loc.file),
      region: { startLine: Math.max(1, loc.line), startColumn: Math.max(1, loc.column) },
    },
  };
}

function rule(p: ReportPolicy): Json {
  const tags = [
    "security",
    p.service,
    ...p.controls.awsFsbp.map((c) => `aws-fsbp/${c}`),
    ...p.controls.cis.map((c) => `cis/${c}`),
    ...p.controls.cdkNag.map((c) => `cdk-nag/${c}`),
    ...p.controls.checkov.map((c) => `checkov/${c}`),
  ].filter(Boolean);
  return {
    id: p.name,
    name: pascal(p.name),
    shortDescription: { text: p.description },
    fullDescription: { text: `${p.description} Controls: ${controlsText(p.controls)}.` },
    help: {
      text: p.remediation || p.description,
      markdown: `**${p.name}** (${p.enforcementLevel}, ${p.severity})\n\n${p.description}\n\n**Remediation:** ${p.remediation || "-"}\n\n**Controls:** ${controlsText(p.controls)}`,
    },
    defaultConfiguration: {
      level: level(p.enforcementLevel),
      enabled: p.status !== "disabled" && p.status !== "skipped",
    },
    properties: {
      tags,
      precision: "high",
      "security-severity": SECURITY_SEVERITY[p.severity] ?? "5.0",
      enforcementLevel: p.enforcementLevel,
      scope: p.scope,
    },
  };
}

function fingerprint(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);
}

interface Located {
  readonly locations: Json[];
  readonly relatedLocations?: Json[];
}

function locate(report: PlanReport, resource: ReportResource | undefined): Located {
  const logical = resource
    ? [{ name: resource.name, fullyQualifiedName: resource.urn, kind: "resource" }]
    : [{ name: `${report.project}-${report.stack}`, kind: "module" }];
  const source = resource?.source ?? { file: report.program, line: 1, column: 1 };
  const related = (resource?.stack ?? [])
    .filter((l) => l.file !== source.file || l.line !== source.line)
    .map((l, i) => ({ id: i + 1, ...physical(l), message: { text: "called from here" } }));
  return {
    locations: [{ ...physical(source), logicalLocations: logical }],
    relatedLocations: related.length ? related : undefined,
  };
}

function resultFor(
  report: PlanReport,
  v: ReportViolation,
  ruleIndex: Map<string, number>,
  byUrn: Map<string, ReportResource>,
): Json {
  const resource = byUrn.get(v.urn);
  const where = resource && resource.type !== "pulumi:pulumi:Stack" ? `${resource.type} "${resource.name}": ` : "";
  return {
    ruleId: v.policy,
    ...(ruleIndex.has(v.policy) ? { ruleIndex: ruleIndex.get(v.policy) } : {}),
    kind: "fail",
    level: level(v.enforcementLevel),
    message: { text: `${where}${v.message}${v.remediation ? ` Remediation: ${v.remediation}` : ""}` },
    ...locate(report, resource),
    partialFingerprints: { "policyResourceMessage/v1": fingerprint(v.policy, v.urn, v.message) },
    properties: { enforcementLevel: v.enforcementLevel, severity: v.severity, urn: v.urn, phase: v.phase },
  };
}

export function renderSarif(report: PlanReport): Json {
  const policies = report.policyPack?.policies ?? [];
  const ruleIndex = new Map(policies.map((p, i) => [p.name, i]));
  const byUrn = new Map(report.resources.map((r) => [r.urn, r]));
  const results: Json[] = report.violations.map((v) => resultFor(report, v, ruleIndex, byUrn));
  for (const w of report.waivers) {
    const policy = policies.find((p) => p.name === w.policy);
    const resource = byUrn.get(w.urn);
    results.push({
      ruleId: w.policy,
      ...(ruleIndex.has(w.policy) ? { ruleIndex: ruleIndex.get(w.policy) } : {}),
      kind: "fail",
      level: level(policy?.enforcementLevel ?? "mandatory"),
      message: { text: `${resource ? `${resource.type} "${resource.name}": ` : ""}${w.suppressedFinding}` },
      ...locate(report, resource),
      suppressions: [{ kind: "external", status: "accepted", justification: w.justification }],
      partialFingerprints: { "policyResourceMessage/v1": fingerprint(w.policy, w.urn, w.suppressedFinding) },
      properties: { waiver: w.pattern, urn: w.urn },
    });
  }
  for (const n of report.notEvaluated) {
    const resource = byUrn.get(n.urn);
    results.push({
      ruleId: n.policy,
      ...(ruleIndex.has(n.policy) ? { ruleIndex: ruleIndex.get(n.policy) } : {}),
      kind: "review",
      level: "none",
      message: { text: n.message.split("\n")[0] },
      ...locate(report, resource),
      properties: { urn: n.urn },
    });
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "starscreen-plan",
            semanticVersion: report.tool.version,
            informationUri: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/",
            rules: policies.map(rule),
          },
          ...(report.policyPack
            ? { extensions: [{ name: report.policyPack.name, semanticVersion: report.policyPack.version }] }
            : {}),
        },
        automationDetails: { id: `offline-plan/${report.project}/${report.stack}/` },
        invocations: [
          {
            executionSuccessful: true,
            exitCode: report.summary.passed ? 0 : 1,
            commandLine: `npm run plan -- --stack ${report.stack} --format sarif`,
          },
        ],
        results,
        properties: {
          project: report.project,
          stack: report.stack,
          stackFile: report.stackFile,
          reportSchemaVersion: report.schemaVersion,
          ...(report.dataErasure?.windowDays !== undefined
            ? { dataErasureWindowDays: report.dataErasure.windowDays }
            : {}),
        },
      },
    ],
  };
}
