import type { LifecycleRule } from "./hardened-bucket";

/** Where the app keeps resumes (`s3://<bucket>/resumes/<file>`); the lifecycle and the data perimeter cover it. */
export const RESUMES_PREFIX = "resumes/";

export interface ResumeRetention {
  /** Days a current resume object lives before it expires (becomes a noncurrent version behind a delete marker). */
  readonly retentionDays: number;
  /** Days a noncurrent version survives before S3 removes it for good. */
  readonly noncurrentRetentionDays: number;
  /** Days before an unfinished multipart upload is aborted (and its parts stop costing money). */
  readonly abortIncompleteUploadDays: number;
}

/**
 * The GDPR retention rules, shared by the resumes bucket and its replica so a deleted resume is gone from both
 * copies within the same window. With versioning, expiring or deleting an object only adds a delete marker: the
 * noncurrent-version rule is what erases the data, and the delete-marker rule removes the markers left behind.
 */
export function resumeLifecycleRules(retention: ResumeRetention): LifecycleRule[] {
  return [
    {
      id: "expire-current-resumes",
      status: "Enabled",
      filter: { prefix: RESUMES_PREFIX },
      expiration: { days: retention.retentionDays },
    },
    {
      id: "erase-noncurrent-versions",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays: retention.noncurrentRetentionDays },
      abortIncompleteMultipartUpload: { daysAfterInitiation: retention.abortIncompleteUploadDays },
    },
    {
      // Kept apart: an expiration with expiredObjectDeleteMarker cannot also carry days.
      id: "remove-expired-delete-markers",
      status: "Enabled",
      filter: {},
      expiration: { expiredObjectDeleteMarker: true },
    },
  ];
}

/**
 * The longest a resume can survive after the app deletes it: its noncurrent version lives `noncurrentRetentionDays`
 * (S3 runs lifecycle about once a day, so allow one more day). Without replicated deletes the replica keeps its
 * current copy until that copy expires on its own.
 */
export function erasureWindowDays(retention: ResumeRetention, replica?: { replicateDeletes: boolean }): number {
  const primary = retention.noncurrentRetentionDays + 1;
  if (!replica || replica.replicateDeletes) return primary;
  return retention.retentionDays + retention.noncurrentRetentionDays + 1;
}
