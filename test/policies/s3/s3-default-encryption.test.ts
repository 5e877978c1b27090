import { describe, expect, it } from "vitest";
import { S3 } from "../../../policies/lib/resource-types";
import { s3BucketKeyEnabled } from "../../../policies/s3/s3-bucket-key-enabled";
import { s3DefaultEncryption } from "../../../policies/s3/s3-default-encryption";
import { runPolicy, UNKNOWN, type FakeResource } from "../../helpers/policy-harness";
import { bucket, bucketPolicy, kmsKey, logDeliveryStatement, logging, sseKms, sseS3, waiverFor } from "./fixtures";

const data = bucket("data");
const logs = bucket("logs");
const key = kmsKey("data-key");
const prod = { environment: "prod" };
const dev = { environment: "dev" };

function messages(run: { violations: { message: string }[] }): string[] {
  return run.violations.map((v) => v.message);
}

describe("s3-default-encryption: presence (every environment)", () => {
  it.each([
    ["split SSE-S3", () => [data, sseS3(data)]],
    ["split V2 SSE-S3", () => [data, sseS3(data, { v2: true })]],
    ["split SSE-KMS", () => [key, data, sseKms(data, key)]],
    [
      "inline Bucket serverSideEncryptionConfiguration.rule",
      () => [
        bucket("data", {
          serverSideEncryptionConfiguration: {
            rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
          },
        }),
      ],
    ],
    [
      "inline Bucket block as one-element lists",
      () => [
        bucket("data", {
          serverSideEncryptionConfiguration: [
            { rule: [{ applyServerSideEncryptionByDefault: [{ sseAlgorithm: "AES256" }] }] },
          ],
        }),
      ],
    ],
    [
      "inline BucketV2 serverSideEncryptionConfigurations",
      () => [
        bucket(
          "data",
          {
            serverSideEncryptionConfigurations: [
              {
                rules: [
                  { applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: "k" }] },
                ],
              },
            ],
          },
          { type: S3.bucketV2 },
        ),
      ],
    ],
  ])("passes %s in dev", async (_label, build) => {
    expect((await runPolicy(s3DefaultEncryption, build(), dev)).violations).toEqual([]);
  });

  it("reports a bucket without default encryption", async () => {
    expect(messages(await runPolicy(s3DefaultEncryption, [data], dev))).toEqual([
      expect.stringMatching(/Bucket "data" has no default encryption configuration/),
    ]);
  });

  it("reports a configuration without an applyServerSideEncryptionByDefault rule", async () => {
    const empty = { ...sseS3(data), props: { bucket: data.props.bucket, rules: [{ bucketKeyEnabled: true }] } };
    expect(messages(await runPolicy(s3DefaultEncryption, [data, empty], dev))).toEqual([
      expect.stringMatching(/without an applyServerSideEncryptionByDefault rule/),
    ]);
  });

  it.each(["aws:fake", 256, ""])("reports the unsupported algorithm %s", async (algorithm) => {
    const run = await runPolicy(s3DefaultEncryption, [data, sseS3(data, { algorithm })], dev);
    expect(messages(run)).toEqual([expect.stringContaining(`unsupported sseAlgorithm ${JSON.stringify(algorithm)}`)]);
  });
});

describe("s3-default-encryption: production data buckets need a customer-managed KMS key", () => {
  it.each([
    ["aws:kms with a key", () => [key, data, sseKms(data, key)]],
    [
      "aws:kms:dsse with a key",
      () => [
        data,
        {
          ...sseS3(data, { algorithm: "aws:kms:dsse" }),
          props: {
            bucket: data.props.bucket,
            rules: [
              {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: "aws:kms:dsse",
                  kmsMasterKeyId: "arn:aws:kms:us-east-1:1:key/x",
                },
              },
            ],
          },
        },
      ],
    ],
    ["an unknown key id computed from a KMS key (preview)", () => [key, data, sseKms(data, key, { keyId: UNKNOWN })]],
  ])("passes %s", async (_label, build) => {
    expect(await runPolicy(s3DefaultEncryption, build() as FakeResource[], prod)).toEqual({ violations: [] });
  });

  it("reports SSE-S3 on a data bucket, and prod is the default reading", async () => {
    for (const config of [prod, {}]) {
      expect(messages(await runPolicy(s3DefaultEncryption, [data, sseS3(data)], config))).toEqual([
        'Bucket "data" is a production data bucket that is encrypted with "AES256" (SSE-S3) (BucketServerSideEncryptionConfiguration "data-sse"); it must use SSE-KMS ("aws:kms" or "aws:kms:dsse") with a customer-managed KMS key in kmsMasterKeyId.',
      ]);
    }
  });

  it("reports aws:kms without a key id, and with the AWS-managed alias", async () => {
    const noKey = await runPolicy(s3DefaultEncryption, [data, sseKms(data, key, { keyId: "" })], prod);
    expect(messages(noKey)).toEqual([
      expect.stringMatching(/uses "aws:kms" without a kmsMasterKeyId \(the AWS-managed aws\/s3 key\)/),
    ]);
    const managed = await runPolicy(s3DefaultEncryption, [data, sseKms(data, key, { keyId: "alias/aws/s3" })], prod);
    expect(messages(managed)).toEqual([expect.stringMatching(/uses the AWS-managed key "alias\/aws\/s3"/)]);
  });

  it("reports inline SSE-S3 on a BucketV2 data bucket", async () => {
    const v2 = bucket(
      "legacy",
      {
        serverSideEncryptionConfigurations: [
          { rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "AES256" }] }] },
        ],
      },
      { type: S3.bucketV2 },
    );
    expect(messages(await runPolicy(s3DefaultEncryption, [v2], prod))).toEqual([
      expect.stringMatching(/Bucket "legacy" is a production data bucket .*inline encryption of bucket "legacy"/),
    ]);
  });

  it("allows SSE-S3 on log buckets: a logging target, or a bucket granting log delivery", async () => {
    const viaTarget = [data, key, sseKms(data, key), logs, sseS3(logs), logging(data, logs)];
    expect((await runPolicy(s3DefaultEncryption, viaTarget, prod)).violations).toEqual([]);
    const arn = String(logs.props.arn);
    const viaPolicy = [logs, sseS3(logs), bucketPolicy(logs, [logDeliveryStatement(arn, [])])];
    expect((await runPolicy(s3DefaultEncryption, viaPolicy, prod)).violations).toEqual([]);
  });

  it("is undecidable when the key id is unknown and not computed from a KMS key, or the algorithm is unknown", async () => {
    const odd = sseKms(data, key, { keyId: UNKNOWN });
    odd.propertyDependencies = { bucket: [String(data.urn)] };
    expect(await runPolicy(s3DefaultEncryption, [data, odd], prod)).toEqual({
      violations: [],
      unknown: expect.stringMatching(/kmsMasterKeyId/),
    });
    expect((await runPolicy(s3DefaultEncryption, [data, sseS3(data, { algorithm: UNKNOWN })], dev)).unknown).toMatch(
      /sseAlgorithm/,
    );
  });

  it("is undecidable for SSE-S3 when whether it is a log bucket depends on an unknown policy", async () => {
    const policy = bucketPolicy(data, []);
    const run = await runPolicy(
      s3DefaultEncryption,
      [data, sseS3(data), { ...policy, props: { ...policy.props, policy: UNKNOWN } }],
      prod,
    );
    expect(run).toEqual({ violations: [], unknown: expect.stringMatching(/policy/) });
  });

  it("honours a waiver", async () => {
    expect(
      (await runPolicy(s3DefaultEncryption, [data, sseS3(data)], { ...prod, ...waiverFor("data") })).violations,
    ).toEqual([]);
  });
});

describe("s3-bucket-key-enabled (advisory)", () => {
  it("passes aws:kms with bucketKeyEnabled, SSE-S3 and DSSE-KMS (no bucket keys)", async () => {
    const run = await runPolicy(s3BucketKeyEnabled, [
      sseKms(data, key),
      sseS3(bucket("b")),
      { ...sseS3(bucket("c"), { algorithm: "aws:kms:dsse" }) },
    ]);
    expect(run.violations).toEqual([]);
  });

  it("reports aws:kms without bucket keys (split, V2, inline) without needing the key id", async () => {
    const split = sseKms(data, key, { keyId: UNKNOWN });
    (split.props.rules as Record<string, unknown>[])[0].bucketKeyEnabled = false;
    const v2 = { ...split, name: "v2-sse", type: S3.encryptionV2 };
    const inline = bucket("inline", {
      serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } },
    });
    const run = await runPolicy(s3BucketKeyEnabled, [split, v2, inline]);
    expect(run.unknown).toBeUndefined();
    expect(messages(run)).toEqual([
      'Default encryption in BucketServerSideEncryptionConfiguration "data-sse" uses "aws:kms" without bucketKeyEnabled: true (S3 Bucket Keys).',
      'Default encryption in BucketServerSideEncryptionConfigurationV2 "v2-sse" uses "aws:kms" without bucketKeyEnabled: true (S3 Bucket Keys).',
      'Default encryption in the inline encryption of bucket "inline" uses "aws:kms" without bucketKeyEnabled: true (S3 Bucket Keys).',
    ]);
  });

  it("is undecidable when the algorithm is unknown, and waivable", async () => {
    expect((await runPolicy(s3BucketKeyEnabled, sseS3(data, { algorithm: UNKNOWN }))).unknown).toBeDefined();
    const split = sseKms(data, key);
    (split.props.rules as Record<string, unknown>[])[0].bucketKeyEnabled = undefined;
    expect((await runPolicy(s3BucketKeyEnabled, split, waiverFor("data-sse"))).violations).toEqual([]);
  });
});
