import { beforeEach, describe, expect, it } from "vitest";
import { S3 } from "../../../policies/lib/resource-types";
import { appliedWaivers, resetAppliedWaivers } from "../../../policies/lib/waivers";
import { s3OwnershipEnforced } from "../../../policies/s3/s3-ownership-enforced";
import { s3VersioningEnabled } from "../../../policies/s3/s3-versioning-enabled";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { bucket, ownership, versioning, waiverFor } from "./fixtures";

const data = bucket("data");

describe("s3-ownership-enforced", () => {
  beforeEach(() => resetAppliedWaivers());

  it("passes BucketOwnerEnforced (Bucket and BucketV2, dependency or value)", async () => {
    const v2 = bucket("legacy", {}, { type: S3.bucketV2 });
    const run = await runPolicy(s3OwnershipEnforced, [
      data,
      ownership(data),
      v2,
      ownership(v2, "BucketOwnerEnforced", { link: "value" }),
    ]);
    expect(run.violations).toEqual([]);
  });

  it("reports a bucket without ownership controls", async () => {
    const run = await runPolicy(s3OwnershipEnforced, [data]);
    expect(run.violations).toEqual([
      { message: expect.stringMatching(/Bucket "data" has no BucketOwnershipControls/), urn: data.urn },
    ]);
  });

  it.each(["ObjectWriter", "BucketOwnerPreferred", 7])(
    "reports objectOwnership %s with the value found",
    async (value) => {
      const run = await runPolicy(s3OwnershipEnforced, [data, ownership(data, value)]);
      expect(run.violations.map((v) => v.message)).toEqual([
        `BucketOwnershipControls "data-ownership" of bucket "data" sets objectOwnership ${JSON.stringify(value)}; it must be "BucketOwnerEnforced" so ACLs are disabled.`,
      ]);
    },
  );

  it("is undecidable when objectOwnership is unknown", async () => {
    const run = await runPolicy(s3OwnershipEnforced, [data, ownership(data, UNKNOWN)]);
    expect(run.violations).toEqual([]);
    expect(run.unknown).toMatch(/objectOwnership/);
  });

  it("honours a waiver", async () => {
    const run = await runPolicy(s3OwnershipEnforced, [data, ownership(data, "ObjectWriter")], waiverFor("data"));
    expect(run.violations).toEqual([]);
    expect(appliedWaivers()).toHaveLength(1);
  });
});

describe("s3-versioning-enabled", () => {
  it.each([
    ["split BucketVersioning", () => [data, versioning(data)]],
    ["BucketVersioningV2", () => [data, versioning(data, "Enabled", { v2: true })]],
    ["inline Bucket versioning", () => [bucket("data", { versioning: { enabled: true } })]],
    [
      "inline BucketV2 versionings",
      () => [bucket("data", { versionings: [{ enabled: "true" }] }, { type: S3.bucketV2 })],
    ],
    [
      "split Enabled over a stale inline output (split wins)",
      () => [bucket("data", { versioning: { enabled: false } }), versioning(data)],
    ],
  ])("passes %s", async (_label, build) => {
    expect((await runPolicy(s3VersioningEnabled, build())).violations).toEqual([]);
  });

  it("reports a bucket without versioning", async () => {
    const run = await runPolicy(s3VersioningEnabled, [data]);
    expect(run.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/Bucket "data" has no versioning configuration/),
    ]);
  });

  it.each(["Suspended", "Disabled"])("reports split status %s", async (status) => {
    const run = await runPolicy(s3VersioningEnabled, [data, versioning(data, status)]);
    expect(run.violations.map((v) => v.message)).toEqual([
      `Bucket "data" does not have versioning enabled (BucketVersioning "data-versioning": status "${status}"); it must be "Enabled".`,
    ]);
  });

  it("reports inline versioning.enabled = false", async () => {
    const run = await runPolicy(s3VersioningEnabled, [bucket("data", { versioning: { enabled: false } })]);
    expect(run.violations[0].message).toMatch(/inline versioning of bucket "data": versioning.enabled = false/);
  });

  it("reads the inline output only without a split resource: unknown inline output during preview is undecidable", async () => {
    const preview = bucket("data", { versioning: UNKNOWN });
    expect(await runPolicy(s3VersioningEnabled, [preview])).toEqual({
      violations: [],
      unknown: expect.stringMatching(/versioning/),
    });
    expect(await runPolicy(s3VersioningEnabled, [preview, versioning(data)])).toEqual({ violations: [] });
  });

  it("is undecidable when the split status is unknown, and waivable", async () => {
    expect((await runPolicy(s3VersioningEnabled, [data, versioning(data, UNKNOWN)])).unknown).toBeDefined();
    expect((await runPolicy(s3VersioningEnabled, [data], waiverFor(String(data.urn)))).violations).toEqual([]);
  });
});
