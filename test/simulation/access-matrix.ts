/**
 * The access matrix: who may do what on which resource of the prod stack, and what AWS decides. One row per
 * request. access-matrix.test.ts runs every row through @cloud-copilot/iam-simulate against the synthesized stack's
 * own policies (identity policies of the principal, the bucket's / key's / role's resource policy, the S3 gateway
 * endpoint's policy, S3 Block Public Access from the bucket's public access block) and asserts the decision;
 * write-access-matrix.ts renders the same rows into docs/access-matrix.md.
 *
 * Resources and context values may use placeholders, resolved against the synthesized stack:
 *   {{arn:<logical name>}}     the ARN of the stack resource with that Pulumi logical name
 *   {{name:<logical name>}}    a bucket's name
 *   {{region:<logical name>}}  the region of a bucket or key
 *   {{account}} / {{region}}   the stack's account and region
 * The simulator adds nothing by itself; the runner (simulate.ts) adds only what AWS always puts in a request:
 * aws:SecureTransport (true unless a row says otherwise), the principal's aws:PrincipalArn / aws:PrincipalAccount /
 * aws:PrincipalType, aws:PrincipalServiceName for service principals, and kms:CallerAccount on KMS requests.
 */
import type { PolicyDocument } from "./stack-policies";

/** What AWS decides: the three outcomes of IAM policy evaluation. */
export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** A role the stack creates, found by its logical name (`<role>-role`) and the service its trust policy names. */
export interface StackRolePrincipal {
  readonly kind: "stack-role";
  /** `api-task` finds the `aws:iam/role:Role` named `api-task-role` (or `api-task`). */
  readonly role: string;
  /** The service principal that must be trusted to assume it. */
  readonly service: string;
  /** Session name of the assumed-role principal making the requests. */
  readonly session: string;
  /** Its S3 requests leave the VPC through the stack's S3 gateway endpoint (ECS tasks in private subnets). */
  readonly viaS3Endpoint: boolean;
  readonly description: string;
}

/** A principal the stack does not create, with the identity policy it is assumed to have in its own account. */
export interface SyntheticPrincipal {
  readonly kind: "synthetic";
  /** A role ARN (requests come from a session of it) or an account root ARN. Placeholders allowed. */
  readonly arn: string;
  /** Session name, for a role. */
  readonly session?: string;
  readonly identityPolicy: PolicyDocument;
  readonly viaS3Endpoint: boolean;
  readonly description: string;
}

export interface ServicePrincipal {
  readonly kind: "service";
  /** Placeholders allowed (`logs.{{region}}.amazonaws.com`). */
  readonly service: string;
  readonly description: string;
}

export interface AnonymousPrincipal {
  readonly kind: "anonymous";
  readonly description: string;
}

export type PrincipalSpec = StackRolePrincipal | SyntheticPrincipal | ServicePrincipal | AnonymousPrincipal;

/** An account that is not ours (for "another account" rows and for buckets the stack does not own). */
export const OTHER_ACCOUNT = "210987654321";
/** The Elastic Load Balancing log-delivery account of us-east-1 (AWS docs, "Enable access logs"). */
export const ELB_LOG_ACCOUNT_US_EAST_1 = "127311923021";
/** Stand-in for the AWS-owned account behind ECR's pre-signed image-layer URLs (its number does not matter here). */
export const ECR_LAYER_ACCOUNT = "000000000000";

const EVERYTHING_S3_AND_KMS: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Sid: "AssumedBroadAccess", Effect: "Allow", Action: ["s3:*", "kms:*"], Resource: "*" }],
};

/** The principals of the matrix, in the order the report lists them. */
export const PRINCIPALS = {
  "api-task": {
    kind: "stack-role",
    role: "api-task",
    service: "ecs-tasks.amazonaws.com",
    session: "api-task-session",
    viaS3Endpoint: true,
    description: "The API service's ECS task role: uploads, reads and deletes resumes.",
  },
  "api-presigned-url": {
    kind: "stack-role",
    role: "api-task",
    service: "ecs-tasks.amazonaws.com",
    session: "api-task-session",
    viaS3Endpoint: false,
    description:
      "A browser using a URL pre-signed by the API task role: the request carries the API role's session but comes from the internet, not through the VPC's S3 endpoint.",
  },
  "worker-task": {
    kind: "stack-role",
    role: "worker-task",
    service: "ecs-tasks.amazonaws.com",
    session: "worker-task-session",
    viaS3Endpoint: true,
    description: "The worker service's ECS task role: reads resumes to parse them.",
  },
  "api-execution": {
    kind: "stack-role",
    role: "api-execution",
    service: "ecs-tasks.amazonaws.com",
    session: "ecs-agent",
    viaS3Endpoint: true,
    description:
      "The API service's execution role, used by the ECS agent to pull the image, write logs and fetch secrets.",
  },
  "worker-execution": {
    kind: "stack-role",
    role: "worker-execution",
    service: "ecs-tasks.amazonaws.com",
    session: "ecs-agent",
    viaS3Endpoint: true,
    description: "The worker service's execution role, used by the ECS agent.",
  },
  "flow-logs-delivery": {
    kind: "stack-role",
    role: "network-flow-logs-delivery",
    service: "vpc-flow-logs.amazonaws.com",
    session: "vpc-flow-logs",
    viaS3Endpoint: false,
    description: "The role VPC Flow Logs assumes to write flow records into their log group.",
  },
  replication: {
    kind: "stack-role",
    role: "replication",
    service: "s3.amazonaws.com",
    session: "s3-replication",
    viaS3Endpoint: false,
    description: "The role S3 assumes to replicate `resumes/` to the replica bucket in the other region.",
  },
  "account-admin": {
    kind: "synthetic",
    arn: "arn:aws:iam::{{account}}:role/platform-admin",
    session: "alice",
    identityPolicy: EVERYTHING_S3_AND_KMS,
    viaS3Endpoint: false,
    description:
      "A principal of this account outside the data perimeter (a deploy or admin role) whose own identity policy allows `s3:*` and `kms:*` on `*`, working from outside the VPC.",
  },
  "admin-inside-vpc": {
    kind: "synthetic",
    arn: "arn:aws:iam::{{account}}:role/platform-admin",
    session: "leaked-into-a-task",
    identityPolicy: EVERYTHING_S3_AND_KMS,
    viaS3Endpoint: true,
    description:
      "The same admin credentials used from inside the private subnets (say, leaked into a task): S3 requests pass the S3 gateway endpoint's policy.",
  },
  "other-account": {
    kind: "synthetic",
    arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/partner-admin`,
    session: "mallory",
    identityPolicy: EVERYTHING_S3_AND_KMS,
    viaS3Endpoint: false,
    description: `A principal of another account (${OTHER_ACCOUNT}) whose own identity policy allows \`s3:*\` and \`kms:*\` on \`*\`.`,
  },
  anonymous: {
    kind: "anonymous",
    description: "Unsigned requests from anywhere on the internet.",
  },
  "s3-log-delivery": {
    kind: "service",
    service: "logging.s3.amazonaws.com",
    description: "The S3 server access logging service, delivering access logs into the log buckets.",
  },
  "elb-log-delivery": {
    kind: "synthetic",
    arn: `arn:aws:iam::${ELB_LOG_ACCOUNT_US_EAST_1}:root`,
    identityPolicy: {
      Version: "2012-10-17",
      Statement: [{ Sid: "AssumedElbDelivery", Effect: "Allow", Action: "s3:PutObject", Resource: "*" }],
    },
    viaS3Endpoint: false,
    description: `The us-east-1 Elastic Load Balancing account (${ELB_LOG_ACCOUNT_US_EAST_1}) delivering the load balancer's access logs; its own side is assumed to allow \`s3:PutObject\`.`,
  },
  "ecr-layer-download": {
    kind: "synthetic",
    arn: `arn:aws:iam::${ECR_LAYER_ACCOUNT}:role/ecr-layer-presigner`,
    session: "presigned-url",
    identityPolicy: {
      Version: "2012-10-17",
      Statement: [{ Sid: "AssumedLayerDownload", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
    },
    viaS3Endpoint: true,
    description:
      "A Fargate image pull fetching a layer from ECR's S3 bucket with the pre-signed URL ECR hands out (signed in an AWS-owned account), through the S3 gateway endpoint.",
  },
  "cloudwatch-logs-service": {
    kind: "service",
    service: "logs.{{region}}.amazonaws.com",
    description: "CloudWatch Logs in the stack's region, encrypting and decrypting log groups with the logs key.",
  },
  "s3-service": {
    kind: "service",
    service: "s3.amazonaws.com",
    description: "The S3 service principal, assuming the replication role.",
  },
  "ecs-tasks-service": {
    kind: "service",
    service: "ecs-tasks.amazonaws.com",
    description: "The ECS tasks service principal, assuming task and execution roles for running tasks.",
  },
  "vpc-flow-logs-service": {
    kind: "service",
    service: "vpc-flow-logs.amazonaws.com",
    description: "The VPC Flow Logs service principal, assuming the delivery role.",
  },
} as const satisfies Record<string, PrincipalSpec>;

/** A resource the stack refers to but does not create, with what the simulation assumes about it. */
export interface OutsideResource {
  /** A bucket ARN (for all its objects) or a KMS key ARN. Placeholders allowed. */
  readonly arn: string;
  readonly account: string;
  /** Its resource policy (a key policy), when it has one. */
  readonly policy?: PolicyDocument;
  readonly note: string;
}

/** The key that encrypts the app's secrets (config `services.*.secretsKmsKeyArns`). */
export const SECRETS_KEY = "arn:aws:kms:us-east-1:123456789012:key/6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d";
/** ECR's image-layer bucket in us-east-1 (what the S3 endpoint policy lets image pulls reach). */
export const ECR_LAYER_BUCKET = "arn:aws:s3:::prod-us-east-1-starport-layer-bucket";
/** A bucket the stack does not own (another account's): where a leaked grant would send resumes. */
export const FOREIGN_BUCKET = "arn:aws:s3:::exfiltration-bucket";

export const RESOURCES_OUTSIDE_THE_STACK: readonly OutsideResource[] = [
  {
    arn: SECRETS_KEY,
    account: "{{account}}",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EnableIamUserPermissions",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::{{account}}:root" },
          Action: "kms:*",
          Resource: "*",
        },
      ],
    },
    note: "The key of the app's secrets, from config; assumed to have KMS's default key policy (the account root may use it, so IAM policies decide).",
  },
  {
    arn: ECR_LAYER_BUCKET,
    account: ECR_LAYER_ACCOUNT,
    note: "ECR's image-layer bucket, owned by AWS; no bucket policy assumed.",
  },
  { arn: FOREIGN_BUCKET, account: OTHER_ACCOUNT, note: "Another account's bucket; no bucket policy assumed." },
];

export type PrincipalId = keyof typeof PRINCIPALS;

export interface AccessCase {
  readonly principal: PrincipalId;
  readonly action: string;
  /** The resource ARN (placeholders allowed). */
  readonly resource: string;
  /** Request context beyond what the runner adds (placeholders allowed). */
  readonly context?: Readonly<Record<string, string>>;
  readonly expect: Decision;
  /**
   * The Sid that decides: for `Allowed`, one of the statements that grant it; for `ExplicitlyDenied`, the Deny
   * statement. Omitted where the decision is "no statement allows it".
   */
  readonly decidedBy?: string;
  /**
   * For `ImplicitlyDenied`: the request would be allowed but for this policy (the simulator's `blockedBy`), e.g. the
   * S3 gateway endpoint's policy stopping admin credentials used from inside the VPC.
   */
  readonly blockedBy?: "vpc-endpoint-policy";
  /** Why this row matters, for reviewers. */
  readonly why: string;
}

// ---- Resources and context used by the rows ----
const RESUMES_BUCKET = "{{arn:resumes-bucket}}";
const RESUME = `${RESUMES_BUCKET}/resumes/5b0c3c2e-8f4a-4d1e-9b7a-2f6d1c0e9a34_cv.pdf`;
const OUTSIDE_PREFIX = `${RESUMES_BUCKET}/exports/2024-01-31-report.csv`;
const REPLICA_BUCKET = "{{arn:replication-replica-bucket}}";
const REPLICA_RESUME = `${REPLICA_BUCKET}/resumes/5b0c3c2e-8f4a-4d1e-9b7a-2f6d1c0e9a34_cv.pdf`;
const LOG_BUCKET = "{{arn:access-logs-bucket}}";
const LOG_OBJECT = `${LOG_BUCKET}/resumes/123456789012/us-east-1/{{name:resumes-bucket}}/2024/01/31/2024-01-31-00-00-00-0123456789ABCDEF`;
const REPLICA_LOG_BUCKET = "{{arn:replication-access-logs-bucket}}";
const REPLICA_LOG_OBJECT = `${REPLICA_LOG_BUCKET}/replica/123456789012/us-west-2/{{name:replication-replica-bucket}}/2024/01/31/2024-01-31-00-00-00-0123456789ABCDEF`;
const FOREIGN_OBJECT = `${FOREIGN_BUCKET}/resumes/5b0c3c2e-8f4a-4d1e-9b7a-2f6d1c0e9a34_cv.pdf`;
const RESUMES_KEY = "{{arn:resumes-key-key}}";
const REPLICA_KEY = "{{arn:replication-key-key}}";

const API_LOG_STREAM = "{{arn:api-logs}}:log-stream:ecs/api/0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const WORKER_LOG_STREAM = "{{arn:worker-logs}}:log-stream:ecs/worker/0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const FLOW_LOG_STREAM = "{{arn:network-flow-logs-log-group}}:log-stream:eni-0a1b2c3d4e5f60718-all";
const API_REPOSITORY = "arn:aws:ecr:{{region}}:{{account}}:repository/starscreen-api";
const WORKER_REPOSITORY = "arn:aws:ecr:{{region}}:{{account}}:repository/starscreen-worker";
const DATABASE_URL_SECRET = "arn:aws:secretsmanager:{{region}}:{{account}}:secret:starscreen/prod/database-url-Xy34Zw";
const OPENAI_KEY_PARAMETER = "arn:aws:ssm:{{region}}:{{account}}:parameter/starscreen/prod/openai-api-key";
const LOGS_KEY = "{{arn:logs-key}}";
/** The encryption context CloudWatch Logs sends for a log group. */
const logGroupContext = (logGroupArn: string) => ({ "kms:EncryptionContext:aws:logs:arn": logGroupArn });
/** What ECS sends when it assumes a task or execution role for a task of this account and region. */
const ECS_TASK_SOURCE = {
  "aws:SourceAccount": "{{account}}",
  "aws:SourceArn": "arn:aws:ecs:{{region}}:{{account}}:task/starscreen/0f1e2d3c4b5a69788796a5b4c3d2e1f0",
};

const NO_TLS = { "aws:SecureTransport": "false" } as const;
/** A KMS request S3 makes for the caller on an object of `bucket` (bucket keys: the context is the bucket ARN). */
const viaS3 = (bucketLogicalName: string) => ({
  "kms:ViaService": `s3.{{region:${bucketLogicalName}}}.amazonaws.com`,
  "kms:EncryptionContext:aws:s3:arn": `{{arn:${bucketLogicalName}}}`,
});
const VIA_S3_RESUMES = viaS3("resumes-bucket");
const VIA_S3_REPLICA = viaS3("replication-replica-bucket");
const SSE_KMS_RESUMES_KEY = {
  "s3:x-amz-server-side-encryption": "aws:kms",
  "s3:x-amz-server-side-encryption-aws-kms-key-id": RESUMES_KEY,
} as const;

// One row per line, so the table reads as a table.
// prettier-ignore
export const ACCESS_MATRIX: readonly AccessCase[] = [
  // ---- API task role ----
  { principal: "api-task", action: "s3:PutObject", resource: RESUME, expect: "Allowed", decidedBy: "ReadWriteResumes", why: "Upload a resume over TLS with no encryption headers: the bucket's default SSE-KMS applies (pre-signed PUTs look like this)." },
  { principal: "api-task", action: "s3:PutObject", resource: RESUME, context: SSE_KMS_RESUMES_KEY, expect: "Allowed", decidedBy: "ReadWriteResumes", why: "Upload naming the bucket's own KMS key by ARN." },
  { principal: "api-task", action: "s3:GetObject", resource: RESUME, expect: "Allowed", decidedBy: "ReadWriteResumes", why: "Download a resume over TLS." },
  { principal: "api-task", action: "s3:DeleteObject", resource: RESUME, expect: "Allowed", decidedBy: "ReadWriteResumes", why: "Delete a resume (adds a delete marker; lifecycle erases the versions)." },
  { principal: "api-task", action: "s3:PutObject", resource: RESUME, context: NO_TLS, expect: "ExplicitlyDenied", decidedBy: "DenyInsecureTransport", why: "Plain-HTTP upload." },
  { principal: "api-task", action: "s3:GetObject", resource: RESUME, context: NO_TLS, expect: "ExplicitlyDenied", decidedBy: "DenyInsecureTransport", why: "Plain-HTTP download." },
  { principal: "api-task", action: "s3:DeleteObject", resource: RESUME, context: NO_TLS, expect: "ExplicitlyDenied", decidedBy: "DenyInsecureTransport", why: "Plain-HTTP delete." },
  { principal: "api-task", action: "s3:PutObject", resource: RESUME, context: { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": REPLICA_KEY }, expect: "ExplicitlyDenied", decidedBy: "DenyOtherKmsKeys", why: "Upload asking for another KMS key (here the replica's)." },
  { principal: "api-task", action: "s3:PutObject", resource: RESUME, context: { "s3:x-amz-server-side-encryption": "AES256" }, expect: "ExplicitlyDenied", decidedBy: "DenyOtherEncryptionTypes", why: "Upload asking for SSE-S3 instead of the bucket's KMS key." },
  { principal: "api-task", action: "s3:PutObject", resource: RESUME, context: { "s3:x-amz-server-side-encryption": "aws:kms" }, expect: "ExplicitlyDenied", why: "Upload with `x-amz-server-side-encryption: aws:kms` and no key id: S3 then encrypts with the AWS managed key `aws/s3`, not the bucket's key (PutObject API reference), so this is an upload with another key and must be denied." },
  { principal: "api-task", action: "s3:PutObject", resource: RESUME, context: { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:{{region}}:{{account}}:alias/starscreen-infra-prod-resumes" }, expect: "ExplicitlyDenied", decidedBy: "DenyOtherKmsKeys", why: "As written, the key condition compares the header with the key ARN: naming even the right key by alias (or bare key id) is denied, so clients must send the key ARN or no key header. Fails safe." },
  { principal: "api-task", action: "s3:PutObject", resource: FOREIGN_OBJECT, expect: "ImplicitlyDenied", why: "Copying resumes out to another account's bucket." },
  { principal: "api-task", action: "s3:ListBucket", resource: RESUMES_BUCKET, expect: "ImplicitlyDenied", why: "App roles may not list the bucket." },
  { principal: "api-task", action: "s3:GetObject", resource: OUTSIDE_PREFIX, expect: "ImplicitlyDenied", why: "Objects outside `resumes/` are not the app's." },
  { principal: "api-task", action: "s3:DeleteObjectVersion", resource: RESUME, expect: "ImplicitlyDenied", why: "The app cannot erase versions; the lifecycle does." },
  { principal: "api-task", action: "s3:PutBucketPolicy", resource: RESUMES_BUCKET, expect: "ImplicitlyDenied", why: "No bucket administration." },
  { principal: "api-task", action: "s3:DeleteBucket", resource: RESUMES_BUCKET, expect: "ImplicitlyDenied", why: "No bucket administration." },
  { principal: "api-task", action: "s3:GetObject", resource: LOG_OBJECT, expect: "ImplicitlyDenied", why: "The access logs are not the app's." },
  { principal: "api-task", action: "s3:PutObject", resource: LOG_OBJECT, expect: "ImplicitlyDenied", why: "The app cannot forge access logs." },
  { principal: "api-task", action: "s3:GetObject", resource: REPLICA_RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "The replica is written by replication only." },
  { principal: "api-task", action: "s3:PutObject", resource: REPLICA_RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "The replica is written by replication only." },
  { principal: "api-task", action: "kms:GenerateDataKey", resource: RESUMES_KEY, context: VIA_S3_RESUMES, expect: "Allowed", decidedBy: "UseResumesKeyThroughS3", why: "S3 generates the data key for an upload, on the API's behalf, in the stack's region." },
  { principal: "api-task", action: "kms:Decrypt", resource: RESUMES_KEY, context: VIA_S3_RESUMES, expect: "Allowed", decidedBy: "UseResumesKeyThroughS3", why: "S3 decrypts for a download, on the API's behalf." },
  { principal: "api-task", action: "kms:Decrypt", resource: RESUMES_KEY, expect: "ImplicitlyDenied", why: "Direct use of the key, not through S3." },
  { principal: "api-task", action: "kms:Decrypt", resource: RESUMES_KEY, context: { ...VIA_S3_RESUMES, "kms:ViaService": "s3.us-west-2.amazonaws.com" }, expect: "ImplicitlyDenied", why: "Through S3, but in another region than the stack's." },
  { principal: "api-task", action: "kms:GenerateDataKey", resource: REPLICA_KEY, context: VIA_S3_REPLICA, expect: "ImplicitlyDenied", why: "The replica's key is not the app's." },
  { principal: "api-task", action: "kms:PutKeyPolicy", resource: RESUMES_KEY, expect: "ImplicitlyDenied", why: "No key administration." },

  // ---- Browser uploads and downloads with URLs pre-signed by the API ----
  { principal: "api-presigned-url", action: "s3:PutObject", resource: RESUME, expect: "Allowed", decidedBy: "ReadWriteResumes", why: "A browser uploads a resume with a pre-signed PUT (no encryption headers: default SSE-KMS)." },
  { principal: "api-presigned-url", action: "s3:GetObject", resource: RESUME, expect: "Allowed", decidedBy: "ReadWriteResumes", why: "A browser downloads a resume with a pre-signed GET." },
  { principal: "api-presigned-url", action: "s3:PutObject", resource: RESUME, context: NO_TLS, expect: "ExplicitlyDenied", decidedBy: "DenyInsecureTransport", why: "A pre-signed URL used over plain HTTP." },
  { principal: "api-presigned-url", action: "s3:PutObject", resource: OUTSIDE_PREFIX, expect: "ImplicitlyDenied", why: "A pre-signed URL for a key outside `resumes/`." },

  // ---- Worker task role ----
  { principal: "worker-task", action: "s3:GetObject", resource: RESUME, expect: "Allowed", decidedBy: "ReadResumes", why: "Download a resume to parse it." },
  { principal: "worker-task", action: "s3:PutObject", resource: RESUME, expect: "ImplicitlyDenied", why: "Workers only read." },
  { principal: "worker-task", action: "s3:DeleteObject", resource: RESUME, expect: "ImplicitlyDenied", why: "Workers only read." },
  { principal: "worker-task", action: "s3:GetObject", resource: RESUME, context: NO_TLS, expect: "ExplicitlyDenied", decidedBy: "DenyInsecureTransport", why: "Plain-HTTP download." },
  { principal: "worker-task", action: "s3:ListBucket", resource: RESUMES_BUCKET, expect: "ImplicitlyDenied", why: "App roles may not list the bucket." },
  { principal: "worker-task", action: "s3:GetObject", resource: REPLICA_RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "The replica is not the workers'." },
  { principal: "worker-task", action: "kms:Decrypt", resource: RESUMES_KEY, context: VIA_S3_RESUMES, expect: "Allowed", decidedBy: "DecryptResumesThroughS3", why: "S3 decrypts for a download, on the worker's behalf." },
  { principal: "worker-task", action: "kms:GenerateDataKey", resource: RESUMES_KEY, context: VIA_S3_RESUMES, expect: "ImplicitlyDenied", why: "Workers never encrypt." },
  { principal: "worker-task", action: "kms:Decrypt", resource: RESUMES_KEY, expect: "ImplicitlyDenied", why: "Direct use of the key, not through S3." },

  // ---- Replication role ----
  { principal: "replication", action: "s3:GetReplicationConfiguration", resource: RESUMES_BUCKET, expect: "Allowed", decidedBy: "ReadReplicationConfiguration", why: "Replication reads the source's configuration." },
  { principal: "replication", action: "s3:ListBucket", resource: RESUMES_BUCKET, expect: "Allowed", decidedBy: "ReadReplicationConfiguration", why: "Replication lists the source (AWS's documented replication permissions)." },
  { principal: "replication", action: "s3:GetObjectVersionForReplication", resource: RESUME, expect: "Allowed", decidedBy: "ReadSourceVersions", why: "Replication reads each new version." },
  { principal: "replication", action: "s3:GetObjectVersionAcl", resource: RESUME, expect: "Allowed", decidedBy: "ReadSourceVersions", why: "Replication reads the version's ACL." },
  { principal: "replication", action: "s3:GetObjectVersionTagging", resource: RESUME, expect: "Allowed", decidedBy: "ReadSourceVersions", why: "Replication reads the version's tags." },
  { principal: "replication", action: "s3:ReplicateObject", resource: REPLICA_RESUME, expect: "Allowed", decidedBy: "WriteReplicas", why: "Replication writes the copy." },
  { principal: "replication", action: "s3:ReplicateDelete", resource: REPLICA_RESUME, expect: "Allowed", decidedBy: "WriteReplicas", why: "Replication copies delete markers (a deleted resume leaves the replica too)." },
  { principal: "replication", action: "s3:ReplicateTags", resource: REPLICA_RESUME, expect: "Allowed", decidedBy: "WriteReplicas", why: "Replication copies tags." },
  { principal: "replication", action: "s3:GetObjectVersionForReplication", resource: RESUME, context: NO_TLS, expect: "ExplicitlyDenied", decidedBy: "DenyInsecureTransport", why: "Even replication must use TLS." },
  { principal: "replication", action: "s3:GetObject", resource: RESUME, expect: "ImplicitlyDenied", why: "A plain read is not replication." },
  { principal: "replication", action: "s3:PutObject", resource: RESUME, expect: "ImplicitlyDenied", why: "Replication never writes the source." },
  { principal: "replication", action: "s3:ReplicateObject", resource: RESUME, expect: "ImplicitlyDenied", why: "Replication runs one way only: into the replica." },
  { principal: "replication", action: "s3:GetObject", resource: REPLICA_RESUME, expect: "ImplicitlyDenied", why: "Replication does not read the replica." },
  { principal: "replication", action: "s3:ReplicateObject", resource: FOREIGN_OBJECT, expect: "ImplicitlyDenied", why: "Replication into any other bucket (here another account's)." },
  { principal: "replication", action: "s3:GetObject", resource: LOG_OBJECT, expect: "ImplicitlyDenied", why: "The access logs are not replication's." },
  { principal: "replication", action: "kms:Decrypt", resource: RESUMES_KEY, context: VIA_S3_RESUMES, expect: "Allowed", decidedBy: "DecryptSourceVersions", why: "S3 decrypts source versions in the source region for replication." },
  { principal: "replication", action: "kms:GenerateDataKey", resource: REPLICA_KEY, context: VIA_S3_REPLICA, expect: "Allowed", decidedBy: "EncryptReplicas", why: "S3 encrypts the copy with the replica's key, in the replica's region." },
  { principal: "replication", action: "kms:Encrypt", resource: REPLICA_KEY, context: VIA_S3_REPLICA, expect: "Allowed", decidedBy: "EncryptReplicas", why: "S3 encrypts the copy with the replica's key, in the replica's region." },
  { principal: "replication", action: "kms:Decrypt", resource: RESUMES_KEY, expect: "ImplicitlyDenied", why: "Direct use of the source key, not through S3." },
  { principal: "replication", action: "kms:GenerateDataKey", resource: REPLICA_KEY, context: { ...VIA_S3_REPLICA, "kms:EncryptionContext:aws:s3:arn": FOREIGN_BUCKET }, expect: "ImplicitlyDenied", why: "The replica key used for a bucket that is not the replica." },
  { principal: "replication", action: "kms:Decrypt", resource: REPLICA_KEY, context: VIA_S3_REPLICA, expect: "ImplicitlyDenied", why: "Replication never reads replicas back." },

  // ---- A principal of this account outside the data perimeter ----
  { principal: "account-admin", action: "s3:GetObject", resource: RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "`s3:*` in its own policy does not reach resumes." },
  { principal: "account-admin", action: "s3:PutObject", resource: RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "`s3:*` in its own policy does not reach resumes." },
  { principal: "account-admin", action: "s3:DeleteObject", resource: RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "`s3:*` in its own policy does not reach resumes." },
  { principal: "account-admin", action: "s3:GetObjectVersion", resource: RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "Nor old versions of them." },
  { principal: "account-admin", action: "s3:GetObject", resource: REPLICA_RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "Nor their replicas." },
  { principal: "account-admin", action: "s3:PutObject", resource: OUTSIDE_PREFIX, expect: "ExplicitlyDenied", why: "DESIGN.md: the resumes bucket's object access is limited to the app's roles. The perimeter names only `resumes/*`, so any other key of the bucket is open to every principal of the account with S3 rights (and such objects escape the `resumes/` expiry rule)." },
  { principal: "account-admin", action: "s3:PutBucketPolicy", resource: RESUMES_BUCKET, expect: "Allowed", decidedBy: "AssumedBroadAccess", why: "The perimeter names objects only, so deploys can still update the bucket's policy (no lock-out)." },
  { principal: "account-admin", action: "s3:PutLifecycleConfiguration", resource: RESUMES_BUCKET, expect: "Allowed", decidedBy: "AssumedBroadAccess", why: "…and its lifecycle." },
  { principal: "account-admin", action: "s3:PutBucketPolicy", resource: RESUMES_BUCKET, context: NO_TLS, expect: "ExplicitlyDenied", decidedBy: "DenyInsecureTransport", why: "Administration over plain HTTP." },
  { principal: "account-admin", action: "kms:PutKeyPolicy", resource: RESUMES_KEY, expect: "Allowed", decidedBy: "AccountAdministersKey", why: "The account root keeps key administration (KMS's lock-out safety check)." },
  { principal: "account-admin", action: "kms:PutKeyPolicy", resource: REPLICA_KEY, expect: "Allowed", decidedBy: "AccountAdministersKey", why: "Same for the replica's key." },
  { principal: "account-admin", action: "kms:Decrypt", resource: RESUMES_KEY, expect: "ImplicitlyDenied", why: "Even `kms:*` cannot use the key directly: the key policy allows use only through S3." },
  { principal: "account-admin", action: "kms:ScheduleKeyDeletion", resource: REPLICA_KEY, expect: "Allowed", decidedBy: "AccountAdministersKey", why: "Key administration (deletion waits out the 30-day window)." },

  // ---- Another account ----
  { principal: "other-account", action: "s3:GetObject", resource: RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "Cross-account read of a resume." },
  { principal: "other-account", action: "s3:PutObject", resource: RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "Cross-account write of a resume." },
  { principal: "other-account", action: "s3:ListBucket", resource: RESUMES_BUCKET, expect: "ImplicitlyDenied", why: "No bucket policy grants another account anything." },
  { principal: "other-account", action: "s3:PutBucketPolicy", resource: RESUMES_BUCKET, expect: "ImplicitlyDenied", why: "No bucket policy grants another account anything." },
  { principal: "other-account", action: "s3:GetObject", resource: LOG_OBJECT, expect: "ImplicitlyDenied", why: "Cross-account read of the access logs." },
  { principal: "other-account", action: "s3:GetObject", resource: REPLICA_RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "Cross-account read of a replica." },
  { principal: "other-account", action: "kms:Decrypt", resource: RESUMES_KEY, context: VIA_S3_RESUMES, expect: "ImplicitlyDenied", why: "The key policy trusts this account only." },

  // ---- Anonymous ----
  { principal: "anonymous", action: "s3:GetObject", resource: RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "Public read of a resume." },
  { principal: "anonymous", action: "s3:PutObject", resource: RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "Public write of a resume." },
  { principal: "anonymous", action: "s3:ListBucket", resource: RESUMES_BUCKET, expect: "ImplicitlyDenied", why: "Public listing." },
  { principal: "anonymous", action: "s3:GetObject", resource: LOG_OBJECT, expect: "ImplicitlyDenied", why: "Public read of the access logs." },
  { principal: "anonymous", action: "s3:GetObject", resource: REPLICA_RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "Public read of a replica." },

  // ---- Services: log delivery and role trust ----
  { principal: "s3-log-delivery", action: "s3:PutObject", resource: LOG_OBJECT, context: { "aws:SourceArn": RESUMES_BUCKET, "aws:SourceAccount": "{{account}}" }, expect: "Allowed", decidedBy: "S3ServerAccessLogsFromResumes", why: "S3 delivers the resumes bucket's access logs." },
  { principal: "s3-log-delivery", action: "s3:PutObject", resource: LOG_OBJECT, context: { "aws:SourceArn": FOREIGN_BUCKET, "aws:SourceAccount": OTHER_ACCOUNT }, expect: "ImplicitlyDenied", why: "Another bucket's logs cannot be delivered here (confused deputy)." },
  { principal: "s3-log-delivery", action: "s3:PutObject", resource: LOG_OBJECT, context: { "aws:SourceArn": RESUMES_BUCKET, "aws:SourceAccount": OTHER_ACCOUNT }, expect: "ImplicitlyDenied", why: "Delivery on behalf of another account." },
  { principal: "s3-log-delivery", action: "s3:PutObject", resource: REPLICA_LOG_OBJECT, context: { "aws:SourceArn": REPLICA_BUCKET, "aws:SourceAccount": "{{account}}" }, expect: "Allowed", decidedBy: "S3ServerAccessLogsFromReplica", why: "S3 delivers the replica's access logs in its region." },
  { principal: "s3-log-delivery", action: "s3:PutObject", resource: REPLICA_LOG_OBJECT, context: { "aws:SourceArn": RESUMES_BUCKET, "aws:SourceAccount": "{{account}}" }, expect: "ImplicitlyDenied", why: "Each log bucket takes only its own region's source." },
  { principal: "s3-log-delivery", action: "s3:GetObject", resource: LOG_OBJECT, context: { "aws:SourceArn": RESUMES_BUCKET, "aws:SourceAccount": "{{account}}" }, expect: "ImplicitlyDenied", why: "Log delivery only writes." },
  { principal: "s3-service", action: "sts:AssumeRole", resource: "{{arn:replication-role}}", context: { "aws:SourceAccount": "{{account}}" }, expect: "Allowed", decidedBy: "AssumeFromService", why: "S3 assumes the replication role for this account's buckets." },
  { principal: "s3-service", action: "sts:AssumeRole", resource: "{{arn:replication-role}}", context: { "aws:SourceAccount": OTHER_ACCOUNT }, expect: "ImplicitlyDenied", why: "S3 acting for another account's bucket (confused deputy)." },
  { principal: "ecs-tasks-service", action: "sts:AssumeRole", resource: "{{arn:replication-role}}", context: { "aws:SourceAccount": "{{account}}" }, expect: "ImplicitlyDenied", why: "Tasks cannot assume the replication role." },
  // ---- Execution roles (the ECS agent) ----
  { principal: "api-execution", action: "ecr:GetAuthorizationToken", resource: "*", expect: "Allowed", decidedBy: "LogInToEcr", why: "Log in to ECR (the action supports no resource-level permission)." },
  { principal: "api-execution", action: "ecr:BatchGetImage", resource: API_REPOSITORY, expect: "Allowed", decidedBy: "PullImage", why: "Pull the API image's manifest." },
  { principal: "api-execution", action: "ecr:GetDownloadUrlForLayer", resource: API_REPOSITORY, expect: "Allowed", decidedBy: "PullImage", why: "Get the image layers' download URLs." },
  { principal: "api-execution", action: "ecr:BatchCheckLayerAvailability", resource: API_REPOSITORY, expect: "Allowed", decidedBy: "PullImage", why: "Check the image layers." },
  { principal: "api-execution", action: "ecr:BatchGetImage", resource: WORKER_REPOSITORY, expect: "ImplicitlyDenied", why: "Each service pulls only its own image." },
  { principal: "api-execution", action: "ecr:PutImage", resource: API_REPOSITORY, expect: "ImplicitlyDenied", why: "Running tasks cannot push images." },
  { principal: "api-execution", action: "logs:CreateLogStream", resource: API_LOG_STREAM, expect: "Allowed", decidedBy: "WriteContainerLogs", why: "Create the task's log stream in the API log group." },
  { principal: "api-execution", action: "logs:PutLogEvents", resource: API_LOG_STREAM, expect: "Allowed", decidedBy: "WriteContainerLogs", why: "Write the container's logs." },
  { principal: "api-execution", action: "logs:PutLogEvents", resource: WORKER_LOG_STREAM, expect: "ImplicitlyDenied", why: "Another service's log group." },
  { principal: "api-execution", action: "logs:DeleteLogGroup", resource: "{{arn:api-logs}}", expect: "ImplicitlyDenied", why: "No log administration." },
  { principal: "api-execution", action: "secretsmanager:GetSecretValue", resource: DATABASE_URL_SECRET, expect: "Allowed", decidedBy: "ReadSecretsManagerSecrets", why: "Fetch the configured DATABASE_URL secret at task start." },
  { principal: "api-execution", action: "secretsmanager:GetSecretValue", resource: "arn:aws:secretsmanager:{{region}}:{{account}}:secret:starscreen/prod/admin-password-AbC123", expect: "ImplicitlyDenied", why: "Secrets the service is not configured with." },
  { principal: "api-execution", action: "ssm:GetParameters", resource: OPENAI_KEY_PARAMETER, expect: "Allowed", decidedBy: "ReadSsmParameters", why: "Fetch the configured SSM parameter at task start." },
  { principal: "api-execution", action: "kms:Decrypt", resource: SECRETS_KEY, context: { "kms:ViaService": "secretsmanager.{{region}}.amazonaws.com" }, expect: "Allowed", decidedBy: "DecryptSecrets", why: "Secrets Manager decrypts the secret for the agent." },
  { principal: "api-execution", action: "kms:Decrypt", resource: SECRETS_KEY, expect: "ImplicitlyDenied", why: "Direct use of the secrets key." },
  { principal: "api-execution", action: "s3:GetObject", resource: RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "The execution role is not the app: no resumes." },
  { principal: "worker-execution", action: "ecr:GetAuthorizationToken", resource: "*", expect: "Allowed", decidedBy: "LogInToEcr", why: "Log in to ECR." },
  { principal: "worker-execution", action: "ecr:BatchGetImage", resource: WORKER_REPOSITORY, expect: "Allowed", decidedBy: "PullImage", why: "Pull the worker image." },
  { principal: "worker-execution", action: "ecr:BatchGetImage", resource: API_REPOSITORY, expect: "ImplicitlyDenied", why: "Each service pulls only its own image." },
  { principal: "worker-execution", action: "logs:PutLogEvents", resource: WORKER_LOG_STREAM, expect: "Allowed", decidedBy: "WriteContainerLogs", why: "Write the container's logs." },
  { principal: "worker-execution", action: "logs:PutLogEvents", resource: API_LOG_STREAM, expect: "ImplicitlyDenied", why: "Another service's log group." },
  { principal: "worker-execution", action: "secretsmanager:GetSecretValue", resource: DATABASE_URL_SECRET, expect: "Allowed", decidedBy: "ReadSecretsManagerSecrets", why: "Fetch the configured secret." },
  { principal: "worker-execution", action: "ssm:GetParameters", resource: OPENAI_KEY_PARAMETER, expect: "Allowed", decidedBy: "ReadSsmParameters", why: "Fetch the configured parameter." },
  { principal: "worker-execution", action: "kms:Decrypt", resource: SECRETS_KEY, context: { "kms:ViaService": "ssm.{{region}}.amazonaws.com" }, expect: "Allowed", decidedBy: "DecryptSecrets", why: "SSM decrypts the SecureString parameter for the agent." },
  { principal: "worker-execution", action: "kms:Decrypt", resource: SECRETS_KEY, context: { "kms:ViaService": "s3.{{region}}.amazonaws.com" }, expect: "ImplicitlyDenied", why: "The secrets key only through Secrets Manager or SSM." },

  // ---- VPC flow-log delivery ----
  { principal: "flow-logs-delivery", action: "logs:CreateLogStream", resource: FLOW_LOG_STREAM, expect: "Allowed", decidedBy: "WriteFlowLogs", why: "Create a stream per network interface." },
  { principal: "flow-logs-delivery", action: "logs:PutLogEvents", resource: FLOW_LOG_STREAM, expect: "Allowed", decidedBy: "WriteFlowLogs", why: "Write flow records." },
  { principal: "flow-logs-delivery", action: "logs:PutLogEvents", resource: API_LOG_STREAM, expect: "ImplicitlyDenied", why: "Only the flow-log group." },
  { principal: "flow-logs-delivery", action: "logs:DescribeLogStreams", resource: "{{arn:network-flow-logs-log-group}}", expect: "Allowed", decidedBy: "ListFlowLogStreams", why: "Find its streams in the flow-log group." },
  { principal: "flow-logs-delivery", action: "logs:DescribeLogGroups", resource: "*", expect: "Allowed", decidedBy: "FindFlowLogGroup", why: "Check the group exists (the action supports no resource-level permission)." },
  { principal: "flow-logs-delivery", action: "s3:GetObject", resource: RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "No resumes." },

  // ---- The S3 gateway endpoint, seen from inside the VPC ----
  { principal: "admin-inside-vpc", action: "s3:GetObject", resource: LOG_OBJECT, expect: "ImplicitlyDenied", blockedBy: "vpc-endpoint-policy", why: "Even admin credentials reach only the stack's resume objects (and ECR layers) through the endpoint." },
  { principal: "admin-inside-vpc", action: "s3:PutObject", resource: FOREIGN_OBJECT, expect: "ImplicitlyDenied", why: "No copying out to other buckets through the endpoint." },
  { principal: "admin-inside-vpc", action: "s3:DeleteBucket", resource: RESUMES_BUCKET, expect: "ImplicitlyDenied", blockedBy: "vpc-endpoint-policy", why: "No bucket administration through the endpoint." },
  { principal: "admin-inside-vpc", action: "s3:GetObject", resource: RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "The endpoint lets the request through; the bucket's perimeter stops it." },
  { principal: "ecr-layer-download", action: "s3:GetObject", resource: `${ECR_LAYER_BUCKET}/sha256/3c9f6b2a1d0e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a`, expect: "Allowed", decidedBy: "EcrImageLayers", why: "Image layers download through the endpoint (no NAT needed for pulls)." },

  // ---- CloudWatch Logs and the logs key ----
  { principal: "cloudwatch-logs-service", action: "kms:GenerateDataKey", resource: LOGS_KEY, context: logGroupContext("{{arn:api-logs}}"), expect: "Allowed", decidedBy: "CloudWatchLogsEncryptsStackLogGroups", why: "CloudWatch Logs encrypts the API log group." },
  { principal: "cloudwatch-logs-service", action: "kms:Decrypt", resource: LOGS_KEY, context: logGroupContext("{{arn:network-flow-logs-log-group}}"), expect: "Allowed", decidedBy: "CloudWatchLogsEncryptsStackLogGroups", why: "CloudWatch Logs decrypts the flow logs for readers." },
  { principal: "cloudwatch-logs-service", action: "kms:Decrypt", resource: LOGS_KEY, context: logGroupContext("arn:aws:logs:{{region}}:{{account}}:log-group:/other-app/audit"), expect: "ImplicitlyDenied", why: "Log groups outside the stack's prefix cannot use the key." },
  { principal: "cloudwatch-logs-service", action: "kms:Decrypt", resource: LOGS_KEY, context: logGroupContext(`arn:aws:logs:{{region}}:${OTHER_ACCOUNT}:log-group:/starscreen/prod/ecs/api`), expect: "ImplicitlyDenied", why: "Another account's log group with the same name." },
  { principal: "cloudwatch-logs-service", action: "kms:Decrypt", resource: RESUMES_KEY, context: logGroupContext("{{arn:api-logs}}"), expect: "ImplicitlyDenied", why: "CloudWatch Logs cannot use the resumes key." },
  { principal: "account-admin", action: "kms:PutKeyPolicy", resource: LOGS_KEY, expect: "Allowed", decidedBy: "AccountAdministersKey", why: "The account root keeps administration of the logs key." },
  { principal: "account-admin", action: "kms:Decrypt", resource: LOGS_KEY, expect: "ImplicitlyDenied", why: "Only CloudWatch Logs uses the logs key." },

  // ---- Load balancer access logs ----
  { principal: "elb-log-delivery", action: "s3:PutObject", resource: "{{arn:access-logs-bucket}}/alb/AWSLogs/{{account}}/elasticloadbalancing/{{region}}/2024/01/31/123456789012_elasticloadbalancing_us-east-1_app.api-lb_20240131T0000Z_10.30.0.1_abc.log.gz", expect: "Allowed", decidedBy: "LoadBalancerAccessLogs", why: "The ELB account delivers the ALB's access logs under `alb/`." },
  { principal: "elb-log-delivery", action: "s3:PutObject", resource: LOG_OBJECT, expect: "ImplicitlyDenied", why: "…and nowhere else in the log bucket." },
  { principal: "elb-log-delivery", action: "s3:PutObject", resource: RESUME, expect: "ExplicitlyDenied", decidedBy: "DenyObjectAccessOutsideDataPerimeter", why: "…and never into the resumes bucket." },

  // ---- Role trust ----
  { principal: "ecs-tasks-service", action: "sts:AssumeRole", resource: "{{arn:api-task-role}}", context: ECS_TASK_SOURCE, expect: "Allowed", decidedBy: "AssumeFromService", why: "ECS gives API tasks of this account and region their role." },
  { principal: "ecs-tasks-service", action: "sts:AssumeRole", resource: "{{arn:worker-task-role}}", context: ECS_TASK_SOURCE, expect: "Allowed", decidedBy: "AssumeFromService", why: "ECS gives worker tasks their role." },
  { principal: "ecs-tasks-service", action: "sts:AssumeRole", resource: "{{arn:api-execution-role}}", context: ECS_TASK_SOURCE, expect: "Allowed", decidedBy: "AssumeFromService", why: "The ECS agent uses the API execution role." },
  { principal: "ecs-tasks-service", action: "sts:AssumeRole", resource: "{{arn:worker-execution-role}}", context: ECS_TASK_SOURCE, expect: "Allowed", decidedBy: "AssumeFromService", why: "The ECS agent uses the worker execution role." },
  { principal: "ecs-tasks-service", action: "sts:AssumeRole", resource: "{{arn:api-task-role}}", context: { ...ECS_TASK_SOURCE, "aws:SourceArn": "arn:aws:ecs:eu-west-1:{{account}}:task/starscreen/0f1e2d3c4b5a69788796a5b4c3d2e1f0" }, expect: "ImplicitlyDenied", why: "A task in another region." },
  { principal: "ecs-tasks-service", action: "sts:AssumeRole", resource: "{{arn:api-task-role}}", context: { "aws:SourceAccount": OTHER_ACCOUNT, "aws:SourceArn": `arn:aws:ecs:{{region}}:${OTHER_ACCOUNT}:task/starscreen/0f1e2d3c4b5a69788796a5b4c3d2e1f0` }, expect: "ImplicitlyDenied", why: "Another account's task (confused deputy)." },
  { principal: "vpc-flow-logs-service", action: "sts:AssumeRole", resource: "{{arn:network-flow-logs-delivery-role}}", context: { "aws:SourceAccount": "{{account}}", "aws:SourceArn": "arn:aws:ec2:{{region}}:{{account}}:vpc-flow-log/fl-0a1b2c3d4e5f60718" }, expect: "Allowed", decidedBy: "AssumeFromService", why: "VPC Flow Logs delivers this account's flow logs." },
  { principal: "vpc-flow-logs-service", action: "sts:AssumeRole", resource: "{{arn:api-task-role}}", context: { "aws:SourceAccount": "{{account}}", "aws:SourceArn": "arn:aws:ec2:{{region}}:{{account}}:vpc-flow-log/fl-0a1b2c3d4e5f60718" }, expect: "ImplicitlyDenied", why: "Flow logs cannot take the API's role." },
];
