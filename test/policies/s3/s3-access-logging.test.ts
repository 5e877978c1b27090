import { describe, expect, it } from "vitest";
import { S3 } from "../../../policies/lib/resource-types";
import { s3AccessLogging } from "../../../policies/s3/s3-access-logging";
import { runPolicy, UNKNOWN, urnFor, type FakeResource } from "../../helpers/policy-harness";
import {
  bucket,
  bucketPolicy,
  elbLogStatement,
  hardenedSet,
  logging,
  physicalName,
  replace,
  waiverFor,
} from "./fixtures";

const data = bucket("data");
const logs = bucket("logs");

async function messages(resources: FakeResource[]): Promise<string[]> {
  return (await runPolicy(s3AccessLogging, resources)).violations.map((v) => v.message);
}

describe("s3-access-logging", () => {
  it.each([
    ["split BucketLogging", () => [data, logs, logging(data, logs)]],
    [
      "BucketLoggingV2 related by value",
      () => [data, logs, { ...logging(data, logs, { v2: true }), propertyDependencies: {} }],
    ],
    ["inline Bucket logging", () => [bucket("data", { logging: { targetBucket: physicalName(logs) } }), logs]],
    [
      "inline BucketV2 loggings",
      () => [bucket("data", { loggings: [{ targetBucket: physicalName(logs) }] }, { type: S3.bucketV2 }), logs],
    ],
  ])("passes a data bucket with %s (the target is exempt as a log bucket)", async (_label, build) => {
    expect(await runPolicy(s3AccessLogging, build() as FakeResource[])).toEqual({ violations: [] });
  });

  it("exempts a bucket that only receives ALB access logs (policy grants the ELB account)", async () => {
    const arn = String(logs.props.arn);
    expect(await messages([logs, bucketPolicy(logs, [elbLogStatement(arn)])])).toEqual([]);
  });

  it("reports a data bucket without logging", async () => {
    expect(await messages([data])).toEqual([
      'Bucket "data" has no server access logging and is not a log bucket: add a BucketLogging with a targetBucket in the same region.',
    ]);
  });

  it("reports a replica bucket without logging (replicas are not exempt)", async () => {
    const { resources } = hardenedSet("prod");
    const withoutReplicaLogging = replace(resources, "replica-logging", undefined);
    expect(await messages(withoutReplicaLogging)).toEqual([
      expect.stringMatching(/^Bucket "replica" has no server access logging/),
    ]);
  });

  it("reports a bucket that logs to itself", async () => {
    expect(await messages([data, logging(data, data)])).toEqual([
      expect.stringMatching(/Bucket "data" delivers its server access logs to itself/),
    ]);
  });

  it("reports an inline logging block without a target", async () => {
    expect(await messages([bucket("data", { logging: { targetBucket: "" } })])).toHaveLength(1);
  });

  it("decides from property dependencies during preview; an unknown inline output without a split resource is undecidable", async () => {
    const previewData = bucket("data", { bucket: UNKNOWN, logging: UNKNOWN, policy: UNKNOWN });
    const previewLogs = bucket("logs", { bucket: UNKNOWN, logging: UNKNOWN, policy: UNKNOWN });
    const split = { ...logging(data, logs), props: { bucket: UNKNOWN, targetBucket: UNKNOWN } };
    expect(await runPolicy(s3AccessLogging, [previewData, previewLogs, split])).toEqual({ violations: [] });
    expect((await runPolicy(s3AccessLogging, [previewData])).unknown).toMatch(/logging/);
  });

  it("is undecidable when the only logging resource's bucket is unknown and unrelated", async () => {
    const mystery: FakeResource = {
      type: S3.logging,
      name: "mystery",
      urn: urnFor(S3.logging, "mystery"),
      props: { bucket: UNKNOWN, targetBucket: physicalName(logs) },
    };
    const run = await runPolicy(s3AccessLogging, [data, logs, mystery]);
    expect(run.violations).toEqual([]);
    expect(run.unknown).toBeDefined();
  });

  it("honours a waiver", async () => {
    expect((await runPolicy(s3AccessLogging, [data], waiverFor("data"))).violations).toEqual([]);
  });
});
