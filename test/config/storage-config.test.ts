import { describe, expect, it } from "vitest";
import { ConfigError, parseStackConfig } from "../../config";

/** A minimal valid dev config, as raw Pulumi config (objects as JSON text). */
function raw(storage: Record<string, unknown> | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "aws:region": "us-east-1",
    "starscreen:environment": "dev",
    ...(storage ? { "starscreen:storage": JSON.stringify(storage) } : {}),
    ...extra,
  };
}

function errorOf(config: Record<string, string>): ConfigError {
  try {
    parseStackConfig(config);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("storage config defaults", () => {
  it("gives a user who sets only the environment the hardened setup", () => {
    const config = parseStackConfig(raw(undefined));
    expect(config.storage).toEqual({
      bucketName: undefined,
      encryption: "kms",
      retentionDays: 90,
      noncurrentRetentionDays: 30,
      abortIncompleteUploadDays: 7,
      corsAllowedOrigins: [],
      transferAcceleration: false,
      accessLogRetentionDays: 365,
      replication: undefined,
      forceDestroy: false,
      breakGlassRoleArns: [],
    });
    expect(config.region).toBe("us-east-1");
  });

  it("turns replication on by default in prod", () => {
    const config = parseStackConfig(
      raw({ replication: { region: "us-west-2" } }, { "starscreen:environment": "prod" }),
    );
    expect(config.storage.replication).toEqual({ region: "us-west-2", replicateDeletes: true });
  });

  it("lets prod opt out of replication only explicitly", () => {
    const config = parseStackConfig(raw({ replication: { enabled: false } }, { "starscreen:environment": "prod" }));
    expect(config.storage.replication).toBeUndefined();
  });

  it("accepts http://localhost origins in dev", () => {
    const config = parseStackConfig(
      raw({ cors: { allowedOrigins: ["http://localhost:3000", "https://app.example.com"] } }),
    );
    expect(config.storage.corsAllowedOrigins).toEqual(["http://localhost:3000", "https://app.example.com"]);
  });
});

/** Each case breaks one rule; the message must name the key, say the rule and show the value. */
const INVALID: { name: string; config: Record<string, string>; key: string; rule: RegExp; value?: string }[] = [
  {
    name: "missing environment",
    config: { "aws:region": "us-east-1" },
    key: "starscreen:environment",
    rule: /required/,
  },
  {
    name: "unknown environment",
    config: raw(undefined, { "starscreen:environment": "staging" }),
    key: "starscreen:environment",
    rule: /"dev" or "prod"/,
    value: '"staging"',
  },
  { name: "missing aws:region", config: { "starscreen:environment": "dev" }, key: "aws:region", rule: /required/ },
  {
    name: "made-up aws:region",
    config: raw(undefined, { "aws:region": "us-middle-1" }),
    key: "aws:region",
    rule: /AWS region code/,
    value: '"us-middle-1"',
  },
  {
    name: "uppercase bucket name",
    config: raw({ bucketName: "Starscreen-Resumes" }),
    key: "starscreen:storage.bucketName",
    rule: /lowercase/,
    value: '"Starscreen-Resumes"',
  },
  {
    name: "short bucket name",
    config: raw({ bucketName: "ab" }),
    key: "starscreen:storage.bucketName",
    rule: /3 to 63/,
    value: '"ab"',
  },
  {
    name: "bucket name with adjacent dots",
    config: raw({ bucketName: "a..b" }),
    key: "starscreen:storage.bucketName",
    rule: /adjacent dots/,
  },
  {
    name: "bucket name shaped like an IP",
    config: raw({ bucketName: "192.168.5.4" }),
    key: "starscreen:storage.bucketName",
    rule: /IP address/,
  },
  {
    name: "bucket name with xn-- prefix",
    config: raw({ bucketName: "xn--resumes" }),
    key: "starscreen:storage.bucketName",
    rule: /xn--/,
  },
  {
    name: "bucket name with -s3alias suffix",
    config: raw({ bucketName: "resumes-s3alias" }),
    key: "starscreen:storage.bucketName",
    rule: /-s3alias/,
  },
  {
    name: "negative retention",
    config: raw({ retentionDays: -5 }),
    key: "starscreen:storage.retentionDays",
    rule: /integer >= 1/,
    value: "-5",
  },
  {
    name: "fractional noncurrent retention",
    config: raw({ noncurrentRetentionDays: 1.5 }),
    key: "starscreen:storage.noncurrentRetentionDays",
    rule: /integer >= 1/,
    value: "1.5",
  },
  {
    name: "retention as text",
    config: raw({ retentionDays: "90" }),
    key: "starscreen:storage.retentionDays",
    rule: /integer >= 1/,
    value: '"90"',
  },
  {
    name: "zero abort days",
    config: raw({ abortIncompleteUploadDays: 0 }),
    key: "starscreen:storage.abortIncompleteUploadDays",
    rule: /integer >= 1/,
    value: "0",
  },
  {
    name: "zero access-log retention",
    config: raw({ accessLogRetentionDays: 0 }),
    key: "starscreen:storage.accessLogRetentionDays",
    rule: /integer >= 1/,
  },
  {
    name: "noncurrent longer than current",
    config: raw({ retentionDays: 10, noncurrentRetentionDays: 20 }),
    key: "starscreen:storage.noncurrentRetentionDays",
    rule: /<= storage.retentionDays \(10\)/,
    value: "20",
  },
  {
    name: "unknown encryption",
    config: raw({ encryption: "aes" }),
    key: "starscreen:storage.encryption",
    rule: /"kms" or "s3"/,
    value: '"aes"',
  },
  {
    name: "replication without region",
    config: raw({ replication: { enabled: true } }),
    key: "starscreen:storage.replication.region",
    rule: /required when storage.replication.enabled/,
  },
  {
    name: "prod without replication region",
    config: raw(undefined, { "starscreen:environment": "prod" }),
    key: "starscreen:storage.replication.region",
    rule: /required in prod/,
  },
  {
    name: "replication to a made-up region",
    config: raw({ replication: { enabled: true, region: "eu-mars-1" } }),
    key: "starscreen:storage.replication.region",
    rule: /AWS region code/,
    value: '"eu-mars-1"',
  },
  {
    name: "replication to the same region",
    config: raw({ replication: { enabled: true, region: "us-east-1" } }),
    key: "starscreen:storage.replication.region",
    rule: /must differ from aws:region/,
    value: '"us-east-1"',
  },
  {
    name: "http origin",
    config: raw({ cors: { allowedOrigins: ["http://app.example.com"] } }),
    key: "starscreen:storage.cors.allowedOrigins[0]",
    rule: /https origin/,
    value: '"http://app.example.com"',
  },
  {
    name: "origin with a path",
    config: raw({ cors: { allowedOrigins: ["https://app.example.com/upload"] } }),
    key: "starscreen:storage.cors.allowedOrigins[0]",
    rule: /no path/,
  },
  {
    name: "not a URL origin",
    config: raw({ cors: { allowedOrigins: ["app.example.com"] } }),
    key: "starscreen:storage.cors.allowedOrigins[0]",
    rule: /origin URL/,
  },
  {
    name: "localhost origin in prod",
    config: raw(
      { cors: { allowedOrigins: ["http://localhost:3000"] }, replication: { enabled: false } },
      { "starscreen:environment": "prod" },
    ),
    key: "starscreen:storage.cors.allowedOrigins[0]",
    rule: /only in dev/,
  },
  {
    name: "forceDestroy in prod",
    config: raw({ forceDestroy: true, replication: { enabled: false } }, { "starscreen:environment": "prod" }),
    key: "starscreen:storage.forceDestroy",
    rule: /not allowed in prod/,
    value: "true",
  },
  {
    name: "forceDestroy as text",
    config: raw({ forceDestroy: "yes" }),
    key: "starscreen:storage.forceDestroy",
    rule: /true or false/,
  },
  {
    name: "misspelled storage key",
    config: raw({ retentonDays: 30 }),
    key: "starscreen:storage.retentonDays",
    rule: /not a known key/,
  },
  {
    name: "misspelled nested key",
    config: raw({ replication: { regoin: "us-west-2" } }),
    key: "starscreen:storage.replication.regoin",
    rule: /not a known key/,
  },
  {
    name: "misspelled top-level key",
    config: raw(undefined, { "starscreen:storag": "{}" }),
    key: "starscreen:storag",
    rule: /not a known key/,
  },
  {
    name: "break-glass entry that is not a role ARN",
    config: raw({ breakGlassRoleArns: ["arn:aws:iam::123456789012:user/alice"] }),
    key: "starscreen:storage.breakGlassRoleArns[0]",
    rule: /IAM role ARN/,
  },
];

describe("invalid storage config", () => {
  it.each(INVALID)("rejects $name, naming the key", ({ config, key, rule, value }) => {
    const error = errorOf(config);
    const line = error.problems.find((p) => p.startsWith(`${key} `));
    expect(line, `problems: ${error.problems.join(" | ")}`).toBeDefined();
    expect(line).toMatch(rule);
    if (value !== undefined) expect(line).toContain(`got ${value}`);
    expect(error.message).toContain(key);
  });

  it("has at least fifteen distinct cases", () => {
    expect(new Set(INVALID.map((c) => c.key + c.rule.source)).size).toBeGreaterThanOrEqual(15);
  });

  it("reports every problem at once rather than one per run", () => {
    const error = errorOf(raw({ retentionDays: 0, bucketName: "UPPER", typo: true }));
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/3 problems/);
  });
});
