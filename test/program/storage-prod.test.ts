import { beforeAll, describe, expect, it } from "vitest";
import { runProgram, type ProgramRun } from "./run-program";

describe("the prod stack (Pulumi.prod.yaml) under mocks", () => {
  let program: ProgramRun;
  beforeAll(async () => {
    program = await runProgram("prod");
  });

  it("runs without error", () => {
    expect(program.error).toBeUndefined();
  });

  it("exports what the app and operators need, never credentials", () => {
    const { outputs, run } = program;
    const resumes = run.one("aws:s3/bucket:Bucket", "resumes-bucket");
    expect(outputs.bucketName).toBe(run.outputs(resumes).bucket);
    expect(outputs.bucketArn).toBe(run.outputs(resumes).arn);
    expect(outputs.bucketRegion).toBe("us-east-1");
    expect(outputs.kmsKeyArn).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\//);
    expect(outputs.logBucketName).toBe(run.outputs(run.one("aws:s3/bucket:Bucket", "access-logs-bucket")).bucket);
    expect(outputs.replicaBucketName).toBe(
      run.outputs(run.one("aws:s3/bucket:Bucket", "replication-replica-bucket")).bucket,
    );
    expect(outputs.replicaRegion).toBe("us-west-2");
    expect(outputs.dataErasureWindowDays).toBe(31);
    expect(outputs.appEnvironment).toEqual({
      USE_S3: "true",
      S3_BUCKET_NAME: outputs.bucketName,
      AWS_REGION: "us-east-1",
    });
    expect(JSON.stringify(outputs)).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AKIA/);
  });

  it("creates the resumes bucket, two log buckets and the replica, all protected and retained", () => {
    const buckets = program.run.resources("aws:s3/bucket:Bucket");
    expect(buckets.map((b) => b.name).sort()).toEqual(
      expect.arrayContaining([
        "access-logs-bucket",
        "replication-access-logs-bucket",
        "replication-replica-bucket",
        "resumes-bucket",
      ]),
    );
    for (const name of ["resumes-bucket", "replication-replica-bucket"]) {
      const bucket = program.run.one("aws:s3/bucket:Bucket", name);
      expect(bucket.protect, name).toBe(true);
      expect(bucket.retainOnDelete, name).toBe(true);
      expect(program.run.inputs(bucket).forceDestroy, name).toBe(false);
    }
  });

  it("protects the KMS keys and gives them a 30-day deletion window", () => {
    const storageKeys = program.run
      .resources("aws:kms/key:Key")
      .filter((k) => k.name === "resumes-key-key" || k.name === "replication-key-key");
    expect(storageKeys).toHaveLength(2);
    for (const key of storageKeys) {
      expect(key.protect && key.retainOnDelete).toBe(true);
      expect(program.run.inputs(key)).toMatchObject({ deletionWindowInDays: 30, enableKeyRotation: true });
    }
  });

  it("tags every resource through the providers' default tags", () => {
    const providers = program.run.resources().filter((r) => r.type === "pulumi:providers:aws");
    expect(providers.length).toBeGreaterThanOrEqual(2);
    for (const provider of providers) {
      const tags = JSON.parse(program.run.inputs(provider).defaultTags).tags;
      expect(tags).toEqual({ Project: "starscreen", Environment: "prod", ManagedBy: "pulumi", Stack: "prod" });
    }
    const regions = providers.map((p) => program.run.inputs(p).region).sort();
    expect(regions).toEqual(expect.arrayContaining(["us-east-1", "us-west-2"]));
  });

  it("sends every AWS resource through an explicit provider", () => {
    const custom = program.run.resources().filter((r) => r.custom && r.type.startsWith("aws:"));
    expect(custom.length).toBeGreaterThan(0);
    for (const r of custom) expect(r.provider, r.urn).toMatch(/::pulumi:providers:aws::aws(-replica)?::/);
  });

  it("replicates with CORS only for the app origin", () => {
    const cors = program.run.inputs(program.run.one("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration"));
    expect(cors.corsRules[0].allowedOrigins).toEqual(["https://app.starscreen.example.com"]);
    expect(program.run.resources("aws:s3/bucketReplicationConfig:BucketReplicationConfig")).toHaveLength(1);
  });
});
