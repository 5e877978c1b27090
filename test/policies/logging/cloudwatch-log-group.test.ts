import { describe, expect, it } from "vitest";
import { cloudwatchLogGroupKms } from "../../../policies/logging/cloudwatch-log-group-kms";
import { cloudwatchLogGroupRetention } from "../../../policies/logging/cloudwatch-log-group-retention";
import { cloudwatchLogGroupRetentionOneYear } from "../../../policies/logging/cloudwatch-log-group-retention-one-year";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { logGroup } from "./our-stack";

describe("cloudwatch-log-group-retention", () => {
  it("passes our log groups (dev 14 days, prod 365 days)", async () => {
    expect(
      (await runPolicy(cloudwatchLogGroupRetention, [logGroup("dev", "api"), logGroup("prod", "api")])).violations,
    ).toEqual([]);
  });

  it("reports a log group that never expires (absent or 0)", async () => {
    for (const retentionInDays of [undefined, 0, "0"]) {
      const run = await runPolicy(cloudwatchLogGroupRetention, logGroup("dev", "api", { retentionInDays }));
      expect(run.violations.map((v) => v.message)).toEqual([
        expect.stringMatching(/Log group "dev-api-logs" has retentionInDays .*: its events never expire/),
      ]);
    }
  });

  it("honours minRetentionDays", async () => {
    const lg = logGroup("dev", "api", { retentionInDays: 14 });
    const run = await runPolicy(cloudwatchLogGroupRetention, lg, { minRetentionDays: 365 });
    expect(run.violations[0].message).toMatch(/keeps events for 14 days, below the minimum of 365/);
    expect((await runPolicy(cloudwatchLogGroupRetention, lg, { minRetentionDays: 14 })).violations).toEqual([]);
  });

  it("treats non-numeric values as unset and propagates unknown values", async () => {
    expect(
      (await runPolicy(cloudwatchLogGroupRetention, logGroup("dev", "api", { retentionInDays: "forever" }))).violations,
    ).toHaveLength(1);
    expect(
      (await runPolicy(cloudwatchLogGroupRetention, logGroup("dev", "api", { retentionInDays: UNKNOWN }))).unknown,
    ).toBeDefined();
  });
});

describe("cloudwatch-log-group-retention-one-year (advisory, prod only)", () => {
  it("is advisory and passes 365 days and never-expiring groups", async () => {
    expect(cloudwatchLogGroupRetentionOneYear.enforcementLevel).toBe("advisory");
    const run = await runPolicy(cloudwatchLogGroupRetentionOneYear, [
      logGroup("prod", "api"),
      logGroup("prod", "worker", { retentionInDays: undefined }),
      logGroup("prod", "x", { retentionInDays: 731 }),
    ]);
    expect(run.violations).toEqual([]);
  });

  it("reports less than a year in prod, not in dev", async () => {
    const lg = logGroup("prod", "api", { retentionInDays: 90 });
    expect((await runPolicy(cloudwatchLogGroupRetentionOneYear, lg)).violations[0].message).toMatch(
      /keeps events for 90 days, less than 365: FSBP CloudWatch.16/,
    );
    expect((await runPolicy(cloudwatchLogGroupRetentionOneYear, lg, { environment: "dev" })).violations).toEqual([]);
    expect((await runPolicy(cloudwatchLogGroupRetentionOneYear, lg, { minRetentionDays: 90 })).violations).toEqual([]);
  });
});

describe("cloudwatch-log-group-kms", () => {
  it("passes our log groups", async () => {
    expect(
      (await runPolicy(cloudwatchLogGroupKms, [logGroup("dev", "api"), logGroup("prod", "worker")])).violations,
    ).toEqual([]);
  });

  it("reports a log group without a KMS key", async () => {
    for (const kmsKeyId of [undefined, "", 42]) {
      const run = await runPolicy(cloudwatchLogGroupKms, logGroup("dev", "api", { kmsKeyId }));
      expect(run.violations.map((v) => v.message)).toEqual([
        expect.stringMatching(/Log group "dev-api-logs" has no kmsKeyId/),
      ]);
    }
  });

  it("propagates unknown values and honours a waiver", async () => {
    expect((await runPolicy(cloudwatchLogGroupKms, logGroup("dev", "api", { kmsKeyId: UNKNOWN }))).unknown).toMatch(
      /kmsKeyId/,
    );
    const run = await runPolicy(cloudwatchLogGroupKms, logGroup("dev", "api", { kmsKeyId: undefined }), {
      waivers: [{ resource: "dev-*-logs", justification: "Throwaway dev log groups with synthetic data only." }],
    });
    expect(run.violations).toEqual([]);
  });
});
