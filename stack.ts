/**
 * Composes the components for one stack from validated config. `index.ts` calls this with the stack's config and
 * exports what it returns; tests call it directly under mocks.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";
import { ServiceRole } from "./components/iam/service-role";
import { AccessLogBucket } from "./components/storage/access-log-bucket";
import { CrossRegionReplication } from "./components/storage/cross-region-replication";
import { erasureWindowDays } from "./components/storage/lifecycle-rules";
import { ResumesBucket } from "./components/storage/resumes-bucket";

export interface StackOutputs {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  readonly bucketRegion: string;
  readonly kmsKeyArn: pulumi.Output<string | undefined>;
  readonly logBucketName: pulumi.Output<string>;
  readonly replicaBucketName?: pulumi.Output<string>;
  readonly replicaRegion?: string;
  /** The longest a resume deleted by the app can survive in any copy, in days. */
  readonly dataErasureWindowDays: number;
  /** What the app needs to use the bucket; never access keys (tasks get credentials from their IAM role). */
  readonly appEnvironment: pulumi.Output<Record<string, string>>;
}

/** Tags on every taggable resource, through each provider's default tags. */
export function stackTags(config: StackConfig): Record<string, string> {
  return { Project: "starscreen", Environment: config.environment, ManagedBy: "pulumi", Stack: pulumi.getStack() };
}

export function buildStack(config: StackConfig): StackOutputs {
  const { storage } = config;
  const prod = config.environment === "prod";
  const protection = prod ? "protected" : "disposable";
  const keyDeletionWindowInDays = prod ? 30 : 7;
  const tags = stackTags(config);

  const provider = new aws.Provider("aws", { region: config.region, defaultTags: { tags } });
  const opts = { provider };
  const accountId = aws.getCallerIdentityOutput({}, opts).accountId;
  const partition = aws.getPartitionOutput({}, opts).partition;

  // Roles come first: the buckets' data perimeters name them.
  const replicationRole = storage.replication
    ? new ServiceRole(
        "replication",
        { service: "s3.amazonaws.com", accountId, description: "S3 replicates resumes to the replica region" },
        opts,
      )
    : undefined;

  const resumes = new ResumesBucket(
    "resumes",
    {
      bucketName: storage.bucketName,
      encryption: storage.encryption,
      accountId,
      partition,
      region: config.region,
      retentionDays: storage.retentionDays,
      noncurrentRetentionDays: storage.noncurrentRetentionDays,
      abortIncompleteUploadDays: storage.abortIncompleteUploadDays,
      dataAccessRoleArns: [...(replicationRole ? [replicationRole.arn] : []), ...storage.breakGlassRoleArns],
      corsAllowedOrigins: storage.corsAllowedOrigins,
      transferAcceleration: storage.transferAcceleration,
      keyDeletionWindowInDays,
      forceDestroy: storage.forceDestroy,
      protection,
    },
    opts,
  );

  const accessLogs = new AccessLogBucket(
    "access-logs",
    {
      sources: [{ role: "resumes", bucketName: resumes.hardened.bucket.id, bucketArn: resumes.arn }],
      accountId,
      retentionDays: storage.accessLogRetentionDays,
      forceDestroy: storage.forceDestroy,
      protection,
    },
    opts,
  );

  let replication: CrossRegionReplication | undefined;
  if (storage.replication && replicationRole) {
    const replicaProvider = new aws.Provider("aws-replica", { region: storage.replication.region, defaultTags: { tags } });
    replication = new CrossRegionReplication(
      "replication",
      {
        source: resumes,
        replicaRegion: storage.replication.region,
        replicaProvider,
        role: replicationRole,
        accountId,
        partition,
        retention: storage,
        accessLogRetentionDays: storage.accessLogRetentionDays,
        replicateDeletes: storage.replication.replicateDeletes,
        breakGlassRoleArns: [...storage.breakGlassRoleArns],
        keyDeletionWindowInDays,
        forceDestroy: storage.forceDestroy,
        protection,
      },
      opts,
    );
  }

  return {
    bucketName: resumes.bucketName,
    bucketArn: resumes.arn,
    bucketRegion: config.region,
    kmsKeyArn: resumes.kmsKeyArn,
    logBucketName: accessLogs.bucketName,
    replicaBucketName: replication?.replicaBucketName,
    replicaRegion: replication?.replicaRegion,
    dataErasureWindowDays: erasureWindowDays(storage, storage.replication),
    appEnvironment: resumes.bucketName.apply((name): Record<string, string> => ({
      USE_S3: "true",
      S3_BUCKET_NAME: name,
      AWS_REGION: config.region,
    })),
  };
}
