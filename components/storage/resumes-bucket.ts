import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../iam/policy-document";
import type { DataProtection } from "./data-protection";
import { EncryptionKey } from "./encryption-key";
import { HardenedBucket } from "./hardened-bucket";
import { RESUMES_PREFIX, resumeLifecycleRules, type ResumeRetention } from "./lifecycle-rules";

export interface ResumesBucketArgs extends ResumeRetention {
  /** Fixed bucket name. Default: Pulumi auto-naming. */
  readonly bucketName?: string;
  /** `kms`: a customer-managed key with rotation and a bucket key; `s3`: SSE-S3. Default `"kms"`. */
  readonly encryption?: "kms" | "s3";
  readonly accountId: pulumi.Input<string>;
  readonly partition: pulumi.Input<string>;
  /** The bucket's region (`aws:region`). */
  readonly region: string;
  /**
   * The data perimeter: the only principals (role ARNs) that may touch objects in the bucket — the app's task
   * roles, the replication role, break-glass roles. Everyone else is denied by the bucket policy, even with `s3:*`
   * in their own IAM policy. An empty list denies all object access.
   */
  readonly dataAccessRoleArns: pulumi.Input<string>[];
  /** Browser origins allowed to PUT/GET/HEAD with pre-signed URLs. Default none (no CORS configuration). */
  readonly corsAllowedOrigins?: readonly string[];
  /** Default `false`. */
  readonly transferAcceleration?: boolean;
  /** KMS key deletion window. Default `30`. */
  readonly keyDeletionWindowInDays?: number;
  /** Default `false`. */
  readonly forceDestroy?: boolean;
  /** Default `"disposable"`. */
  readonly protection?: DataProtection;
}

/**
 * The private, encrypted, versioned bucket that holds resumes under `resumes/`, with the GDPR lifecycle, a data
 * perimeter, and optional CORS (browser uploads through pre-signed URLs) and transfer acceleration. Access logging
 * is switched on by the region's AccessLogBucket; replication by CrossRegionReplication.
 */
export class ResumesBucket extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly arn: pulumi.Output<string>;
  public readonly region: string;
  /** The customer-managed key, when encryption is `kms`. */
  public readonly key?: EncryptionKey;
  /** The key's ARN, or undefined with SSE-S3. */
  public readonly kmsKeyArn: pulumi.Output<string | undefined>;
  public readonly hardened: HardenedBucket;

  constructor(name: string, args: ResumesBucketArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const encryption = args.encryption ?? "kms";
    const corsAllowedOrigins = args.corsAllowedOrigins ?? [];
    const transferAcceleration = args.transferAcceleration ?? false;
    if (transferAcceleration && args.bucketName?.includes(".")) {
      throw new Error(
        `ResumesBucket ${name}: transferAcceleration needs a bucket name without dots, got "${args.bucketName}"`,
      );
    }
    super("starscreen:storage:ResumesBucket", name, {}, opts);
    this.region = args.region;

    if (encryption === "kms") {
      this.key = new EncryptionKey(
        `${name}-key`,
        {
          description: `Encrypts resumes in the ${name} bucket`,
          alias: `alias/${pulumi.getProject()}-${pulumi.getStack()}-${name}`,
          accountId: args.accountId,
          partition: args.partition,
          usableViaService: `s3.${args.region}.amazonaws.com`,
          deletionWindowInDays: args.keyDeletionWindowInDays,
          protection: args.protection,
        },
        { parent: this },
      );
    }
    const keyArn = this.key?.arn;

    this.hardened = new HardenedBucket(
      name,
      {
        bucketName: args.bucketName,
        encryption: keyArn ? { kind: "kms", keyArn } : { kind: "s3" },
        lifecycleRules: resumeLifecycleRules(args),
        policyStatements: (arn) => [dataPerimeterStatement(arn, args.dataAccessRoleArns)],
        forceDestroy: args.forceDestroy,
        protection: args.protection,
      },
      { parent: this },
    );
    this.bucketName = this.hardened.bucketName;
    this.arn = this.hardened.arn;
    this.kmsKeyArn = keyArn ? keyArn.apply((a) => a as string | undefined) : pulumi.output(undefined);

    if (corsAllowedOrigins.length > 0) {
      new aws.s3.BucketCorsConfiguration(
        `${name}-cors`,
        {
          bucket: this.hardened.bucket.id,
          corsRules: [
            {
              id: "browser-uploads-with-presigned-urls",
              allowedOrigins: [...corsAllowedOrigins],
              allowedMethods: ["PUT", "GET", "HEAD"],
              allowedHeaders: ["content-type", "content-md5", "x-amz-checksum-sha256", "x-amz-sdk-checksum-algorithm"],
              exposeHeaders: ["ETag"],
              maxAgeSeconds: 3000,
            },
          ],
        },
        { parent: this },
      );
    }
    if (transferAcceleration) {
      new aws.s3.BucketAccelerateConfiguration(
        `${name}-acceleration`,
        { bucket: this.hardened.bucket.id, status: "Enabled" },
        { parent: this },
      );
    }
    this.registerOutputs({ bucketName: this.bucketName, arn: this.arn, kmsKeyArn: this.kmsKeyArn });
  }

  /** `arn:aws:s3:::<bucket>/<prefix>*`: the ARN pattern of every object under a prefix. */
  objectArn(prefix: string = RESUMES_PREFIX): pulumi.Output<string> {
    return pulumi.interpolate`${this.arn}/${prefix}*`;
  }
}

/**
 * Denies every object operation (under `resumes/` and anywhere else in the bucket, so nothing can be parked outside
 * the lifecycle-managed prefix) to principals outside the allow-list. It names object ARNs only,
 * so bucket-level administration (policy, lifecycle updates by the deploying role) is unaffected; S3's own
 * lifecycle and replication machinery is not an IAM principal and is unaffected too.
 */
export function dataPerimeterStatement(
  bucketArn: pulumi.Output<string>,
  allowed: pulumi.Input<string>[],
): PolicyStatement {
  return {
    Sid: "DenyObjectAccessOutsideDataPerimeter",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: pulumi.interpolate`${bucketArn}/*`,
    // With nobody allowed, the statement has no condition and denies object access to everyone.
    ...(allowed.length > 0 ? { Condition: { ArnNotLike: { "aws:PrincipalArn": allowed } } } : {}),
  };
}
