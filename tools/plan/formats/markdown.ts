/**
 * The compliance report for reviewers (also the CI job summary): the result, the data-erasure window, every control
 * with its status for this stack, and for every guardrail the resources it covers with the evidence from their
 * planned configuration, its findings, waivers and remediation.
 */
import { evidenceFor, relatedTo } from "../evidence";
import { isProviderType } from "../engine-view";
import type { Controls, PlanReport, PolicyStatus, ReportPolicy, ReportResource } from "../report-types";
import { controlsText } from "./text";

const STATUS_LABEL: Record<PolicyStatus, string> = {
  pass: "✅ pass",
  fail: "❌ fail",
  waived: "⚠️ waived",
  "not-evaluated": "❔ not evaluated",
  skipped: "➖ not applied (prod-only)",
  disabled: "➖ disabled",
};

/** Text safe inside a table cell or inline: no pipes or newlines, backticks kept balanced. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

const FRAMEWORKS: [keyof Controls, string][] = [
  ["awsFsbp", "AWS Foundational Security Best Practices"],
  ["cis", "CIS AWS Foundations Benchmark"],
  ["cdkNag", "cdk-nag AwsSolutions"],
  ["checkov", "Checkov"],
];

function worst(statuses: PolicyStatus[]): PolicyStatus {
  for (const s of ["fail", "not-evaluated", "waived", "pass", "skipped", "disabled"] as PolicyStatus[])
    if (statuses.includes(s)) return s;
  return "pass";
}

function anchor(name: string): string {
  return `guardrail-${name}`;
}

function resourceLabel(r: ReportResource): string {
  return `${code(r.name)} (${r.type.split(":").pop()})`;
}

function guardrailSection(report: PlanReport, p: ReportPolicy): string[] {
  const out: string[] = [];
  const violations = report.violations.filter((v) => v.policy === p.name);
  const waivers = report.waivers.filter((w) => w.policy === p.name);
  const unknown = report.notEvaluated.filter((n) => n.policy === p.name);
  out.push(
    `<a id="${anchor(p.name)}"></a>`,
    `### ${STATUS_LABEL[p.status]} — ${p.name}`,
    "",
    `${p.description}`,
    "",
    `- **Enforcement:** ${p.enforcementLevel}${p.enforcementLevel !== p.defaultEnforcementLevel ? ` (pack default ${p.defaultEnforcementLevel})` : ""}; **severity:** ${p.severity}; **checks:** ${p.type === "stack" ? "the whole stack (outputs, dependencies)" : "each resource's inputs"}`,
    `- **Controls:** ${controlsText(p.controls)}`,
    ...(p.scope !== "all"
      ? [
          `- **Environment:** ${p.environment ?? "prod"} (${p.scope === "prod-only" ? "production-only control" : "stricter in prod"})`,
        ]
      : []),
  );
  if (p.status === "skipped" || p.status === "disabled") {
    out.push(
      "",
      p.status === "skipped"
        ? "Not applied: this stack's policy config sets `environment: dev` for this production-only control."
        : "Disabled by this stack's policy config.",
      "",
    );
    return out;
  }
  const flagged = new Set([
    ...violations.map((v) => v.urn),
    ...waivers.map((w) => w.urn),
    ...unknown.map((n) => n.urn),
  ]);
  const related = relatedTo(p);
  const evidence = report.resources
    .filter((r) => !r.synthesized && !isProviderType(r.type) && related(r.type) && !flagged.has(r.urn))
    .map((r) => ({ r, text: evidenceFor(r) }));
  if (violations.length > 0) {
    out.push("", "**Findings**", "", "| Level | Resource | Finding |", "| --- | --- | --- |");
    for (const v of violations) {
      const r = report.resources.find((x) => x.urn === v.urn);
      out.push(
        `| ${v.enforcementLevel} | ${r && r.type !== "pulumi:pulumi:Stack" ? resourceLabel(r) : "the stack"} | ${cell(v.message)} |`,
      );
    }
  }
  if (waivers.length > 0) {
    out.push("", "**Waivers**", "", "| Resource | Justification | Suppressed finding |", "| --- | --- | --- |");
    for (const w of waivers) {
      const r = report.resources.find((x) => x.urn === w.urn);
      out.push(`| ${r ? resourceLabel(r) : code(w.urn)} | ${cell(w.justification)} | ${cell(w.suppressedFinding)} |`);
    }
  }
  if (unknown.length > 0) {
    out.push("", "**Not evaluated** (a value was unknown at plan time)", "");
    for (const n of unknown) out.push(`- ${code(n.urn.split("::").pop() ?? n.urn)}: ${cell(n.message.split("\n")[0])}`);
  }
  if (evidence.length > 0) {
    out.push(
      "",
      violations.length || waivers.length ? "**Other resources checked, no finding**" : "**Resources that satisfy it**",
      "",
      "| Resource | Evidence |",
      "| --- | --- |",
    );
    for (const { r, text } of evidence) out.push(`| ${resourceLabel(r)} | ${cell(text ?? "no finding")} |`);
  } else if (violations.length === 0 && waivers.length === 0 && unknown.length === 0) {
    out.push("", "No resource of the kinds this guardrail checks is in this stack; nothing to report.");
  }
  if (p.status === "fail" || p.status === "waived") out.push("", `**Remediation:** ${p.remediation}`);
  out.push("");
  return out;
}

export function renderMarkdown(report: PlanReport): string {
  const s = report.summary;
  const pack = report.policyPack;
  const out: string[] = [];
  out.push(
    `# Compliance report: ${report.project} / ${report.stack}`,
    "",
    `Offline plan of ${code(report.program)} with ${code(report.stackFile)}${pack ? `, checked by policy pack **${pack.name}** ${pack.version} (${pack.policies.length} guardrails, ${pack.configFile ? `config ${code(pack.configFile)}` : "default config"})` : " (policies not run)"}. ` +
      "Generated by `npm run plan -- --stack " +
      report.stack +
      " --format markdown` without cloud credentials: the program ran under mocks and the pack ran as the Pulumi CLI runs it.",
    "",
    `**Result: ${s.passed ? "PASS" : "FAIL"}** — ${s.mandatoryViolations} mandatory and ${s.advisoryViolations} advisory violation(s), ${s.waivers} waiver(s), ${s.notEvaluated} check(s) not evaluated; ${s.customResources} cloud resources in ${s.components} components.`,
    "",
  );

  const e = report.dataErasure;
  out.push("## Data-erasure window", "");
  if (!e) {
    out.push("No data bucket found in this stack.", "");
  } else {
    out.push(
      e.windowDays === undefined
        ? "**A resume deleted by the app is NOT guaranteed to be erased: at least one copy keeps it forever.**"
        : `A resume deleted by the app is gone from every copy within **${e.windowDays} days**.` +
            (e.declaredWindowDays === undefined
              ? ""
              : e.consistent
                ? ` This matches the program's own figure (stack output ${code("dataErasureWindowDays")} = ${e.declaredWindowDays}).`
                : ` The program's stack output ${code("dataErasureWindowDays")} says ${e.declaredWindowDays}: they disagree.`),
      "",
      "| Copy | Bucket | Versioned | Current objects expire | Noncurrent versions expire | Deleted resume survives | Why |",
      "| --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const c of e.copies) {
      out.push(
        `| ${c.role} | ${code(c.bucket)} | ${c.versioned ? "yes" : "no"} | ${c.currentExpirationDays === undefined ? "never" : `${c.currentExpirationDays} days`} | ${c.noncurrentExpirationDays === undefined ? "never" : `${c.noncurrentExpirationDays} days`} | ${c.windowDays === undefined ? "**forever**" : `${c.windowDays} days`} | ${cell(c.explanation)} |`,
      );
    }
    out.push("");
  }

  if (pack) {
    out.push(
      "## Controls",
      "",
      "Each control the guardrails implement, with its status for this stack.",
      "",
      "| Framework | Control | Guardrails | Status |",
      "| --- | --- | --- | --- |",
    );
    for (const [key, framework] of FRAMEWORKS) {
      const ids = [...new Set(pack.policies.flatMap((p) => p.controls[key]))].sort((a, b) =>
        a.localeCompare(b, undefined, { numeric: true }),
      );
      for (const id of ids) {
        const implementing = pack.policies.filter((p) => p.controls[key].includes(id));
        out.push(
          `| ${framework} | ${id} | ${implementing.map((p) => `[${p.name}](#${anchor(p.name)})`).join(", ")} | ${STATUS_LABEL[worst(implementing.map((p) => p.status))]} |`,
        );
      }
    }
    const unmapped = pack.policies.filter((p) => FRAMEWORKS.every(([k]) => p.controls[k].length === 0));
    if (unmapped.length > 0) {
      out.push(
        "",
        `Guardrails with no framework control mapped (project rules): ${unmapped.map((p) => `[${p.name}](#${anchor(p.name)})`).join(", ")}.`,
      );
    }
    out.push("", "## Guardrails", "");
    const order: PolicyStatus[] = ["fail", "waived", "not-evaluated", "pass", "skipped", "disabled"];
    for (const status of order) {
      for (const p of pack.policies.filter((x) => x.status === status)) out.push(...guardrailSection(report, p));
    }
  }
  if (report.warnings.length > 0) {
    out.push("## Warnings", "", ...report.warnings.map((w) => `- ${cell(w)}`), "");
  }
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n")}\n`;
}
