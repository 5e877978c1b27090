/**
 * The resource graph as a Mermaid flowchart: one subgraph per component (nested as the components are), one node
 * per cloud resource, an edge from each resource to the resources that depend on it (dependencies and property
 * dependencies, as the engine records them). Resources with a mandatory violation are drawn red, waived ones amber.
 */
import { isProviderType, STACK_TYPE } from "../engine-view";
import type { PlanReport, ReportResource } from "../report-types";

function label(text: string): string {
  // Mermaid labels in double quotes: escape quotes and angle brackets as HTML entities.
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function shortType(type: string): string {
  return type.split(":").pop() ?? type;
}

export function renderMermaid(report: PlanReport): string {
  const ids = new Map<string, string>();
  report.resources.forEach((r, i) => ids.set(r.urn, `r${i}`));
  const children = new Map<string, ReportResource[]>();
  for (const r of report.resources) {
    if (r.type === STACK_TYPE || r.synthesized || isProviderType(r.type)) continue;
    const key = r.component ?? "";
    if (!children.has(key)) children.set(key, []);
    children.get(key)!.push(r);
  }
  const failing = new Set(report.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.urn));
  const waived = new Set(report.waivers.map((w) => w.urn));
  const lines: string[] = [
    "%% Resource graph of the offline plan (npm run plan -- --format mermaid)",
    `%% ${report.project} / ${report.stack}: ${report.summary.customResources} cloud resources in ${report.summary.components} components`,
    "flowchart LR",
  ];
  const walk = (componentUrn: string, indent: string) => {
    for (const r of children.get(componentUrn) ?? []) {
      const id = ids.get(r.urn)!;
      if (r.custom) {
        lines.push(`${indent}${id}["${label(shortType(r.type))}<br/>${label(r.name)}"]`);
      } else {
        lines.push(
          `${indent}subgraph ${id}["${label(`${shortType(r.type)} ${r.name}${r.remote ? " (remote)" : ""}`)}"]`,
        );
        walk(r.urn, `${indent}  `);
        lines.push(`${indent}end`);
      }
    }
  };
  walk("", "  ");
  const drawn = new Set(
    report.resources.filter((r) => r.custom && !r.synthesized && !isProviderType(r.type)).map((r) => r.urn),
  );
  const edges = new Set<string>();
  for (const r of report.resources) {
    if (!drawn.has(r.urn)) continue;
    const deps = new Set([...r.dependencies, ...Object.values(r.propertyDependencies).flat()]);
    for (const d of deps) {
      if (!drawn.has(d) || d === r.urn) continue;
      const edge = `  ${ids.get(d)} --> ${ids.get(r.urn)}`;
      if (!edges.has(edge)) edges.add(edge);
    }
  }
  lines.push(...[...edges].sort());
  lines.push(
    "  classDef violation fill:#fdd,stroke:#c00,stroke-width:2px",
    "  classDef waived fill:#ffe8b0,stroke:#b80",
  );
  const fail = [...failing].filter((u) => drawn.has(u)).map((u) => ids.get(u));
  const warn = [...waived].filter((u) => drawn.has(u) && !failing.has(u)).map((u) => ids.get(u));
  if (fail.length) lines.push(`  class ${fail.join(",")} violation`);
  if (warn.length) lines.push(`  class ${warn.join(",")} waived`);
  return `${lines.join("\n")}\n`;
}
