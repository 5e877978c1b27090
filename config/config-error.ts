/** The config namespace of this project's keys in `Pulumi.<stack>.yaml` (`starscreen:storage`, ...). */
export const CONFIG_NAMESPACE = "starscreen";

/**
 * Raised for bad stack config before any resource is registered. Each problem names the config key, the rule and
 * the value, e.g. `starscreen:storage.retentionDays must be an integer >= 1, got -5`.
 */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `Invalid stack config: ${problems[0]}`
        : `Invalid stack config (${problems.length} problems):\n  - ${problems.join("\n  - ")}`,
    );
    this.name = "ConfigError";
  }
}

/** `starscreen:storage.cors.allowedOrigins[0]` for the path `["storage","cors","allowedOrigins",0]`. */
export function configKey(path: readonly PropertyKey[]): string {
  let key = CONFIG_NAMESPACE;
  path.forEach((part, i) => {
    if (typeof part === "number") key += `[${part}]`;
    else key += `${i === 0 ? ":" : "."}${String(part)}`;
  });
  return key;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function show(value: unknown): string {
  if (value === undefined) return "nothing (the key is missing)";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export interface ConfigIssue {
  readonly code?: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** For `unrecognized_keys`: the keys that are not in the schema. */
  readonly keys?: readonly string[];
}

/** One readable line per issue (zod's or ours): the key, what the rule says, what was found. */
export function describeIssues(issues: readonly ConfigIssue[], input: unknown): string[] {
  return issues.map((issue) => {
    if (issue.code === "unrecognized_keys" && issue.keys) {
      const keys = issue.keys.map((k) => configKey([...issue.path, k]));
      return `${keys.join(", ")} ${keys.length === 1 ? "is not a known key" : "are not known keys"} (check the spelling; see Pulumi.yaml for every key)`;
    }
    return `${configKey(issue.path)} ${issue.message}, got ${show(valueAt(input, issue.path))}`;
  });
}
