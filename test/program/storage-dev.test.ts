import { beforeAll, describe, expect, it } from "vitest";
import { runProgram, type ProgramRun } from "./run-program";

describe("the dev stack (Pulumi.dev.yaml) under mocks", () => {
  let program: ProgramRun;
  beforeAll(async () => {
    program = await runProgram("dev");
  });

  it("runs without error", () => {
    expect(program.error).toBeUndefined();
  });

  it("is cheap and disposable: SSE-S3, no replication, forceDestroy, nothing protected", () => {
    const { run, outputs } = program;
    expect(run.resources("aws:s3/bucketReplicationConfig:BucketReplicationConfig")).toHaveLength(0);
    expect(outputs.replicaBucketName).toBeUndefined();
    expect(outputs.kmsKeyArn).toBeUndefined();
    const resumes = run.one("aws:s3/bucket:Bucket", "resumes-bucket");
    expect(run.inputs(resumes).forceDestroy).toBe(true);
    expect(run.resources().filter((r) => r.protect)).toEqual([]);
    const sse = run.resources("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
    expect(sse.map((s) => run.inputs(s).rules[0].applyServerSideEncryptionByDefault.sseAlgorithm)).toEqual(
      sse.map(() => "AES256"),
    );
  });

  it("keeps every bucket private, versioned, TLS-only and lifecycle-managed", () => {
    const { run } = program;
    const buckets = run.resources("aws:s3/bucket:Bucket");
    for (const type of [
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
      "aws:s3/bucketVersioning:BucketVersioning",
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "aws:s3/bucketPolicy:BucketPolicy",
    ]) {
      expect(run.resources(type), type).toHaveLength(buckets.length);
    }
    for (const policy of run.resources("aws:s3/bucketPolicy:BucketPolicy")) {
      expect(run.json(policy, "policy").Statement[0].Sid).toBe("DenyInsecureTransport");
    }
  });

  it("uses the dev retention and a 7-day erasure window", () => {
    expect(program.outputs.dataErasureWindowDays).toBe(8);
    const rules = program.run.inputs(
      program.run.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "resumes-lifecycle"),
    ).rules;
    expect(rules[0].expiration).toEqual({ days: 30 });
    expect(rules[1].noncurrentVersionExpiration).toEqual({ noncurrentDays: 7 });
  });
});
