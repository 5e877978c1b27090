import { z } from "zod";
import { awsRegion, bucketName, positiveInteger, roleArn } from "./rules";

/**
 * `starscreen:storage`: the resumes bucket, its logs, lifecycle and replication. Cross-field rules (which need the
 * environment or `aws:region`) live in `stack-config.ts`.
 */
export const storageSchema = z
  .object({
    /** Fixed bucket name; omitted = Pulumi auto-naming (a random suffix avoids global name clashes). */
    bucketName: bucketName.optional(),
    /** `kms` (customer-managed key, bucket key on) or `s3` (SSE-S3). Default `kms`. */
    encryption: z.enum(["kms", "s3"], { message: 'must be "kms" or "s3"' }).default("kms"),
    /** Days after which current objects under `resumes/` expire. Default 90. */
    retentionDays: positiveInteger().default(90),
    /** Days a superseded or deleted version survives before it is removed. Default 30. */
    noncurrentRetentionDays: positiveInteger().default(30),
    /** Days before an unfinished multipart upload is aborted. Default 7. */
    abortIncompleteUploadDays: positiveInteger().default(7),
    cors: z
      .object({
        /** Browser origins allowed to PUT/GET with pre-signed URLs. Default none (no CORS rule). */
        allowedOrigins: z
          .array(z.string({ message: "must be a string" }), { message: "must be a list of origins" })
          .default([]),
      })
      .strict()
      .default({ allowedOrigins: [] }),
    /** S3 Transfer Acceleration for uploads from far away. Default false. */
    transferAcceleration: z.boolean({ message: "must be true or false" }).default(false),
    /** Days access logs are kept. Default 365. */
    accessLogRetentionDays: positiveInteger().default(365),
    replication: z
      .object({
        /** Replicate `resumes/` to another region. Default true in prod, false in dev. */
        enabled: z.boolean({ message: "must be true or false" }).optional(),
        /** The replica's region; required when replication is enabled; must differ from aws:region. */
        region: awsRegion.optional(),
        /** Replicate delete markers so a deleted resume disappears from the replica too. Default true. */
        replicateDeletes: z.boolean({ message: "must be true or false" }).default(true),
      })
      .strict()
      .default({ replicateDeletes: true }),
    /** Let `pulumi destroy` delete a non-empty bucket. Dev only; rejected in prod. Default false. */
    forceDestroy: z.boolean({ message: "must be true or false" }).default(false),
    /**
     * Roles allowed through the bucket's data perimeter besides the app roles (break-glass / incident response).
     * Default none.
     */
    breakGlassRoleArns: z.array(roleArn, { message: "must be a list of IAM role ARNs" }).default([]),
  })
  .strict();

export type StorageConfigInput = z.input<typeof storageSchema>;
