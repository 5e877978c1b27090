import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Principal, PolicyStatement } from "../iam/policy-document";
import type { DataProtection } from "./data-protection";
import { HardenedBucket } from "./hardened-bucket";

/** A bucket whose S3 server access logs this log bucket receives. */
export interface LoggedBucket {
  /** Short role name used in child resource names and the default prefix, e.g. `resumes`. */
  readonly role: string;
  /** The source bucket's name (its `id`). */
  readonly bucketName: pulumi.Input<string>;
  readonly bucketArn: pulumi.Input<string>;
}

/** Elastic Load Balancing access-log delivery into this bucket. */
export interface LoadBalancerLogDelivery {
  /** Key prefix the load balancer writes under (`accessLogs.prefix`). */
  readonly prefix: string;
  /**
   * Who delivers: the regional ELB account (`{ AWS: "arn:aws:iam::127311923021:root" }` in us-east-1, from
   * `aws.elb.getServiceAccount`) or `{ Service: "logdelivery.elasticloadbalancing.amazonaws.com" }` in regions
   * opened since August 2022.
   */
  readonly principal: Principal;
}

export interface AccessLogBucketArgs {
  /** Buckets that log their access here; each gets its own prefix `<role>/`. */
  readonly sources: readonly LoggedBucket[];
  readonly accountId: pulumi.Input<string>;
  /** Days log objects are kept. */
  readonly retentionDays: number;
  /** Days a superseded log object version is kept. Default `7`. */
  readonly noncurrentRetentionDays?: number;
  /** Allow a load balancer to deliver its access logs here. Default none. */
  readonly loadBalancerLogs?: LoadBalancerLogDelivery;
  /** Default `false`. */
  readonly forceDestroy?: boolean;
  /** Default `"disposable"`. */
  readonly protection?: DataProtection;
}

/**
 * The access-log bucket of one region. SSE-S3, because S3 server access logging cannot deliver to a bucket whose
 * default encryption is SSE-KMS. Delivery is granted to `logging.s3.amazonaws.com` per source bucket (scoped by
 * `aws:SourceArn` and `aws:SourceAccount`) instead of ACLs, which are disabled. The component also turns on
 * logging for each source, because the grant must exist before the source starts delivering.
 */
export class AccessLogBucket extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly arn: pulumi.Output<string>;
  public readonly hardened: HardenedBucket;

  constructor(name: string, args: AccessLogBucketArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const noncurrentRetentionDays = args.noncurrentRetentionDays ?? 7;
    for (const [key, days] of Object.entries({ retentionDays: args.retentionDays, noncurrentRetentionDays })) {
      if (!Number.isInteger(days) || days < 1)
        throw new Error(`AccessLogBucket ${name}: ${key} must be an integer >= 1, got ${days}`);
    }
    if (args.sources.length === 0 && !args.loadBalancerLogs) {
      throw new Error(`AccessLogBucket ${name}: give at least one source bucket or loadBalancerLogs`);
    }
    super("starscreen:storage:AccessLogBucket", name, {}, opts);

    this.hardened = new HardenedBucket(
      name,
      {
        encryption: { kind: "s3" },
        forceDestroy: args.forceDestroy,
        protection: args.protection,
        lifecycleRules: [
          {
            id: "expire-logs",
            status: "Enabled",
            filter: {},
            expiration: { days: args.retentionDays },
            noncurrentVersionExpiration: { noncurrentDays: noncurrentRetentionDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
          {
            // Kept apart: an expiration with expiredObjectDeleteMarker cannot also carry days.
            id: "remove-expired-delete-markers",
            status: "Enabled",
            filter: {},
            expiration: { expiredObjectDeleteMarker: true },
          },
        ],
        policyStatements: (arn) => this.deliveryStatements(arn, args),
      },
      { parent: this },
    );
    this.bucketName = this.hardened.bucketName;
    this.arn = this.hardened.arn;

    for (const source of args.sources) {
      new aws.s3.BucketLogging(
        `${name}-${source.role}-logging`,
        {
          bucket: source.bucketName,
          targetBucket: this.hardened.bucket.id,
          targetPrefix: `${source.role}/`,
          targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
        },
        { parent: this, dependsOn: [this.hardened.policy] },
      );
    }
    this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
  }

  private deliveryStatements(arn: pulumi.Output<string>, args: AccessLogBucketArgs): PolicyStatement[] {
    const statements: PolicyStatement[] = args.sources.map((source) => ({
      Sid: `S3ServerAccessLogsFrom${pascalCase(source.role)}`,
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: pulumi.interpolate`${arn}/${source.role}/*`,
      Condition: {
        ArnLike: { "aws:SourceArn": source.bucketArn },
        StringEquals: { "aws:SourceAccount": args.accountId },
      },
    }));
    if (args.loadBalancerLogs) {
      statements.push({
        Sid: "LoadBalancerAccessLogs",
        Effect: "Allow",
        Principal: args.loadBalancerLogs.principal,
        Action: "s3:PutObject",
        Resource: pulumi.interpolate`${arn}/${args.loadBalancerLogs.prefix}/AWSLogs/${args.accountId}/*`,
      });
    }
    return statements;
  }
}

/** `replica-logs` → `ReplicaLogs`, for statement ids (which allow only letters and digits). */
function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
}
