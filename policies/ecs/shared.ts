/**
 * Readers shared by the ECS guardrails. `containerDefinitions` reaches the pack as a JSON string (what
 * `pulumi.jsonStringify` and the provider produce) or, from hand-written programs and other tools, as an array
 * of objects already; both are read here, and nothing in this file throws on odd input.
 */
import { asString, isRecord } from "../lib/values";

/** Type tokens the ECS guardrails need beyond `lib/resource-types.ts`. */
export const ECS_EXTRA = {
  taskSet: "aws:ecs/taskSet:TaskSet",
} as const;

export interface Container {
  /** The container's `name`, or `#<index>` when it has none, for messages. */
  readonly label: string;
  readonly definition: Record<string, unknown>;
}

export interface ContainerList {
  readonly containers: Container[];
  /** Set when `containerDefinitions` is present but is not a (JSON) array of objects. */
  readonly unreadable?: string;
}

function describe(value: unknown): string {
  if (typeof value === "string") return value.length > 40 ? `a string of ${value.length} characters` : "a string";
  if (Array.isArray(value)) return "an array";
  return value === null ? "null" : typeof value;
}

/**
 * The containers of a task definition. A JSON string is parsed; an array is used as it is; a single object is
 * taken as one container. Entries that are not objects are skipped (AWS would reject them anyway).
 */
export function readContainers(containerDefinitions: unknown): ContainerList {
  if (containerDefinitions === undefined || containerDefinitions === null) return { containers: [] };
  let parsed: unknown = containerDefinitions;
  if (typeof containerDefinitions === "string") {
    try {
      parsed = JSON.parse(containerDefinitions);
    } catch {
      return { containers: [], unreadable: "containerDefinitions is not valid JSON" };
    }
  }
  const list = Array.isArray(parsed) ? parsed : isRecord(parsed) ? [parsed] : undefined;
  if (!list) {
    return {
      containers: [],
      unreadable: `containerDefinitions is ${describe(parsed)}, not an array of container definitions`,
    };
  }
  const containers: Container[] = [];
  list.forEach((entry, index) => {
    if (!isRecord(entry)) return;
    const name = asString(entry.name);
    containers.push({ label: name && name.trim() !== "" ? name : `#${index}`, definition: entry });
  });
  return { containers };
}

/** The message every container-level guardrail reports when the definitions cannot be read. */
export function unreadableMessage(reason: string, what: string): string {
  return `Task definition ${reason}; cannot verify ${what}. Pass a JSON array of container definitions.`;
}

/** `true` for the boolean `true`, the string `"true"`, and `"ENABLED"` (the ECS API's spelling). */
export function isEnabled(value: unknown): boolean {
  return value === true || (typeof value === "string" && ["true", "enabled"].includes(value.trim().toLowerCase()));
}

/** Upper-cased strings of a list, for case-insensitive comparisons of ECS enums. */
export function upperStrings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.flatMap((v) => (typeof v === "string" ? [v.trim().toUpperCase()] : []));
}
