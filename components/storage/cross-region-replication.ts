import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, type PolicyStatement } from "../iam/policy-document";
import type { ServiceRole } from "../iam/service-role";
import { AccessLogBucket } from "./access-log-bucket";
import type { DataProtection } from "./data-protection";
import { EncryptionKey } from "./encryption-key";
import { HardenedBucket } from "./hardened-bucket";
import { RESUMES_PREFIX, resumeLifecycleRules, type ResumeRetention } from "./lifecycle-rules";
import { dataPerimeterStatement, type ResumesBucket } from "./resumes-bucket";

export interface CrossRegionReplicationArgs {
  /** The bucket to replicate (its `resumes/` prefix). */
  readonly source: ResumesBucket;
  /** Region of the replica; must differ from the source's. */
  readonly replicaRegion: string;
  /** An AWS provider for the replica's region (with the stack's default tags). */
  readonly replicaProvider: aws.Provider;
  /** A role trusted by `s3.amazonaws.com`; this component grants it exactly what replication needs. */
  readonly role: ServiceRole;
  readonly accountId: pulumi.Input<string>;
  readonly partition: pulumi.Input<string>;
  /** The same retention as the source, so a deleted resume leaves both copies within one window. */
  readonly retention: ResumeRetention;
  /** Days the replica region's access logs are kept. */
  readonly accessLogRetentionDays: number;
  /** Replicate delete markers, so a resume deleted by the app disappears from the replica too. Default `true`. */
  readonly replicateDeletes?: boolean;
  /** Besides the replication role, who may touch replica objects (break-glass roles). Default none. */
  readonly breakGlassRoleArns?: pulumi.Input<string>[];
  /** KMS key deletion window. Default `30`. */
  readonly keyDeletionWindowInDays?: number;
  /** Default `false`. */
  readonly forceDestroy?: boolean;
  /** Default `"disposable"`. */
  readonly protection?: DataProtection;
}

/**
 * A hardened replica of the resumes bucket in another region (own KMS key, own access-log bucket in that region,
 * same lifecycle), the replication role's exact permissions, and the replication configuration itself.
 */
export class CrossRegionReplication extends pulumi.ComponentResource {
  public readonly replicaBucketName: pulumi.Output<string>;
  public readonly replicaArn: pulumi.Output<string>;
  public readonly replicaRegion: string;
  public readonly replicaKey: EncryptionKey;
  public readonly replica: HardenedBucket;
  public readonly replicaLogs: AccessLogBucket;
  public readonly configuration: aws.s3.BucketReplicationConfig;

  constructor(name: string, args: CrossRegionReplicationArgs, opts: pulumi.ComponentResourceOptions = {}) {
    if (args.replicaRegion === args.source.region) {
      throw new Error(
        `CrossRegionReplication ${name}: replicaRegion must differ from the source region (${args.source.region})`,
      );
    }
    super("starscreen:storage:CrossRegionReplication", name, {}, opts);
    const replicateDeletes = args.replicateDeletes ?? true;
    const replicaOpts = { parent: this, provider: args.replicaProvider };
    this.replicaRegion = args.replicaRegion;

    this.replicaKey = new EncryptionKey(
      `${name}-key`,
      {
        description: `Encrypts the ${args.replicaRegion} replica of the resumes bucket`,
        alias: `alias/${pulumi.getProject()}-${pulumi.getStack()}-${name}`,
        accountId: args.accountId,
        partition: args.partition,
        usableViaService: `s3.${args.replicaRegion}.amazonaws.com`,
        deletionWindowInDays: args.keyDeletionWindowInDays,
        protection: args.protection,
      },
      replicaOpts,
    );
    const perimeter = [args.role.arn, ...(args.breakGlassRoleArns ?? [])];
    this.replica = new HardenedBucket(
      `${name}-replica`,
      {
        encryption: { kind: "kms", keyArn: this.replicaKey.arn },
        lifecycleRules: resumeLifecycleRules(args.retention),
        policyStatements: (arn) => [dataPerimeterStatement(arn, perimeter)],
        forceDestroy: args.forceDestroy,
        protection: args.protection,
      },
      replicaOpts,
    );
    this.replicaBucketName = this.replica.bucketName;
    this.replicaArn = this.replica.arn;

    // S3 delivers access logs only to a bucket in the source bucket's own region.
    this.replicaLogs = new AccessLogBucket(
      `${name}-access-logs`,
      {
        sources: [{ role: "replica", bucketName: this.replica.bucket.id, bucketArn: this.replica.arn }],
        accountId: args.accountId,
        retentionDays: args.accessLogRetentionDays,
        forceDestroy: args.forceDestroy,
        protection: args.protection,
      },
      replicaOpts,
    );

    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-role-policy`,
      {
        role: args.role.roleName,
        policy: policyDocument(
          replicationPermissions({
            sourceArn: args.source.arn,
            sourceKeyArn: args.source.key?.arn,
            sourceRegion: args.source.region,
            replicaArn: this.replica.arn,
            replicaKeyArn: this.replicaKey.arn,
            replicaRegion: args.replicaRegion,
          }),
        ),
      },
      { parent: this },
    );

    this.configuration = new aws.s3.BucketReplicationConfig(
      `${name}-configuration`,
      {
        bucket: args.source.hardened.bucket.id,
        role: args.role.arn,
        rules: [
          {
            id: "replicate-resumes",
            status: "Enabled",
            priority: 1,
            filter: { prefix: RESUMES_PREFIX },
            // Required whenever a rule has a filter.
            deleteMarkerReplication: { status: replicateDeletes ? "Enabled" : "Disabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            destination: {
              bucket: this.replica.arn,
              storageClass: "STANDARD",
              encryptionConfiguration: { replicaKmsKeyId: this.replicaKey.arn },
            },
          },
        ],
      },
      // S3 rejects a replication configuration until versioning is on at both ends and the role may act.
      { parent: this, dependsOn: [args.source.hardened.versioning, this.replica.versioning, rolePolicy] },
    );
    this.registerOutputs({ replicaBucketName: this.replicaBucketName, replicaArn: this.replicaArn });
  }
}

export interface ReplicationPermissionArgs {
  readonly sourceArn: pulumi.Input<string>;
  /** Omitted when the source uses SSE-S3 (no KMS permission is then needed). */
  readonly sourceKeyArn?: pulumi.Input<string>;
  readonly sourceRegion: string;
  readonly replicaArn: pulumi.Input<string>;
  readonly replicaKeyArn: pulumi.Input<string>;
  readonly replicaRegion: string;
}

/**
 * Exactly what S3 replication needs (AWS docs, "Setting up permissions for live replication"), each action on the
 * narrowest resource, KMS use only through S3 in the right region and for the right bucket (with bucket keys the
 * encryption context is the bucket ARN, without them the object ARN).
 */
export function replicationPermissions(args: ReplicationPermissionArgs): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadReplicationConfiguration",
      Effect: "Allow",
      Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
      Resource: args.sourceArn,
    },
    {
      Sid: "ReadSourceVersions",
      Effect: "Allow",
      Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
      Resource: pulumi.interpolate`${args.sourceArn}/${RESUMES_PREFIX}*`,
    },
    {
      Sid: "WriteReplicas",
      Effect: "Allow",
      Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      Resource: pulumi.interpolate`${args.replicaArn}/${RESUMES_PREFIX}*`,
    },
    {
      Sid: "EncryptReplicas",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:GenerateDataKey"],
      Resource: args.replicaKeyArn,
      Condition: {
        StringEquals: { "kms:ViaService": `s3.${args.replicaRegion}.amazonaws.com` },
        StringLike: {
          "kms:EncryptionContext:aws:s3:arn": [
            pulumi.output(args.replicaArn),
            pulumi.interpolate`${args.replicaArn}/${RESUMES_PREFIX}*`,
          ],
        },
      },
    },
  ];
  if (args.sourceKeyArn === undefined) return statements;
  return [
    ...statements,
    {
      Sid: "DecryptSourceVersions",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: args.sourceKeyArn,
      Condition: {
        StringEquals: { "kms:ViaService": `s3.${args.sourceRegion}.amazonaws.com` },
        StringLike: {
          "kms:EncryptionContext:aws:s3:arn": [
            pulumi.output(args.sourceArn),
            pulumi.interpolate`${args.sourceArn}/${RESUMES_PREFIX}*`,
          ],
        },
      },
    },
  ];
}
