/** The terminal report: resource tree by component with counts, violations by severity, waivers, result. */
import { STACK_TYPE } from "../engine-view";
import type { Controls, PlanReport, ReportResource, ReportViolation } from "../report-types";

export interface TextOptions {
  /** List every resource instead of counts per type. */
  readonly verbose?: boolean;
}

export function controlsText(c: Controls): string {
  const parts = [
    ...c.awsFsbp.map((id) => `AWS FSBP ${id}`),
    ...c.cis.map((id) => `CIS ${id}`),
    ...c.cdkNag.map((id) => `cdk-nag ${id}`),
    ...c.checkov.map((id) => `Checkov ${id}`),
  ];
  return parts.join(", ") || "none mapped";
}

function shortType(type: string): string {
  if (type.startsWith("pulumi:providers:")) return `${type.slice("pulumi:providers:".length)} provider`;
  return type.split(":").pop() ?? type;
}

function countsByType(children: ReportResource[]): string {
  const counts = new Map<string, number>();
  for (const c of children) counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
  return [...counts.entries()].map(([t, n]) => `${shortType(t)}${n > 1 ? ` ×${n}` : ""}`).join(", ");
}

function tree(report: PlanReport, verbose: boolean): string[] {
  const lines: string[] = [];
  const children = new Map<string, ReportResource[]>();
  for (const r of report.resources) {
    if (r.synthesized) continue;
    const key = r.parent ?? "";
    if (!children.has(key)) children.set(key, []);
    children.get(key)!.push(r);
  }
  const total = (r: ReportResource): number =>
    (children.get(r.urn) ?? []).reduce((n, c) => n + (c.custom ? 1 : total(c)), 0);
  const walk = (urn: string, indent: string) => {
    const kids = children.get(urn) ?? [];
    const components = kids.filter((k) => !k.custom);
    const customs = kids.filter((k) => k.custom);
    const entries: { text: string; urn?: string }[] = [];
    if (verbose) {
      for (const c of customs) entries.push({ text: `${c.type} ${c.name}${c.protect ? " [protect]" : ""}` });
    } else if (customs.length > 0) {
      entries.push({ text: countsByType(customs) });
    }
    for (const c of components) {
      entries.push({
        text: `${c.type} "${c.name}" (${total(c)} resource${total(c) === 1 ? "" : "s"})${c.remote ? " [remote: children not visible offline]" : ""}`,
        urn: c.urn,
      });
    }
    entries.forEach((e, i) => {
      const last = i === entries.length - 1;
      lines.push(`${indent}${last ? "└─ " : "├─ "}${e.text}`);
      if (e.urn) walk(e.urn, `${indent}${last ? "   " : "│  "}`);
    });
  };
  const roots = children.get("") ?? [];
  // The stack first; anything registered without a parent (none in a normal program) after it.
  for (const root of [...roots].sort((a, b) => Number(b.type === STACK_TYPE) - Number(a.type === STACK_TYPE))) {
    lines.push(`${root.type} ${root.name}`);
    walk(root.urn, "  ");
  }
  return lines;
}

const SEVERITY_ORDER = ["critical", "high", "medium", "low", "unspecified"] as const;

function violationLines(v: ReportViolation): string[] {
  const where = v.resourceName ? `${v.resourceType} "${v.resourceName}"` : "the stack";
  const message = v.message.split("\n").map((l, i) => (i === 0 ? l : `      ${l}`));
  return [
    `  ${v.enforcementLevel === "mandatory" ? "✗" : "!"} [${v.enforcementLevel}] ${v.policy} — ${where}`,
    `      ${message.join("\n")}`,
    `      controls: ${controlsText(v.controls)}`,
    ...(v.remediation ? [`      fix: ${v.remediation}`] : []),
    `      urn: ${v.urn}`,
  ];
}

export function renderText(report: PlanReport, options: TextOptions = {}): string {
  const s = report.summary;
  const out: string[] = [];
  const pack = report.policyPack;
  out.push(
    `Offline plan: ${report.project} / ${report.stack} (${report.stackFile}, program ${report.program})`,
    `${s.resources} resources: ${s.customResources} cloud resources, ${s.components} components, ${s.providers} providers` +
      (pack
        ? ` · policy pack ${pack.name}@${pack.version}, ${pack.policies.length} policies${pack.configFile ? `, config ${pack.configFile}` : ", default config"}`
        : " · policies not run (--no-policies)"),
    "",
    "Resources",
    ...tree(report, options.verbose ?? false).map((l) => `  ${l}`),
  );
  const synthesized = report.resources.filter((r) => r.synthesized);
  if (synthesized.length) {
    const names = synthesized.map((r) => `${r.type.replace("pulumi:providers:", "")}/${r.name}`);
    out.push(`  (+ engine default provider${synthesized.length > 1 ? "s" : ""}: ${names.join(", ")})`);
  }

  if (pack) {
    out.push("", `Violations: ${s.mandatoryViolations} mandatory, ${s.advisoryViolations} advisory`);
    for (const severity of SEVERITY_ORDER) {
      const group = report.violations.filter((v) => v.severity === severity);
      if (group.length === 0) continue;
      out.push(`${severity.toUpperCase()} (${group.length})`);
      for (const v of group) out.push(...violationLines(v));
    }
    if (report.waivers.length > 0) {
      out.push("", `Waivers in effect (${report.waivers.length})`);
      for (const w of report.waivers) {
        out.push(
          `  ~ ${w.policy} waived for ${w.urn.split("::").pop()} (waiver "${w.pattern}")`,
          `      justification: ${w.justification}`,
          `      suppressed: ${w.suppressedFinding}`,
        );
      }
    }
    if (report.notEvaluated.length > 0) {
      out.push("", `Not evaluated: a value was unknown at plan time (${report.notEvaluated.length})`);
      for (const n of report.notEvaluated)
        out.push(`  ? ${n.policy} on ${n.urn.split("::").pop()}: ${n.message.split("\n")[0]}`);
    }
    const skipped = pack.policies.filter((p) => p.status === "skipped" || p.status === "disabled");
    if (skipped.length > 0) {
      out.push(
        "",
        `Not applied to this stack: ${skipped.map((p) => `${p.name} (${p.status === "skipped" ? "prod-only, environment dev" : "disabled"})`).join(", ")}`,
      );
    }
  }
  const erasure = report.dataErasure;
  if (erasure) {
    out.push(
      "",
      `Data erasure: a deleted resume is gone from every copy within ${erasure.windowDays === undefined ? "NEVER (some copy keeps it forever)" : `${erasure.windowDays} days`}` +
        (erasure.declaredWindowDays !== undefined
          ? erasure.consistent
            ? " (matches the stack output dataErasureWindowDays)"
            : ` (the stack output dataErasureWindowDays says ${erasure.declaredWindowDays})`
          : ""),
    );
  }
  for (const w of report.warnings) out.push(`warning: ${w}`);
  const t = report.timings;
  out.push(
    "",
    s.passed
      ? `Result: PASS — no mandatory policy violations${pack ? "" : " (policies not run)"}`
      : `Result: FAIL — ${s.mandatoryViolations} mandatory policy violation${s.mandatoryViolations === 1 ? "" : "s"}`,
    `Timings: total ${t.totalMs} ms, program ${t.programMs} ms${t.packStartMs !== undefined ? `, pack start ${t.packStartMs} ms` : ""}${t.analyzeMs !== undefined ? `, analysis ${t.analyzeMs} ms` : ""}`,
  );
  return `${out.join("\n")}\n`;
}
