import { beforeAll, describe, expect, it } from "vitest";
import { AccessLogBucket } from "../../../components/storage/access-log-bucket";
import { startMockedRun, type MockedRun } from "../../helpers/pulumi-mocks";

const SOURCE_ARN = "arn:aws:s3:::resumes-bucket-abc";

describe("AccessLogBucket", () => {
  let run: MockedRun;

  beforeAll(async () => {
    run = await startMockedRun({ stack: "prod" });
    new AccessLogBucket("access-logs", {
      sources: [{ role: "resumes", bucketName: "resumes-bucket-abc", bucketArn: SOURCE_ARN }],
      accountId: "123456789012",
      retentionDays: 365,
      loadBalancerLogs: { prefix: "alb", principal: { AWS: "arn:aws:iam::127311923021:root" } },
      protection: "protected",
    });
    await run.settle();
  });

  it("uses SSE-S3, because S3 server access logging cannot deliver to SSE-KMS buckets", () => {
    const sse = run.inputs(
      run.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
    );
    expect(sse.rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    expect(run.resources("aws:kms/key:Key")).toHaveLength(0);
  });

  it("is private, ACL-less, versioned and protected", () => {
    expect(run.inputs(run.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"))).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(run.inputs(run.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls")).rule.objectOwnership).toBe(
      "BucketOwnerEnforced",
    );
    expect(run.inputs(run.one("aws:s3/bucketVersioning:BucketVersioning")).versioningConfiguration.status).toBe(
      "Enabled",
    );
    expect(run.one("aws:s3/bucket:Bucket").protect).toBe(true);
  });

  it("grants log delivery to the S3 logging service for exactly the source bucket and account", () => {
    const policy = run.json(run.one("aws:s3/bucketPolicy:BucketPolicy"), "policy");
    const arn = run.outputs(run.one("aws:s3/bucket:Bucket")).arn;
    expect(policy.Statement).toContainEqual({
      Sid: "S3ServerAccessLogsFromResumes",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${arn}/resumes/*`,
      Condition: { ArnLike: { "aws:SourceArn": SOURCE_ARN }, StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
  });

  it("grants the regional load-balancer account delivery under its prefix only", () => {
    const policy = run.json(run.one("aws:s3/bucketPolicy:BucketPolicy"), "policy");
    const arn = run.outputs(run.one("aws:s3/bucket:Bucket")).arn;
    const elb = policy.Statement.find((s: { Sid: string }) => s.Sid === "LoadBalancerAccessLogs");
    expect(elb).toEqual({
      Sid: "LoadBalancerAccessLogs",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::127311923021:root" },
      Action: "s3:PutObject",
      Resource: `${arn}/alb/AWSLogs/123456789012/*`,
    });
  });

  it("keeps the TLS-only guard", () => {
    const policy = run.json(run.one("aws:s3/bucketPolicy:BucketPolicy"), "policy");
    expect(policy.Statement[0]).toMatchObject({ Sid: "DenyInsecureTransport", Effect: "Deny" });
  });

  it("turns on logging for the source into its prefix, after the delivery grant exists", () => {
    const logging = run.one("aws:s3/bucketLogging:BucketLogging");
    expect(run.inputs(logging)).toMatchObject({
      bucket: "resumes-bucket-abc",
      targetBucket: run.outputs(run.one("aws:s3/bucket:Bucket")).bucket,
      targetPrefix: "resumes/",
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
    });
    expect(logging.dependencies).toContain(run.one("aws:s3/bucketPolicy:BucketPolicy").urn);
    expect(run.parentTypes(logging)).toEqual(["starscreen:storage:AccessLogBucket"]);
  });

  it("expires logs after the retention and cleans up versions and markers", () => {
    const rules = run.inputs(run.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")).rules;
    expect(rules).toEqual([
      {
        id: "expire-logs",
        status: "Enabled",
        filter: {},
        expiration: { days: 365 },
        noncurrentVersionExpiration: { noncurrentDays: 7 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
      },
      {
        id: "remove-expired-delete-markers",
        status: "Enabled",
        filter: {},
        expiration: { expiredObjectDeleteMarker: true },
      },
    ]);
  });
});

describe("AccessLogBucket argument errors", () => {
  it("rejects a non-positive retention with the argument name and value", async () => {
    await startMockedRun();
    expect(
      () =>
        new AccessLogBucket("bad", {
          sources: [{ role: "x", bucketName: "b", bucketArn: "arn:aws:s3:::b" }],
          accountId: "1",
          retentionDays: 0,
        }),
    ).toThrow("AccessLogBucket bad: retentionDays must be an integer >= 1, got 0");
  });

  it("rejects a log bucket that nothing logs to", async () => {
    await startMockedRun();
    expect(() => new AccessLogBucket("empty", { sources: [], accountId: "1", retentionDays: 30 })).toThrow(
      /at least one source/,
    );
  });
});
