import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { globToRegExp } from "./glob";

/**
 * A waiver exempts one resource (or a set of resources matched by pattern) from one guardrail. Waivers live in the
 * policy's own config (the file given to `--policy-pack-config`) and must carry a written justification; every
 * waiver that takes effect is reported by the advisory `waivers-in-effect` policy, so none is silent.
 */
export interface Waiver {
  /** A full URN, or a pattern matched against the URN and the resource name, where `*` matches any run of characters. */
  readonly resource: string;
  /** Why the exemption is acceptable, who accepted it, until when. At least 20 characters. */
  readonly justification: string;
}

export interface AppliedWaiver {
  readonly policy: string;
  readonly urn: string;
  readonly pattern: string;
  readonly justification: string;
  /** The violation message the waiver suppressed. */
  readonly message: string;
}

export const MIN_JUSTIFICATION_LENGTH = 20;

export const waiversConfigSchema: PolicyConfigJSONSchema = {
  type: "array",
  description: "Resources exempted from this policy, each with a written justification.",
  items: {
    type: "object",
    properties: {
      resource: { type: "string", minLength: 1 },
      justification: { type: "string", minLength: MIN_JUSTIFICATION_LENGTH },
    },
    required: ["resource", "justification"],
    additionalProperties: false,
  },
  default: [],
};

/** The waiver that covers this resource, if any. A URN matches exactly or by pattern; a name matches by pattern. */
export function findWaiver(waivers: readonly Waiver[] | undefined, urn: string, name: string): Waiver | undefined {
  if (!Array.isArray(waivers)) return undefined;
  return waivers.find((w) => {
    if (!w || typeof w.resource !== "string" || typeof w.justification !== "string") return false;
    if (w.justification.trim().length < MIN_JUSTIFICATION_LENGTH) return false;
    if (w.resource === urn) return true;
    const re = globToRegExp(w.resource);
    return re.test(urn) || re.test(name);
  });
}

/**
 * Waivers applied in this pack process. The CLI runs one pack process per preview/update and calls AnalyzeStack
 * after every per-resource Analyze call, so `waivers-in-effect` (the last stack policy) sees all of them.
 */
const applied: AppliedWaiver[] = [];
/** policy, URN and message of each applied waiver: a set keeps recording O(1) per finding. */
const appliedKeys = new Set<string>();

export function recordAppliedWaiver(waiver: AppliedWaiver): void {
  const key = `${waiver.policy}\u0000${waiver.urn}\u0000${waiver.message}`;
  if (appliedKeys.has(key)) return;
  appliedKeys.add(key);
  applied.push(waiver);
}

export function appliedWaivers(): readonly AppliedWaiver[] {
  return applied;
}

/** For tests: forget what earlier cases applied. */
export function resetAppliedWaivers(): void {
  applied.length = 0;
  appliedKeys.clear();
}
