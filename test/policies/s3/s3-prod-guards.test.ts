import { describe, expect, it } from "vitest";
import { S3 } from "../../../policies/lib/resource-types";
import { s3NoForceDestroyProd } from "../../../policies/s3/s3-no-force-destroy-prod";
import { s3ProdDataBucketProtected } from "../../../policies/s3/s3-prod-data-bucket-protected";
import { s3ReplicationProd } from "../../../policies/s3/s3-replication-prod";
import { runPolicy, UNKNOWN, urnFor, type FakeResource } from "../../helpers/policy-harness";
import {
  bucket,
  bucketPolicy,
  child,
  hardenedSet,
  logDeliveryStatement,
  logging,
  replace,
  waiverFor,
} from "./fixtures";

const source = bucket("source");
const replica = bucket("replica");
const logs = bucket("logs");
const prod = { environment: "prod" };

function replication(status = "Enabled", options: { viaValue?: boolean } = {}): FakeResource {
  return child(
    S3.replication,
    "source-replication",
    source,
    {
      role: "arn:aws:iam::111122223333:role/r",
      rules: [{ id: "all", status, destination: { bucket: String(replica.props.arn) } }],
    },
    options.viaValue ? { link: "value" } : { extraDeps: { rules: [String(replica.urn)] } },
  );
}

describe("s3-replication-prod", () => {
  it("passes a source with an enabled rule; its destination and log buckets are exempt", async () => {
    const run = await runPolicy(
      s3ReplicationProd,
      [source, replica, logs, replication(), logging(source, logs), logging(replica, logs)],
      prod,
    );
    expect(run).toEqual({ violations: [] });
  });

  it("relates the destination by ARN value too", async () => {
    expect(
      (await runPolicy(s3ReplicationProd, [source, replica, replication("Enabled", { viaValue: true })], prod))
        .violations,
    ).toEqual([]);
  });

  it.each([
    [
      "inline Bucket replicationConfiguration",
      bucket("source", {
        replicationConfiguration: {
          role: "r",
          rules: [{ status: "Enabled", destination: { bucket: String(replica.props.arn) } }],
        },
      }),
    ],
    [
      "inline BucketV2 replicationConfigurations",
      bucket(
        "source",
        {
          replicationConfigurations: [
            { role: "r", rules: [{ status: "Enabled", destinations: [{ bucket: String(replica.props.arn) }] }] },
          ],
        },
        { type: S3.bucketV2 },
      ),
    ],
  ])("passes %s", async (_label, inline) => {
    expect((await runPolicy(s3ReplicationProd, [inline, replica], prod)).violations).toEqual([]);
  });

  it("reports a data bucket without replication", async () => {
    expect((await runPolicy(s3ReplicationProd, [source], prod)).violations.map((v) => v.message)).toEqual([
      'Bucket "source" is a production data bucket without replication: add a BucketReplicationConfig with an enabled rule to a bucket in another region.',
    ]);
  });

  it("reports a configuration whose rules are disabled (and the destination stays exempt)", async () => {
    const run = await runPolicy(s3ReplicationProd, [source, replica, replication("Disabled")], prod);
    expect(run.violations.map((v) => v.message)).toEqual([
      'Bucket "source" has a replication configuration (BucketReplicationConfig "source-replication") with no enabled rule; production data buckets must replicate to another region.',
    ]);
  });

  it("exempts a bucket whose policy grants log delivery", async () => {
    const arn = String(logs.props.arn);
    expect(
      (await runPolicy(s3ReplicationProd, [logs, bucketPolicy(logs, [logDeliveryStatement(arn, [])])], prod))
        .violations,
    ).toEqual([]);
  });

  it("does not run in dev", async () => {
    expect(await runPolicy(s3ReplicationProd, [source], { environment: "dev" })).toEqual({ violations: [] });
  });

  it("decides during preview from property dependencies; unknown rule status is undecidable", async () => {
    const previewSource = bucket("source", { bucket: UNKNOWN, replicationConfiguration: UNKNOWN });
    const previewReplica = bucket("replica", { bucket: UNKNOWN, replicationConfiguration: UNKNOWN, policy: UNKNOWN });
    const config = replication();
    config.props = { bucket: UNKNOWN, rules: [{ status: "Enabled", destination: { bucket: UNKNOWN } }] };
    expect(await runPolicy(s3ReplicationProd, [previewSource, previewReplica, config], prod)).toEqual({
      violations: [],
    });
    const unknownStatus = replication(UNKNOWN);
    expect((await runPolicy(s3ReplicationProd, [source, replica, unknownStatus], prod)).unknown).toBeDefined();
  });

  it("honours a waiver", async () => {
    expect((await runPolicy(s3ReplicationProd, [source], { ...prod, ...waiverFor("source") })).violations).toEqual([]);
  });
});

describe("s3-prod-data-bucket-protected", () => {
  it("passes the hardened prod set (data and replica protected, log buckets not required)", async () => {
    expect(await runPolicy(s3ProdDataBucketProtected, hardenedSet("prod").resources, prod)).toEqual({ violations: [] });
  });

  it("reports an unprotected data bucket and an unprotected replica", async () => {
    const set = hardenedSet("prod");
    const unprotected = replace(replace(set.resources, "resumes", { ...set.resumes, protect: false }), "replica", {
      ...(set.replica as FakeResource),
      protect: undefined,
    });
    const run = await runPolicy(s3ProdDataBucketProtected, unprotected, prod);
    expect(run.violations).toEqual([
      {
        message: 'Bucket "resumes" is a production data bucket but is not protected (opts.protect is not true).',
        urn: set.resumes.urn,
      },
      {
        message: 'Bucket "replica" is a production replica bucket but is not protected (opts.protect is not true).',
        urn: (set.replica as FakeResource).urn,
      },
    ]);
  });

  it("does not run in dev, and is waivable", async () => {
    expect(await runPolicy(s3ProdDataBucketProtected, [source], { environment: "dev" })).toEqual({ violations: [] });
    expect(
      (await runPolicy(s3ProdDataBucketProtected, [source], { ...prod, ...waiverFor("source") })).violations,
    ).toEqual([]);
  });

  it("is undecidable when whether an unprotected bucket is a log bucket depends on an unknown policy", async () => {
    const pending = { ...bucketPolicy(source, []), props: { bucket: "x", policy: UNKNOWN } };
    expect(await runPolicy(s3ProdDataBucketProtected, [source, pending], prod)).toEqual({
      violations: [],
      unknown: expect.stringMatching(/policy/),
    });
  });
});

describe("s3-no-force-destroy-prod", () => {
  it("passes buckets without forceDestroy or with false", async () => {
    expect(
      (await runPolicy(s3NoForceDestroyProd, [bucket("a"), bucket("b", { forceDestroy: false })], prod)).violations,
    ).toEqual([]);
  });

  it.each([
    ["Bucket", S3.bucket, true],
    ["BucketV2", S3.bucketV2, "true"],
  ])("reports forceDestroy on a %s", async (_label, type, value) => {
    const run = await runPolicy(s3NoForceDestroyProd, { type, name: "data", props: { forceDestroy: value } }, prod);
    expect(run.violations).toEqual([
      {
        message: `Bucket "data" sets forceDestroy = true in production: a destroy or replacement would delete every object and version.`,
        urn: urnFor(type, "data"),
      },
    ]);
  });

  it("allows forceDestroy in dev, is undecidable when unknown, and is waivable", async () => {
    const resource = { type: S3.bucket, name: "data", props: { forceDestroy: true } };
    expect((await runPolicy(s3NoForceDestroyProd, resource, { environment: "dev" })).violations).toEqual([]);
    expect(
      (await runPolicy(s3NoForceDestroyProd, { ...resource, props: { forceDestroy: UNKNOWN } }, prod)).unknown,
    ).toBeDefined();
    expect((await runPolicy(s3NoForceDestroyProd, resource, { ...prod, ...waiverFor("data") })).violations).toEqual([]);
  });
});
