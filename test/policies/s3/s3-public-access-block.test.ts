import { beforeEach, describe, expect, it } from "vitest";
import { S3 } from "../../../policies/lib/resource-types";
import { appliedWaivers, resetAppliedWaivers } from "../../../policies/lib/waivers";
import { s3AccessPointPublicAccessBlock } from "../../../policies/s3/s3-access-point-public-access-block";
import { s3AccountPublicAccessBlock } from "../../../policies/s3/s3-account-public-access-block";
import { s3PublicAccessBlock } from "../../../policies/s3/s3-public-access-block";
import { runPolicy, UNKNOWN, urnFor } from "../../helpers/policy-harness";
import { allTrue, bucket, publicAccessBlock, waiverFor } from "./fixtures";

const data = bucket("data");

describe("s3-public-access-block", () => {
  beforeEach(() => resetAppliedWaivers());

  it("passes a bucket with a block setting all four flags (v7 Bucket and BucketV2)", async () => {
    const v2 = bucket("legacy", {}, { type: S3.bucketV2 });
    const run = await runPolicy(s3PublicAccessBlock, [data, publicAccessBlock(data), v2, publicAccessBlock(v2)]);
    expect(run.violations).toEqual([]);
  });

  it("accepts string booleans and relates the block by value only", async () => {
    const flags = {
      blockPublicAcls: "true",
      blockPublicPolicy: "true",
      ignorePublicAcls: "true",
      restrictPublicBuckets: "true",
    };
    const run = await runPolicy(s3PublicAccessBlock, [data, publicAccessBlock(data, flags, { link: "value" })]);
    expect(run.violations).toEqual([]);
  });

  it("reports a bucket without a block, on the bucket's URN", async () => {
    const run = await runPolicy(s3PublicAccessBlock, [data]);
    expect(run.violations).toEqual([
      { message: expect.stringMatching(/Bucket "data" has no BucketPublicAccessBlock/), urn: data.urn },
    ]);
  });

  it("reports a BucketV2 whose only block belongs to another bucket", async () => {
    const v2 = bucket("legacy", {}, { type: S3.bucketV2 });
    const run = await runPolicy(s3PublicAccessBlock, [v2, data, publicAccessBlock(data)]);
    expect(run.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/Bucket "legacy" has no BucketPublicAccessBlock/),
    ]);
  });

  it.each([
    ["blockPublicAcls", false],
    ["blockPublicPolicy", false],
    ["ignorePublicAcls", undefined],
    ["restrictPublicBuckets", "false"],
  ])("names the flag %s when it is %s", async (flag, value) => {
    const flags: Record<string, unknown> = { ...allTrue };
    if (value === undefined) delete flags[flag];
    else flags[flag] = value;
    const run = await runPolicy(s3PublicAccessBlock, [data, publicAccessBlock(data, flags)]);
    expect(run.violations).toHaveLength(1);
    expect(run.violations[0].message).toMatch(new RegExp(`"data-pab" of bucket "data" does not set ${flag} to true`));
    expect(run.violations[0].message).toContain(`${flag} = ${value === undefined ? "unset" : JSON.stringify(value)}`);
  });

  it("names every missing flag", async () => {
    const run = await runPolicy(s3PublicAccessBlock, [data, publicAccessBlock(data, { blockPublicAcls: true })]);
    expect(run.violations[0].message).toMatch(
      /does not set blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets to true/,
    );
  });

  it("cannot decide during preview when a flag is unknown, and still reports the other buckets", async () => {
    const other = bucket("other");
    const run = await runPolicy(s3PublicAccessBlock, [
      data,
      publicAccessBlock(data, { ...allTrue, blockPublicPolicy: UNKNOWN }),
      other,
    ]);
    expect(run.unknown).toMatch(/blockPublicPolicy/);
    expect(run.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/"other" has no BucketPublicAccessBlock/),
    ]);
  });

  it("does not report a missing block when an unresolved block (unknown bucket, no dependency) may be this bucket's", async () => {
    const mystery = { type: S3.publicAccessBlock, name: "mystery", props: { bucket: UNKNOWN, ...allTrue } };
    const run = await runPolicy(s3PublicAccessBlock, [data, mystery]);
    expect(run.violations).toEqual([]);
    expect(run.unknown).toBeDefined();
  });

  it("relates the block through propertyDependencies during preview (bucket name unknown)", async () => {
    const preview = { ...data, props: { bucket: UNKNOWN, id: UNKNOWN, arn: UNKNOWN } };
    const run = await runPolicy(s3PublicAccessBlock, [preview, publicAccessBlock(data, allTrue, { link: "depsOnly" })]);
    expect(run).toEqual({ violations: [] });
  });

  it("honours a waiver and records it", async () => {
    const run = await runPolicy(s3PublicAccessBlock, [data], waiverFor("*::data"));
    expect(run.violations).toEqual([]);
    expect(appliedWaivers()).toEqual([expect.objectContaining({ policy: "s3-public-access-block", urn: data.urn })]);
  });

  it("ignores a waiver without a real justification", async () => {
    const run = await runPolicy(s3PublicAccessBlock, [data], {
      waivers: [{ resource: "*", justification: "because" }],
    });
    expect(run.violations).toHaveLength(1);
  });
});

describe("s3-account-public-access-block", () => {
  const type = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";

  it("passes when all four flags are true", async () => {
    expect(
      (await runPolicy(s3AccountPublicAccessBlock, { type, name: "account", props: { ...allTrue } })).violations,
    ).toEqual([]);
  });

  it("reports omitted flags (they default to false) and false flags", async () => {
    const run = await runPolicy(s3AccountPublicAccessBlock, {
      type,
      name: "account",
      props: { blockPublicAcls: true, blockPublicPolicy: false },
    });
    expect(run.violations.map((v) => v.message)).toEqual([
      'AccountPublicAccessBlock "account" does not set blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets to true (found blockPublicPolicy = false, ignorePublicAcls = unset, restrictPublicBuckets = unset).',
    ]);
  });

  it("is undecidable when a flag is unknown, and waivable", async () => {
    expect(
      (
        await runPolicy(s3AccountPublicAccessBlock, {
          type,
          name: "account",
          props: { ...allTrue, ignorePublicAcls: UNKNOWN },
        })
      ).unknown,
    ).toBeDefined();
    const waived = await runPolicy(
      s3AccountPublicAccessBlock,
      { type, name: "account", props: {} },
      waiverFor(urnFor(type, "account")),
    );
    expect(waived.violations).toEqual([]);
  });
});

describe("s3-access-point-public-access-block", () => {
  const type = "aws:s3/accessPoint:AccessPoint";

  it("passes when the block is omitted (all flags default to true) or all true", async () => {
    expect(
      (await runPolicy(s3AccessPointPublicAccessBlock, { type, name: "ap", props: { bucket: "b" } })).violations,
    ).toEqual([]);
    expect(
      (
        await runPolicy(s3AccessPointPublicAccessBlock, {
          type,
          name: "ap",
          props: { publicAccessBlockConfiguration: { ...allTrue } },
        })
      ).violations,
    ).toEqual([]);
  });

  it("reports flags turned off", async () => {
    const run = await runPolicy(s3AccessPointPublicAccessBlock, {
      type,
      name: "ap",
      props: { publicAccessBlockConfiguration: { blockPublicPolicy: false, restrictPublicBuckets: "false" } },
    });
    expect(run.violations.map((v) => v.message)).toEqual([
      'Access point "ap" sets blockPublicPolicy, restrictPublicBuckets to false in publicAccessBlockConfiguration.',
    ]);
  });

  it("is undecidable when a flag is unknown, and waivable", async () => {
    const unknown = await runPolicy(s3AccessPointPublicAccessBlock, {
      type,
      name: "ap",
      props: { publicAccessBlockConfiguration: { blockPublicAcls: UNKNOWN } },
    });
    expect(unknown.unknown).toBeDefined();
    const waived = await runPolicy(
      s3AccessPointPublicAccessBlock,
      { type, name: "ap", props: { publicAccessBlockConfiguration: { blockPublicAcls: false } } },
      waiverFor("ap"),
    );
    expect(waived.violations).toEqual([]);
  });
});
