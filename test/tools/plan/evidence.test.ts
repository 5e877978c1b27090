/** The data-erasure window and the per-resource evidence lines of the compliance report. */
import { describe, expect, it } from "vitest";
import { dataErasure, evidenceFor, relatedTo } from "../../../tools/plan/evidence";
import type { ReportResource } from "../../../tools/plan/report-types";

let n = 0;
function res(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown> = {},
  extra: Partial<ReportResource> = {},
): ReportResource {
  n++;
  return {
    urn: `urn:pulumi:t::p::${type}::${name}`,
    type,
    name,
    custom: true,
    remote: false,
    synthesized: false,
    protect: false,
    retainOnDelete: false,
    dependencies: [],
    propertyDependencies: {},
    inputs,
    outputs,
    stack: [],
    id: `${name}-${n}`,
    ...extra,
  };
}

const BUCKET = "aws:s3/bucket:Bucket";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

function bucketWith(
  name: string,
  opts: { versioned: boolean; expire?: number; noncurrent?: number },
): ReportResource[] {
  const b = res(BUCKET, name, {}, { bucket: `${name}-abc`, arn: `arn:aws:s3:::${name}-abc` });
  const out = [b];
  if (opts.versioned)
    out.push(
      res(
        VERSIONING,
        `${name}-v`,
        { bucket: `${name}-abc`, versioningConfiguration: { status: "Enabled" } },
        {},
        { propertyDependencies: { bucket: [b.urn] } },
      ),
    );
  const rules: Record<string, unknown>[] = [];
  if (opts.expire !== undefined)
    rules.push({ id: "expire", status: "Enabled", filter: { prefix: "resumes/" }, expiration: { days: opts.expire } });
  if (opts.noncurrent !== undefined)
    rules.push({
      id: "noncurrent",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays: opts.noncurrent },
    });
  if (rules.length)
    out.push(
      res(LIFECYCLE, `${name}-lc`, { bucket: `${name}-abc`, rules }, {}, { propertyDependencies: { bucket: [b.urn] } }),
    );
  return out;
}

function replication(source: ReportResource, dest: ReportResource, deletes: boolean): ReportResource {
  return res(
    REPLICATION,
    "rep",
    {
      bucket: source.outputs.bucket,
      rules: [
        {
          id: "r",
          status: "Enabled",
          destination: { bucket: dest.outputs.arn },
          deleteMarkerReplication: { status: deletes ? "Enabled" : "Disabled" },
        },
      ],
    },
    {},
    { propertyDependencies: { bucket: [source.urn] } },
  );
}

describe("data-erasure window", () => {
  it("is the noncurrent expiry plus a day on a versioned bucket, matching a declared figure", () => {
    const e = dataErasure(bucketWith("data", { versioned: true, expire: 90, noncurrent: 30 }), {
      dataErasureWindowDays: 31,
    })!;
    expect(e).toMatchObject({ windowDays: 31, declaredWindowDays: 31, consistent: true });
    expect(e.copies).toEqual([
      expect.objectContaining({
        role: "source",
        currentExpirationDays: 90,
        noncurrentExpirationDays: 30,
        windowDays: 31,
      }),
    ]);
  });

  it("is forever when a versioned bucket never expires noncurrent versions, and says the declared figure disagrees", () => {
    const e = dataErasure(bucketWith("data", { versioned: true, expire: 90 }), { dataErasureWindowDays: 31 })!;
    expect(e.windowDays).toBeUndefined();
    expect(e.consistent).toBe(false);
    expect(e.copies[0].explanation).toMatch(/stays as a noncurrent version forever/);
  });

  it("counts a replica by its own lifecycle when deletes are not replicated", () => {
    const source = bucketWith("data", { versioned: true, expire: 90, noncurrent: 30 });
    const replica = bucketWith("replica", { versioned: true, expire: 90, noncurrent: 30 });
    const e = dataErasure([...source, ...replica, replication(source[0], replica[0], false)], {})!;
    expect(e.copies.map((c) => [c.role, c.windowDays])).toEqual([
      ["source", 31],
      ["replica", 121],
    ]);
    expect(e.windowDays).toBe(121);
  });

  it("counts a replica by its noncurrent expiry when delete markers replicate", () => {
    const source = bucketWith("data", { versioned: true, expire: 90, noncurrent: 30 });
    const replica = bucketWith("replica", { versioned: true, expire: 90, noncurrent: 10 });
    const e = dataErasure([...source, ...replica, replication(source[0], replica[0], true)], {})!;
    expect(e.copies.find((c) => c.role === "replica")).toMatchObject({ deletesReplicated: true, windowDays: 11 });
    expect(e.windowDays).toBe(31);
  });

  it("is zero days on an unversioned bucket, and absent when there is no data bucket", () => {
    expect(dataErasure(bucketWith("data", { versioned: false, expire: 30 }), {})!.windowDays).toBe(0);
    expect(dataErasure([res("aws:kms/key:Key", "k", {})], {})).toBeUndefined();
  });
});

describe("evidence lines", () => {
  it("describe lifecycle rules with their days, TLS-deny statements and key settings", () => {
    const [, , lc] = bucketWith("data", { versioned: true, expire: 90, noncurrent: 30 });
    expect(evidenceFor(lc)).toBe(
      'rule "expire" (Enabled, prefix resumes/): expire current objects after 90 days; rule "noncurrent" (Enabled): delete noncurrent versions after 30 days',
    );
    const policy = res("aws:s3/bucketPolicy:BucketPolicy", "p", {
      policy: JSON.stringify({
        Statement: [
          { Sid: "DenyInsecureTransport", Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ],
      }),
    });
    expect(evidenceFor(policy)).toMatch(/^TLS-deny statement "DenyInsecureTransport"/);
    expect(evidenceFor(res("aws:kms/key:Key", "k", { enableKeyRotation: true, deletionWindowInDays: 30 }))).toMatch(
      /^rotation on, deletion window 30 days/,
    );
  });

  it("relate guardrails to the resource kinds they check, by name first, then by service", () => {
    expect(relatedTo({ name: "s3-lifecycle-configured", service: "s3" })(LIFECYCLE)).toBe(true);
    expect(relatedTo({ name: "s3-lifecycle-configured", service: "s3" })(BUCKET)).toBe(false);
    expect(
      relatedTo({ name: "s3-account-public-access-block", service: "s3" })(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      ),
    ).toBe(false);
    expect(relatedTo({ name: "something-new", service: "ecs" })("aws:ecs/service:Service")).toBe(true);
  });
});
