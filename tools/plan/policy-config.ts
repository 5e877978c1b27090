/**
 * Policy-pack config the way the Pulumi CLI treats `--policy-pack-config FILE`
 * (pkg/resource/analyzer/config.go): parse the file, start from every policy's defaults (its declared enforcement
 * level and the `default` of each config property), apply the pack's initial config, then the file ("all" first,
 * then each policy), and validate every policy's resulting properties against its config schema. The result is what
 * Configure sends to the pack.
 */
import { readFileSync } from "node:fs";
import Ajv, { type ErrorObject } from "ajv";
import {
  isEnforcementLevel,
  type AnalyzerInfo,
  type EnforcementLevel,
  type PolicyConfigEntry,
} from "./analyzer-client";
import { PlanInputError } from "./project";

export type PolicyConfigFile = Record<string, PolicyConfigEntry>;

/** `parsePolicyPackConfig`: each key maps to an enforcement level string or an object (with an optional level). */
export function parsePolicyConfig(text: string, source: string): PolicyConfigFile {
  if (text.trim() === "") return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PlanInputError(`${source} is not valid JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PlanInputError(`${source} must be a JSON object of policy name → config`);
  }
  const out: PolicyConfigFile = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === "string") {
      if (!isEnforcementLevel(value)) {
        throw new PlanInputError(
          `${source}: parsing enforcement level for "${name}": "${value}" is not a valid enforcement level`,
        );
      }
      out[name] = { enforcementLevel: value };
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new PlanInputError(
        `${source}: parsing "${name}": ${JSON.stringify(value)} is not a valid value; must be a string or object`,
      );
    }
    const props = { ...(value as Record<string, unknown>) };
    let enforcementLevel: EnforcementLevel | undefined;
    if ("enforcementLevel" in props) {
      const level = props.enforcementLevel;
      if (!isEnforcementLevel(level)) {
        throw new PlanInputError(
          `${source}: parsing enforcement level for "${name}": ${JSON.stringify(level)} is not a valid enforcement level`,
        );
      }
      enforcementLevel = level;
      delete props.enforcementLevel;
    }
    // "Don't bother including empty configs."
    if (enforcementLevel === undefined && Object.keys(props).length === 0) continue;
    out[name] = { enforcementLevel, properties: Object.keys(props).length > 0 ? props : undefined };
  }
  return out;
}

export function readPolicyConfig(file: string): PolicyConfigFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new PlanInputError(
      `cannot read policy config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return parsePolicyConfig(text, file);
}

function applyConfig(result: Record<string, PolicyConfigEntry>, apply: PolicyConfigFile): void {
  const all = apply.all;
  if (all?.enforcementLevel) {
    for (const [k, v] of Object.entries(result)) result[k] = { ...v, enforcementLevel: all.enforcementLevel };
  }
  for (const [policy, given] of Object.entries(apply)) {
    const current = result[policy] ?? {};
    const properties =
      given.properties && Object.keys(given.properties).length > 0
        ? { ...(current.properties ?? {}), ...given.properties }
        : current.properties;
    result[policy] = { enforcementLevel: given.enforcementLevel ?? current.enforcementLevel, properties };
  }
}

export interface ReconciledConfig {
  /** What Configure sends: one entry per policy (and per extra key the file named, as the CLI keeps them). */
  readonly config: Record<string, PolicyConfigEntry>;
  /** Keys in the file that name no policy of the pack (the CLI ignores them silently; we warn). */
  readonly unknownPolicies: string[];
}

const ajv = new Ajv({ strict: false, allErrors: true });

function describeError(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "";
  if (e.keyword === "additionalProperties") {
    return `${where ? `${where}: ` : ""}additional property ${JSON.stringify(e.params.additionalProperty)} is not allowed`;
  }
  return `${where ? `${where}: ` : ""}${e.message}`;
}

/** `ReconcilePolicyPackConfig` + `validatePolicyPackConfig`. Throws PlanInputError listing every problem. */
export function reconcilePolicyConfig(
  info: AnalyzerInfo,
  file: PolicyConfigFile | undefined,
  source = "policy config",
): ReconciledConfig {
  const result: Record<string, PolicyConfigEntry> = {};
  for (const policy of info.policies) {
    let properties: Record<string, unknown> | undefined;
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
      if (schema && typeof schema === "object" && "default" in schema) {
        properties ??= {};
        properties[key] = schema.default;
      }
    }
    result[policy.name] = { enforcementLevel: policy.enforcementLevel, properties };
  }
  applyConfig(result, info.initialConfig);
  if (file) applyConfig(result, file);

  const problems: string[] = [];
  for (const policy of info.policies) {
    if (!policy.configSchema) continue;
    const schema: Record<string, unknown> = { type: "object" };
    if (Object.keys(policy.configSchema.properties).length > 0) schema.properties = policy.configSchema.properties;
    if (policy.configSchema.required.length > 0) schema.required = policy.configSchema.required;
    const validate = ajv.compile(schema);
    if (!validate(result[policy.name]?.properties ?? {})) {
      for (const e of validate.errors ?? []) problems.push(`${policy.name}: ${describeError(e)}`);
    }
  }
  if (problems.length > 0) {
    throw new PlanInputError(`invalid policy config (${source}): ${problems.join("; ")}`);
  }
  const known = new Set(info.policies.map((p) => p.name));
  const unknownPolicies = Object.keys(file ?? {}).filter((k) => k !== "all" && !known.has(k));
  // The CLI's Configure refuses an entry without a valid level: that is what a misspelt policy name with only
  // properties (waivers, say) becomes.
  const levelless = Object.entries(result).filter(([, v]) => !isEnforcementLevel(v.enforcementLevel));
  if (levelless.length > 0) {
    throw new PlanInputError(
      `invalid policy config (${source}): ${levelless
        .map(
          ([name]) =>
            `"${name}" is not a policy of ${info.name} and sets no enforcementLevel (invalid enforcement level "")`,
        )
        .join("; ")}`,
    );
  }
  return { config: result, unknownPolicies };
}
