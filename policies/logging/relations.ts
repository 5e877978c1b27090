/**
 * Relating resources in stack policies, shared by the ELB, logging and network guardrails. A child (flow log,
 * WAF association, security-group rule, endpoint policy) points at its target through one property. The
 * relation is read from `propertyDependencies[prop]` first (known during preview, even when the values are not),
 * then by comparing the child's property value with the target's identifying outputs (`id`, `arn`, `vpcId`).
 * Values are read only for what dependencies did not settle, so an unknown value stops the check only when it
 * matters (reading it throws, and the runtime reports "can't run during preview"). Every step is one pass with
 * maps: no nested scans.
 */
import type { PolicyResource } from "@pulumi/policy";

/** URNs that `resource.props[prop]` depends on, from the engine's property dependencies. */
export function dependencyUrns(resource: PolicyResource, prop: string): string[] {
  const all = (resource as { propertyDependencies?: Record<string, unknown> }).propertyDependencies;
  const deps = all && typeof all === "object" ? all[prop] : undefined;
  if (!Array.isArray(deps)) return [];
  return deps.flatMap((d) => {
    const urn = d && typeof d === "object" ? (d as { urn?: unknown }).urn : undefined;
    return typeof urn === "string" ? [urn] : [];
  });
}

/** A string or every string of an array (trimmed, non-empty); anything else yields nothing. */
export function stringValues(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((v) => (typeof v === "string" && v.trim() !== "" ? [v.trim()] : []));
}

export interface RelateOptions {
  /** The resources being covered (VPCs, load balancers, security groups...). */
  readonly targets: readonly PolicyResource[];
  /** The resources that point at a target (flow logs, associations, rules...). */
  readonly children: readonly PolicyResource[];
  /** The child's property that holds the target's identifier. */
  readonly childProp: string;
  /** The target's identifying values (read lazily, only for targets dependencies did not relate). */
  readonly targetKeys: (target: PolicyResource) => string[];
  /** Maps a URN that a dependency names to the target URN it stands for (e.g. an awsx VPC's child VPC). */
  readonly canonical?: (urn: string) => string | undefined;
  /**
   * Value-match children without dependencies against every target, not only against targets no dependency
   * related: for callers that need every related child (e.g. every flow log's traffic type), not just one.
   */
  readonly everyChild?: boolean;
}

/** Target URN → the children related to it. Targets with no related child are absent from the map. */
export function relate(options: RelateOptions): Map<string, PolicyResource[]> {
  const { targets, children, childProp, targetKeys } = options;
  const targetUrns = new Set(targets.map((t) => t.urn));
  const canonical = options.canonical ?? ((urn: string) => (targetUrns.has(urn) ? urn : undefined));
  const related = new Map<string, PolicyResource[]>();
  const add = (urn: string, child: PolicyResource) => {
    const list = related.get(urn);
    if (list) {
      if (!list.includes(child)) list.push(child);
    } else related.set(urn, [child]);
  };
  const pending: PolicyResource[] = [];
  for (const child of children) {
    const deps = dependencyUrns(child, childProp);
    if (deps.length === 0) {
      pending.push(child);
      continue;
    }
    // Dependencies that name none of the targets mean the value came from elsewhere: nothing to match.
    for (const dep of deps) {
      const target = canonical(dep);
      if (target !== undefined) add(target, child);
    }
  }
  const unrelated = options.everyChild ? targets : targets.filter((t) => !related.has(t.urn));
  if (unrelated.length === 0 || pending.length === 0) return related;
  const byValue = new Map<string, PolicyResource[]>();
  for (const child of pending) {
    for (const value of stringValues(child.props[childProp])) {
      const list = byValue.get(value);
      if (list) list.push(child);
      else byValue.set(value, [child]);
    }
  }
  if (byValue.size === 0) return related;
  for (const target of unrelated) {
    for (const key of targetKeys(target)) {
      for (const child of byValue.get(key) ?? []) add(target.urn, child);
    }
  }
  return related;
}
