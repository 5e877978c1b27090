import { beforeAll, describe, expect, it } from "vitest";
import { ResumesBucket } from "../../../components/storage/resumes-bucket";
import { startMockedRun, valueOf, type MockedRun } from "../../helpers/pulumi-mocks";

const API_ROLE = "arn:aws:iam::123456789012:role/api-task";
const WORKER_ROLE = "arn:aws:iam::123456789012:role/worker-task";

describe("ResumesBucket with KMS (prod-like)", () => {
  let run: MockedRun;
  let bucket: ResumesBucket;

  beforeAll(async () => {
    run = await startMockedRun({ stack: "prod" });
    bucket = new ResumesBucket("resumes", {
      encryption: "kms",
      accountId: "123456789012",
      partition: "aws",
      region: "us-east-1",
      retentionDays: 90,
      noncurrentRetentionDays: 30,
      abortIncompleteUploadDays: 7,
      dataAccessRoleArns: [API_ROLE, WORKER_ROLE],
      corsAllowedOrigins: ["https://app.example.com"],
      transferAcceleration: true,
      keyDeletionWindowInDays: 30,
      protection: "protected",
    });
    await run.settle();
  });

  it("creates one bucket, protected and retained on delete, without forceDestroy", () => {
    const b = run.one("aws:s3/bucket:Bucket");
    expect(b.protect).toBe(true);
    expect(b.retainOnDelete).toBe(true);
    expect(run.inputs(b).forceDestroy).toBe(false);
    expect(run.parentTypes(b)).toEqual(["starscreen:storage:HardenedBucket", "starscreen:storage:ResumesBucket"]);
    expect(b.name).toBe("resumes-bucket");
  });

  it("disables ACLs and blocks all public access", () => {
    expect(run.inputs(run.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls")).rule).toEqual({
      objectOwnership: "BucketOwnerEnforced",
    });
    const pab = run.inputs(run.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"));
    expect(pab).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  });

  it("encrypts by default with its own rotating KMS key and a bucket key", async () => {
    const key = run.one("aws:kms/key:Key");
    const keyInputs = run.inputs(key);
    expect(keyInputs).toMatchObject({
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
    });
    expect(key.protect && key.retainOnDelete).toBe(true);
    const keyArn = run.outputs(key).arn;
    expect(keyArn).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\//);
    const sse = run.inputs(
      run.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
    );
    expect(sse.rules).toEqual([
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
        bucketKeyEnabled: true,
      },
    ]);
    expect(await valueOf(bucket.kmsKeyArn)).toBe(keyArn);
  });

  it("enables versioning", () => {
    expect(run.inputs(run.one("aws:s3/bucketVersioning:BucketVersioning")).versioningConfiguration).toEqual({
      status: "Enabled",
    });
  });

  it("expires resumes, erases noncurrent versions, removes delete markers and aborts stale uploads", () => {
    const lifecycle = run.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
    expect(run.inputs(lifecycle).rules).toEqual([
      { id: "expire-current-resumes", status: "Enabled", filter: { prefix: "resumes/" }, expiration: { days: 90 } },
      {
        id: "erase-noncurrent-versions",
        status: "Enabled",
        filter: {},
        noncurrentVersionExpiration: { noncurrentDays: 30 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
      {
        id: "remove-expired-delete-markers",
        status: "Enabled",
        filter: {},
        expiration: { expiredObjectDeleteMarker: true },
      },
    ]);
    const versioning = run.one("aws:s3/bucketVersioning:BucketVersioning");
    expect(lifecycle.dependencies).toContain(versioning.urn);
  });

  it("denies plain-HTTP requests on the bucket and its objects", () => {
    const policy = run.json(run.one("aws:s3/bucketPolicy:BucketPolicy"), "policy");
    const arn = run.outputs(run.one("aws:s3/bucket:Bucket")).arn;
    expect(policy.Statement).toContainEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [arn, `${arn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("denies uploads asking for another encryption type or key, but not uploads relying on the default", () => {
    const policy = run.json(run.one("aws:s3/bucketPolicy:BucketPolicy"), "policy");
    const keyArn = run.outputs(run.one("aws:kms/key:Key")).arn;
    const byId = Object.fromEntries(policy.Statement.map((s: { Sid: string }) => [s.Sid, s]));
    expect(byId.DenyOtherEncryptionTypes.Condition).toEqual({
      StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
      Null: { "s3:x-amz-server-side-encryption": "false" },
    });
    expect(byId.DenyOtherKmsKeys.Condition).toEqual({
      StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn },
      Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
    });
    expect(byId.DenyOtherKmsKeys.Action).toBe("s3:PutObject");
    // SSE-KMS without a key id would silently use the AWS managed key aws/s3.
    expect(byId.DenyKmsUploadsWithoutKeyId).toMatchObject({
      Effect: "Deny",
      Action: "s3:PutObject",
      Condition: {
        StringEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
        Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" },
      },
    });
  });

  it("denies object access anywhere in the bucket to everyone outside the data perimeter", () => {
    const policy = run.json(run.one("aws:s3/bucketPolicy:BucketPolicy"), "policy");
    const arn = run.outputs(run.one("aws:s3/bucket:Bucket")).arn;
    const perimeter = policy.Statement.find((s: { Sid: string }) => s.Sid === "DenyObjectAccessOutsideDataPerimeter");
    expect(perimeter).toEqual({
      Sid: "DenyObjectAccessOutsideDataPerimeter",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      // Object ARNs only: the deploying role can still manage the bucket's policy and lifecycle.
      Resource: `${arn}/*`,
      Condition: { ArnNotLike: { "aws:PrincipalArn": [API_ROLE, WORKER_ROLE] } },
    });
    expect(policy.Statement.every((s: { Effect: string }) => s.Effect === "Deny")).toBe(true);
  });

  it("creates the bucket policy only after the public access block", () => {
    const policy = run.one("aws:s3/bucketPolicy:BucketPolicy");
    expect(policy.dependencies).toContain(run.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").urn);
  });

  it("allows browser uploads from the configured origins only", () => {
    const cors = run.inputs(run.one("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration"));
    expect(cors.corsRules).toHaveLength(1);
    expect(cors.corsRules[0]).toMatchObject({
      allowedOrigins: ["https://app.example.com"],
      allowedMethods: ["PUT", "GET", "HEAD"],
      exposeHeaders: ["ETag"],
    });
  });

  it("turns on transfer acceleration when asked", () => {
    expect(run.inputs(run.one("aws:s3/bucketAccelerateConfiguration:BucketAccelerateConfiguration")).status).toBe(
      "Enabled",
    );
  });

  it("builds object ARN patterns for a prefix", async () => {
    const arn = run.outputs(run.one("aws:s3/bucket:Bucket")).arn;
    expect(await valueOf(bucket.objectArn())).toBe(`${arn}/resumes/*`);
    expect(await valueOf(bucket.objectArn("exports/"))).toBe(`${arn}/exports/*`);
  });

  it("restricts the key to use through S3 in the bucket's region", () => {
    const policy = run.json(run.one("aws:kms/key:Key"), "policy");
    const use = policy.Statement.find((s: { Sid: string }) => s.Sid === "AccountUsesKeyOnlyThroughService");
    expect(use.Condition.StringEquals).toEqual({
      "kms:ViaService": "s3.us-east-1.amazonaws.com",
      "kms:CallerAccount": "123456789012",
    });
    const admin = policy.Statement.find((s: { Sid: string }) => s.Sid === "AccountAdministersKey");
    expect(admin.Principal).toEqual({ AWS: "arn:aws:iam::123456789012:root" });
    expect(admin.Action).toContain("kms:PutKeyPolicy");
    for (const s of policy.Statement) {
      for (const action of [s.Action].flat()) expect(action).not.toMatch(/\*/);
    }
  });
});

describe("ResumesBucket with SSE-S3 (dev-like)", () => {
  let run: MockedRun;

  beforeAll(async () => {
    run = await startMockedRun({ stack: "dev" });
    new ResumesBucket("resumes", {
      encryption: "s3",
      bucketName: "starscreen-dev-resumes",
      accountId: "123456789012",
      partition: "aws",
      region: "us-east-1",
      retentionDays: 30,
      noncurrentRetentionDays: 7,
      abortIncompleteUploadDays: 3,
      dataAccessRoleArns: [],
      forceDestroy: true,
    });
    await run.settle();
  });

  it("uses AES256 and creates no KMS key", () => {
    expect(run.resources("aws:kms/key:Key")).toHaveLength(0);
    const sse = run.inputs(
      run.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
    );
    expect(sse.rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    const policy = run.json(run.one("aws:s3/bucketPolicy:BucketPolicy"), "policy");
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).not.toContain("DenyOtherKmsKeys");
  });

  it("keeps the fixed name, allows forceDestroy and is not protected", () => {
    const b = run.one("aws:s3/bucket:Bucket");
    expect(run.inputs(b)).toMatchObject({ bucket: "starscreen-dev-resumes", forceDestroy: true });
    expect(b.protect).toBe(false);
    expect(b.retainOnDelete).toBe(false);
  });

  it("denies all object access when the perimeter lists nobody", () => {
    const policy = run.json(run.one("aws:s3/bucketPolicy:BucketPolicy"), "policy");
    const perimeter = policy.Statement.find((s: { Sid: string }) => s.Sid === "DenyObjectAccessOutsideDataPerimeter");
    expect(perimeter.Condition).toBeUndefined();
  });

  it("creates no CORS or acceleration configuration unless asked", () => {
    expect(run.resources("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")).toHaveLength(0);
    expect(run.resources("aws:s3/bucketAccelerateConfiguration:BucketAccelerateConfiguration")).toHaveLength(0);
  });
});

describe("ResumesBucket argument errors", () => {
  it("rejects transfer acceleration with a dotted bucket name", async () => {
    await startMockedRun();
    expect(
      () =>
        new ResumesBucket("bad", {
          bucketName: "resumes.example.com",
          transferAcceleration: true,
          accountId: "123456789012",
          partition: "aws",
          region: "us-east-1",
          retentionDays: 1,
          noncurrentRetentionDays: 1,
          abortIncompleteUploadDays: 1,
          dataAccessRoleArns: [],
        }),
    ).toThrow(/transferAcceleration needs a bucket name without dots, got "resumes.example.com"/);
  });
});
