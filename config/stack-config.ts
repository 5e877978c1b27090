import { z } from "zod";
import { ConfigError, describeIssues, type ConfigIssue } from "./config-error";
import { awsRegion, originProblem } from "./rules";
import { storageSchema } from "./storage-config";

export type Environment = "dev" | "prod";

/**
 * Every `starscreen:*` key. Each level is `.strict()`: zod would otherwise drop a misspelled key silently and the
 * stack would run with the default instead of what the user meant.
 */
export const stackSchema = z
  .object({
    /** `dev` or `prod`: selects the data-loss guards and which weakening knobs are allowed. Required. */
    environment: z.enum(["dev", "prod"], { message: 'is required and must be "dev" or "prod"' }),
    storage: storageSchema.default(storageSchema.parse({})),
  })
  .strict();

/** What the program receives: validated, defaults applied, cross-key rules checked. */
export interface StorageConfig {
  readonly bucketName?: string;
  readonly encryption: "kms" | "s3";
  readonly retentionDays: number;
  readonly noncurrentRetentionDays: number;
  readonly abortIncompleteUploadDays: number;
  readonly corsAllowedOrigins: readonly string[];
  readonly transferAcceleration: boolean;
  readonly accessLogRetentionDays: number;
  /** Present when replication is on. */
  readonly replication?: { readonly region: string; readonly replicateDeletes: boolean };
  readonly forceDestroy: boolean;
  readonly breakGlassRoleArns: readonly string[];
}

export interface StackConfig {
  readonly environment: Environment;
  /** `aws:region`: where the stack's primary resources live. */
  readonly region: string;
  readonly storage: StorageConfig;
}

/** The raw values Pulumi hands the program: `namespace:key` → string (objects and lists as JSON text). */
export type RawConfig = Readonly<Record<string, string>>;

function parseValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}

/** `starscreen:*` entries as an object: `{ environment: "dev", storage: {...} }`. */
function namespaceObject(raw: RawConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith("starscreen:")) out[key.slice("starscreen:".length)] = parseValue(value);
  }
  return out;
}


/** Rules that relate keys to each other or to the environment; zod's per-field rules ran before. */
function crossKeyIssues(parsed: z.output<typeof stackSchema>, region: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const { environment, storage } = parsed;
  if (storage.noncurrentRetentionDays > storage.retentionDays) {
    issues.push({
      path: ["storage", "noncurrentRetentionDays"],
      message: `must be <= storage.retentionDays (${storage.retentionDays}) so a deleted resume is erased within the retention window`,
    });
  }
  if (storage.forceDestroy && environment === "prod") {
    issues.push({ path: ["storage", "forceDestroy"], message: "is not allowed in prod (it lets `pulumi destroy` delete resumes)" });
  }
  storage.cors.allowedOrigins.forEach((origin, i) => {
    const problem = originProblem(origin, environment === "dev");
    if (problem) issues.push({ path: ["storage", "cors", "allowedOrigins", i], message: problem });
  });
  const replicationOn = storage.replication.enabled ?? environment === "prod";
  if (replicationOn && !storage.replication.region) {
    issues.push({
      path: ["storage", "replication", "region"],
      message:
        storage.replication.enabled === undefined
          ? "is required in prod, where replication is on by default (or set storage.replication.enabled: false explicitly)"
          : "is required when storage.replication.enabled is true",
    });
  }
  if (replicationOn && storage.replication.region && storage.replication.region === region) {
    issues.push({
      path: ["storage", "replication", "region"],
      message: `must differ from aws:region (${region}): a same-region replica does not survive a regional outage`,
    });
  }
  return issues;
}

/**
 * Validates raw stack config (as `pulumi.runtime.allConfig()` returns it) and applies defaults. Throws a
 * ConfigError listing every problem; pure, so tests need no Pulumi runtime.
 */
export function parseStackConfig(raw: RawConfig): StackConfig {
  const input = namespaceObject(raw);
  const regionText = raw["aws:region"];
  const regionCheck = awsRegion.safeParse(regionText);
  const problems: string[] = [];
  if (!regionCheck.success) {
    problems.push(`aws:region ${regionText === undefined ? "is required" : "must be an AWS region code such as us-west-2"}, got ${JSON.stringify(regionText ?? null)}`);
  }
  const result = stackSchema.safeParse(input);
  if (!result.success) {
    problems.push(...describeIssues(result.error.issues, input));
    throw new ConfigError(problems);
  }
  const region = regionCheck.success ? regionCheck.data : "";
  const cross = crossKeyIssues(result.data, region);
  problems.push(...describeIssues(cross, input));
  if (problems.length > 0) throw new ConfigError(problems);

  const { environment, storage } = result.data;
  const replicationOn = storage.replication.enabled ?? environment === "prod";
  return {
    environment,
    region,
    storage: {
      bucketName: storage.bucketName,
      encryption: storage.encryption,
      retentionDays: storage.retentionDays,
      noncurrentRetentionDays: storage.noncurrentRetentionDays,
      abortIncompleteUploadDays: storage.abortIncompleteUploadDays,
      corsAllowedOrigins: storage.cors.allowedOrigins,
      transferAcceleration: storage.transferAcceleration,
      accessLogRetentionDays: storage.accessLogRetentionDays,
      replication:
        replicationOn && storage.replication.region
          ? { region: storage.replication.region, replicateDeletes: storage.replication.replicateDeletes }
          : undefined,
      forceDestroy: storage.forceDestroy,
      breakGlassRoleArns: storage.breakGlassRoleArns,
    },
  };
}
