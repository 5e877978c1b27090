import { describe, expect, it } from "vitest";
import { S3 } from "../../../policies/lib/resource-types";
import { s3LifecycleConfigured } from "../../../policies/s3/s3-lifecycle-configured";
import { runPolicy, UNKNOWN, type FakeResource } from "../../helpers/policy-harness";
import { bucket, lifecycle, versioning, waiverFor } from "./fixtures";

const data = bucket("data");

async function messages(resources: FakeResource[], config: Record<string, unknown> = {}): Promise<string[]> {
  return (await runPolicy(s3LifecycleConfigured, resources, config)).violations.map((v) => v.message);
}

const inlineRules = (overrides: Record<string, unknown> = {}) => [
  {
    id: "all",
    enabled: true,
    expiration: { days: 90 },
    noncurrentVersionExpiration: { days: 30 },
    abortIncompleteMultipartUploadDays: 7,
    ...overrides,
  },
];

describe("s3-lifecycle-configured", () => {
  it.each([
    ["split, versioned", () => [data, versioning(data), lifecycle(data)]],
    ["split V2, versioned", () => [data, versioning(data), lifecycle(data, { v2: true })]],
    ["split, unversioned, without noncurrent expiration", () => [data, lifecycle(data, { noncurrent: false })]],
    [
      "inline Bucket lifecycleRules",
      () => [bucket("data", { versioning: { enabled: true }, lifecycleRules: inlineRules() })],
    ],
    [
      "inline BucketV2 lifecycleRules (noncurrentVersionExpirations list)",
      () => [
        bucket(
          "data",
          {
            versionings: [{ enabled: true }],
            lifecycleRules: inlineRules({
              noncurrentVersionExpiration: undefined,
              noncurrentVersionExpirations: [{ days: 30 }],
            }),
          },
          { type: S3.bucketV2 },
        ),
      ],
    ],
  ])("passes %s", async (_label, build) => {
    expect(await runPolicy(s3LifecycleConfigured, build() as FakeResource[])).toEqual({ violations: [] });
  });

  it("reports a bucket without lifecycle", async () => {
    expect(await messages([data, versioning(data)])).toEqual([
      expect.stringMatching(/Bucket "data" has no lifecycle configuration/),
    ]);
  });

  it("reports a configuration whose rules are all disabled", async () => {
    expect(await messages([data, lifecycle(data, { status: "Disabled" })])).toEqual([
      'Bucket "data" has a lifecycle configuration (BucketLifecycleConfiguration "data-lifecycle") with no enabled rule.',
    ]);
    expect(await messages([bucket("data", { lifecycleRules: inlineRules({ enabled: false }) })])).toEqual([
      expect.stringMatching(/inline lifecycleRules of bucket "data"\) with no enabled rule/),
    ]);
  });

  it("reports a versioned bucket without noncurrent-version expiration (Enabled and Suspended)", async () => {
    for (const status of ["Enabled", "Suspended"]) {
      expect(await messages([data, versioning(data, status), lifecycle(data, { noncurrent: false })])).toEqual([
        `Bucket "data" is versioned (${status}) but no enabled lifecycle rule in BucketLifecycleConfiguration "data-lifecycle" expires noncurrent versions (noncurrentVersionExpiration), so deleted and overwritten objects are kept forever.`,
      ]);
    }
  });

  it("reports a missing abort of incomplete multipart uploads, separately from noncurrent expiration", async () => {
    const found = await messages([data, versioning(data), lifecycle(data, { noncurrent: false, abort: false })]);
    expect(found).toEqual([
      expect.stringMatching(/expires noncurrent versions/),
      'Bucket "data" has no enabled lifecycle rule in BucketLifecycleConfiguration "data-lifecycle" that aborts incomplete multipart uploads (abortIncompleteMultipartUpload.daysAfterInitiation).',
    ]);
  });

  it("does not count a disabled rule's settings or zero days", async () => {
    const inline = bucket("data", {
      versioning: { enabled: true },
      lifecycleRules: [
        ...inlineRules({ enabled: false }),
        {
          id: "on",
          enabled: true,
          expiration: { days: 1 },
          noncurrentVersionExpiration: { days: 0 },
          abortIncompleteMultipartUploadDays: 0,
        },
      ],
    });
    expect(await messages([inline])).toHaveLength(2);
  });

  it("lets config drop the noncurrent and multipart requirements", async () => {
    const resources = [data, versioning(data), lifecycle(data, { noncurrent: false, abort: false })];
    expect(
      await messages(resources, {
        requireNoncurrentVersionExpiration: false,
        requireAbortIncompleteMultipartUpload: false,
      }),
    ).toEqual([]);
  });

  it("needs the versioning state only when no rule expires noncurrent versions", async () => {
    const previewBucket = bucket("data", { versioning: UNKNOWN, lifecycleRules: UNKNOWN });
    expect(await runPolicy(s3LifecycleConfigured, [previewBucket, lifecycle(data)])).toEqual({ violations: [] });
    const run = await runPolicy(s3LifecycleConfigured, [previewBucket, lifecycle(data, { noncurrent: false })]);
    expect(run).toEqual({ violations: [], unknown: expect.stringMatching(/versioning/) });
  });

  it("is undecidable when a rule status is unknown, and waivable", async () => {
    expect(
      (await runPolicy(s3LifecycleConfigured, [data, lifecycle(data, { status: UNKNOWN })])).unknown,
    ).toBeDefined();
    expect((await runPolicy(s3LifecycleConfigured, [data], waiverFor("data"))).violations).toEqual([]);
  });
});
