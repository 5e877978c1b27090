import { describe, expect, it } from "vitest";
import { guardrailMetadata } from "../../../policies/lib/guardrail";
import { s3Guardrails } from "../../../policies/s3";
import { runPolicy, type FakeResource } from "../../helpers/policy-harness";
import { asPreview, hardenedSet } from "./fixtures";

/** Runs every S3 guardrail: stack policies on `resources`, resource policies on `inputs` (default the same). */
async function runAll(resources: FakeResource[], environment: "dev" | "prod", inputs: FakeResource[] = resources) {
  const out: Record<string, { violations: string[]; unknown?: string }> = {};
  for (const policy of s3Guardrails) {
    const run = await runPolicy(policy, "validateStack" in policy ? resources : inputs, { environment });
    out[policy.name] = { violations: run.violations.map((v) => v.message), unknown: run.unknown };
  }
  return out;
}

describe("the fully hardened bucket set", () => {
  it("passes every S3 guardrail in prod with zero violations", async () => {
    const { resources, replica, replicaLogs } = hardenedSet("prod");
    expect(replica).toBeDefined();
    expect(replicaLogs).toBeDefined();
    const results = await runAll(resources, "prod");
    for (const [name, r] of Object.entries(results)) {
      expect({ name, ...r }).toEqual({ name, violations: [], unknown: undefined });
    }
  });

  it("passes every S3 guardrail in dev with zero violations (SSE-S3, no replica, not protected)", async () => {
    const { resources, replica } = hardenedSet("dev");
    expect(replica).toBeUndefined();
    const results = await runAll(resources, "dev");
    for (const [name, r] of Object.entries(results)) {
      expect({ name, ...r }).toEqual({ name, violations: [], unknown: undefined });
    }
  });

  it("the dev set fails the production reading (so the environment knob is what makes dev pass)", async () => {
    const results = await runAll(hardenedSet("dev").resources, "prod");
    expect(results["s3-default-encryption"].violations).toEqual([
      expect.stringMatching(/Bucket "resumes" is a production data bucket that is encrypted with "AES256"/),
    ]);
    expect(results["s3-replication-prod"].violations).toEqual([
      expect.stringMatching(/"resumes" .*without replication/),
    ]);
    expect(results["s3-prod-data-bucket-protected"].violations).toEqual([
      expect.stringMatching(/"resumes" .*not protected/),
    ]);
  });

  it("in a preview of a new prod stack, relates everything through property dependencies: no violation, and only the policy-reading guardrails cannot run", async () => {
    const { resources } = hardenedSet("prod");
    const results = await runAll(asPreview(resources), "prod", asPreview(resources, "inputs"));
    const cannotRun: string[] = [];
    for (const [name, r] of Object.entries(results)) {
      expect({ name, violations: r.violations }).toEqual({ name, violations: [] });
      if (r.unknown) cannotRun.push(name);
    }
    // The bucket policies embed bucket ARNs, unknown until the buckets exist; the per-resource policy checks see
    // the same unknown documents. Everything else decides during preview.
    expect(cannotRun.sort()).toEqual(
      ["s3-bucket-policy-no-public-principal", "s3-bucket-policy-restricts-other-accounts", "s3-tls-only"].sort(),
    );
  });

  it("lists every S3 guardrail once, with stable names", () => {
    const names = s3Guardrails.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([
      "s3-public-access-block",
      "s3-account-public-access-block",
      "s3-access-point-public-access-block",
      "s3-no-public-acl",
      "s3-bucket-policy-no-public-principal",
      "s3-bucket-policy-restricts-other-accounts",
      "s3-ownership-enforced",
      "s3-default-encryption",
      "s3-bucket-key-enabled",
      "s3-versioning-enabled",
      "s3-tls-only",
      "s3-access-logging",
      "s3-lifecycle-configured",
      "s3-replication-prod",
      "s3-no-force-destroy-prod",
      "s3-prod-data-bucket-protected",
    ]);
    for (const p of s3Guardrails) {
      const meta = guardrailMetadata(p);
      expect(meta.name).toMatch(/^s3-[a-z0-9-]+$/);
      expect(meta.description).toMatch(/\.\)?$/);
      expect(meta.enforcementLevel).toBe(p.name === "s3-bucket-key-enabled" ? "advisory" : "mandatory");
    }
  });
});
