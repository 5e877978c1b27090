import * as aws from "@pulumi/aws";
import { beforeAll, describe, expect, it } from "vitest";
import { ServiceRole } from "../../../components/iam/service-role";
import { CrossRegionReplication } from "../../../components/storage/cross-region-replication";
import { ResumesBucket } from "../../../components/storage/resumes-bucket";
import { startMockedRun, type MockedRun } from "../../helpers/pulumi-mocks";

const RETENTION = { retentionDays: 90, noncurrentRetentionDays: 30, abortIncompleteUploadDays: 7 };
const REPLICATION_CONFIG = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

async function synth(options: { encryption: "kms" | "s3"; replicateDeletes?: boolean }) {
  const run = await startMockedRun({ stack: "prod" });
  const role = new ServiceRole("replication", {
    service: "s3.amazonaws.com",
    accountId: "123456789012",
    description: "replication",
  });
  const source = new ResumesBucket("resumes", {
    ...RETENTION,
    encryption: options.encryption,
    accountId: "123456789012",
    partition: "aws",
    region: "us-east-1",
    dataAccessRoleArns: [role.arn],
    protection: "protected",
  });
  const replicaProvider = new aws.Provider("replica", { region: "us-west-2" });
  new CrossRegionReplication("replication", {
    source,
    replicaRegion: "us-west-2",
    replicaProvider,
    role,
    accountId: "123456789012",
    partition: "aws",
    retention: RETENTION,
    accessLogRetentionDays: 365,
    replicateDeletes: options.replicateDeletes,
    protection: "protected",
  });
  await run.settle();
  return run;
}

function bucketNamed(run: MockedRun, name: string) {
  return run.one("aws:s3/bucket:Bucket", name);
}

describe("CrossRegionReplication from a KMS source", () => {
  let run: MockedRun;
  beforeAll(async () => {
    run = await synth({ encryption: "kms" });
  });

  it("puts the replica, its key and its log bucket in the replica region", () => {
    const replica = run.outputs(bucketNamed(run, "replication-replica-bucket"));
    expect(replica.region).toBe("us-west-2");
    const keys = run.resources("aws:kms/key:Key").map((k) => run.outputs(k).arn);
    expect(keys.filter((a) => a.includes(":us-west-2:"))).toHaveLength(1);
    expect(run.outputs(bucketNamed(run, "replication-access-logs-bucket")).region).toBe("us-west-2");
  });

  it("hardens the replica like the source: KMS with its own key, versioning, public access block, same lifecycle", () => {
    const replicaKeyArn = run
      .resources("aws:kms/key:Key")
      .map((k) => run.outputs(k).arn)
      .find((a) => a.includes("us-west-2"));
    const sse = run
      .resources("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
      .find((r) => r.name === "replication-replica-encryption")!;
    expect(run.inputs(sse).rules[0].applyServerSideEncryptionByDefault).toEqual({
      sseAlgorithm: "aws:kms",
      kmsMasterKeyId: replicaKeyArn,
    });
    const lifecycles = run.resources("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
    const sourceRules = run.inputs(lifecycles.find((l) => l.name === "resumes-lifecycle")!).rules;
    const replicaRules = run.inputs(lifecycles.find((l) => l.name === "replication-replica-lifecycle")!).rules;
    expect(replicaRules).toEqual(sourceRules);
    // source, replica and the replica region's log bucket: one public access block each
    expect(run.resources("aws:s3/bucket:Bucket")).toHaveLength(3);
    expect(run.resources("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")).toHaveLength(3);
    expect(bucketNamed(run, "replication-replica-bucket").protect).toBe(true);
  });

  it("logs the replica's access to the log bucket in its own region", () => {
    const logging = run.resources("aws:s3/bucketLogging:BucketLogging");
    expect(logging).toHaveLength(1);
    expect(run.inputs(logging[0])).toMatchObject({
      bucket: run.outputs(bucketNamed(run, "replication-replica-bucket")).bucket,
      targetBucket: run.outputs(bucketNamed(run, "replication-access-logs-bucket")).bucket,
    });
  });

  it("replicates resumes/ with KMS object selection, the replica key and delete markers", () => {
    const config = run.one(REPLICATION_CONFIG);
    const inputs = run.inputs(config);
    const replicaArn = run.outputs(bucketNamed(run, "replication-replica-bucket")).arn;
    const replicaKeyArn = run
      .resources("aws:kms/key:Key")
      .map((k) => run.outputs(k).arn)
      .find((a) => a.includes("us-west-2"));
    expect(inputs.bucket).toBe(run.outputs(bucketNamed(run, "resumes-bucket")).bucket);
    expect(inputs.role).toBe(run.outputs(run.one("aws:iam/role:Role")).arn);
    expect(inputs.rules).toEqual([
      {
        id: "replicate-resumes",
        status: "Enabled",
        priority: 1,
        filter: { prefix: "resumes/" },
        deleteMarkerReplication: { status: "Enabled" },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
          bucket: replicaArn,
          storageClass: "STANDARD",
          encryptionConfiguration: { replicaKmsKeyId: replicaKeyArn },
        },
      },
    ]);
  });

  it("waits for versioning on both buckets and for the role's permissions", () => {
    const config = run.one(REPLICATION_CONFIG);
    const versionings = run.resources("aws:s3/bucketVersioning:BucketVersioning");
    const source = versionings.find((v) => v.name === "resumes-versioning")!;
    const replica = versionings.find((v) => v.name === "replication-replica-versioning")!;
    expect(config.dependencies).toEqual(
      expect.arrayContaining([source.urn, replica.urn, run.one("aws:iam/rolePolicy:RolePolicy").urn]),
    );
  });

  it("grants the replication role exactly the replication actions, no wildcard and no Resource '*'", () => {
    const policy = run.json(run.one("aws:iam/rolePolicy:RolePolicy"), "policy");
    const sourceArn = run.outputs(bucketNamed(run, "resumes-bucket")).arn;
    const replicaArn = run.outputs(bucketNamed(run, "replication-replica-bucket")).arn;
    const bySid = Object.fromEntries(policy.Statement.map((s: { Sid: string }) => [s.Sid, s]));
    expect(Object.keys(bySid)).toEqual([
      "ReadReplicationConfiguration",
      "ReadSourceVersions",
      "WriteReplicas",
      "EncryptReplicas",
      "DecryptSourceVersions",
    ]);
    expect(bySid.ReadReplicationConfiguration).toMatchObject({
      Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
      Resource: sourceArn,
    });
    expect(bySid.ReadSourceVersions.Resource).toBe(`${sourceArn}/resumes/*`);
    expect(bySid.WriteReplicas).toMatchObject({
      Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      Resource: `${replicaArn}/resumes/*`,
    });
    expect(bySid.DecryptSourceVersions.Condition.StringEquals).toEqual({
      "kms:ViaService": "s3.us-east-1.amazonaws.com",
    });
    expect(bySid.EncryptReplicas.Condition.StringEquals).toEqual({ "kms:ViaService": "s3.us-west-2.amazonaws.com" });
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe("Allow");
      for (const action of [statement.Action].flat()) expect(action).not.toMatch(/[*?]/);
      for (const resource of [statement.Resource].flat()) expect(resource).not.toBe("*");
    }
  });

  it("lets only the replication role through the replica's data perimeter", () => {
    const policies = run.resources("aws:s3/bucketPolicy:BucketPolicy");
    const replicaPolicy = run.json(
      policies.find((p) => p.name === "replication-replica-policy")!,
      "policy",
    );
    const perimeter = replicaPolicy.Statement.find(
      (s: { Sid: string }) => s.Sid === "DenyObjectAccessOutsideDataPerimeter",
    );
    expect(perimeter.Condition.ArnNotLike["aws:PrincipalArn"]).toEqual([run.outputs(run.one("aws:iam/role:Role")).arn]);
  });

  it("trusts only S3 of this account for the replication role", () => {
    const trust = run.json(run.one("aws:iam/role:Role"), "assumeRolePolicy");
    expect(trust.Statement).toEqual([
      {
        Sid: "AssumeFromService",
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
  });
});

describe("CrossRegionReplication variants", () => {
  it("needs no KMS decrypt permission for an SSE-S3 source", async () => {
    const run = await synth({ encryption: "s3" });
    const policy = run.json(run.one("aws:iam/rolePolicy:RolePolicy"), "policy");
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).not.toContain("DecryptSourceVersions");
  });

  it("keeps delete markers on the source when deletes are not replicated", async () => {
    const run = await synth({ encryption: "kms", replicateDeletes: false });
    expect(run.inputs(run.one(REPLICATION_CONFIG)).rules[0].deleteMarkerReplication).toEqual({ status: "Disabled" });
  });

  it("rejects a replica in the source's own region", async () => {
    await startMockedRun();
    const role = new ServiceRole("r", { service: "s3.amazonaws.com", accountId: "1", description: "r" });
    const source = new ResumesBucket("s", {
      ...RETENTION,
      accountId: "1",
      partition: "aws",
      region: "us-east-1",
      dataAccessRoleArns: [],
    });
    expect(
      () =>
        new CrossRegionReplication("same", {
          source,
          replicaRegion: "us-east-1",
          replicaProvider: new aws.Provider("p", { region: "us-east-1" }),
          role,
          accountId: "1",
          partition: "aws",
          retention: RETENTION,
          accessLogRetentionDays: 30,
        }),
    ).toThrow(/replicaRegion must differ from the source region \(us-east-1\)/);
  });
});
