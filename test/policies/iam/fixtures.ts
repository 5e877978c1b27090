/**
 * IAM and KMS fixtures shaped like our stacks (docs/DESIGN "How OUR stacks will look"): the task roles, the
 * execution role, the replication role, the KMS keys and the bucket / endpoint policies, for dev and prod.
 * Builders return fresh objects so a test can change one field.
 */
import { KEY_ADMIN_ACTIONS } from "../../../components/storage/encryption-key";
import { EC2, IAM, KMS, S3 } from "../../../policies/lib/resource-types";
import type { FakeResource } from "../../helpers/policy-harness";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
export const REPLICA_REGION = "us-west-2";

export type Env = "dev" | "prod";

const bucket = (env: Env) => `starscreen-resumes-${env}`;
const replicaBucket = (env: Env) => `starscreen-resumes-${env}-replica`;
const logBucket = (env: Env) => `starscreen-access-logs-${env}`;
const keyArn = (id: string, region = REGION) => `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

export function ecsTrust(): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT },
          ArnLike: { "aws:SourceArn": `arn:aws:ecs:${REGION}:${ACCOUNT}:*` },
        },
      },
    ],
  };
}

export function s3Trust(): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
    ],
  };
}

export function apiPolicy(env: Env): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ResumeObjects",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
        Resource: `arn:aws:s3:::${bucket(env)}/resumes/*`,
      },
      {
        Sid: "KmsViaS3",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: keyArn("data"),
        Condition: { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } },
      },
    ],
  };
}

export function workerPolicy(env: Env): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadResumes",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::${bucket(env)}/resumes/*`,
      },
      {
        Sid: "KmsViaS3",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: keyArn("data"),
        Condition: { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } },
      },
    ],
  };
}

export function executionPolicy(): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "EcrAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "EcrPull",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/starscreen`,
      },
      {
        Sid: "Logs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/starscreen/api:*`,
      },
      {
        Sid: "Secrets",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:starscreen/db-AbCdEf`,
      },
    ],
  };
}

export function replicationPolicy(env: Env): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "SourceBucket",
        Effect: "Allow",
        Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
        Resource: `arn:aws:s3:::${bucket(env)}`,
      },
      {
        Sid: "SourceObjects",
        Effect: "Allow",
        Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
        Resource: `arn:aws:s3:::${bucket(env)}/*`,
      },
      {
        Sid: "ReplicaObjects",
        Effect: "Allow",
        Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
        Resource: `arn:aws:s3:::${replicaBucket(env)}/*`,
      },
      {
        Sid: "SourceKey",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: keyArn("data"),
        Condition: { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } },
      },
      {
        Sid: "ReplicaKey",
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:GenerateDataKey"],
        Resource: keyArn("replica", REPLICA_REGION),
        Condition: { StringEquals: { "kms:ViaService": `s3.${REPLICA_REGION}.amazonaws.com` } },
      },
    ],
  };
}

/** The account-root statement with the admin actions spelled out (no `kms:*`). */
export function rootAdminStatement(): Record<string, unknown> {
  return {
    Sid: "AccountRootAdmin",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    // The admin actions our EncryptionKey component really spells out.
    Action: [...KEY_ADMIN_ACTIONS],
    Resource: "*",
  };
}

export function dataKeyPolicy(region = REGION): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      rootAdminStatement(),
      {
        Sid: "AppUseViaS3",
        Effect: "Allow",
        Principal: {
          AWS: [roleArn("starscreen-api"), roleArn("starscreen-worker"), roleArn("starscreen-replication")],
        },
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
        Resource: "*",
        Condition: {
          StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com`, "kms:CallerAccount": ACCOUNT },
        },
      },
    ],
  };
}

export function logKeyPolicy(): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      rootAdminStatement(),
      {
        Sid: "CloudWatchLogs",
        Effect: "Allow",
        Principal: { Service: `logs.${REGION}.amazonaws.com` },
        Action: [
          "kms:Encrypt",
          "kms:Decrypt",
          "kms:ReEncryptFrom",
          "kms:ReEncryptTo",
          "kms:GenerateDataKey",
          "kms:GenerateDataKeyWithoutPlaintext",
          "kms:DescribeKey",
        ],
        Resource: "*",
        Condition: {
          ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*` },
        },
      },
    ],
  };
}

export function resumesBucketPolicy(env: Env): Record<string, unknown> {
  const b = bucket(env);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "DenyWrongKmsKey",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:::${b}/*`,
        Condition: {
          StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn("data") },
          Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
        },
      },
      {
        Sid: "DataPerimeter",
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion", "s3:DeleteObjectVersion"],
        Resource: `arn:aws:s3:::${b}/resumes/*`,
        Condition: {
          StringNotLike: {
            "aws:PrincipalArn": [
              roleArn("starscreen-api"),
              roleArn("starscreen-worker"),
              roleArn("starscreen-replication"),
            ],
          },
        },
      },
    ],
  };
}

export function logBucketPolicy(env: Env): Record<string, unknown> {
  const b = logBucket(env);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "S3ServerAccessLogs",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:::${b}/s3/*`,
        Condition: {
          ArnLike: { "aws:SourceArn": `arn:aws:s3:::${bucket(env)}` },
          StringEquals: { "aws:SourceAccount": ACCOUNT },
        },
      },
      {
        Sid: "AlbAccessLogs",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::127311923021:root" },
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:::${b}/alb/AWSLogs/${ACCOUNT}/*`,
      },
    ],
  };
}

export function endpointPolicy(env: Env): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AppBucket",
        Effect: "Allow",
        Principal: "*",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: `arn:aws:s3:::${bucket(env)}/*`,
      },
      {
        Sid: "EcrLayers",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::prod-${REGION}-starport-layer-bucket/*`,
      },
    ],
  };
}

/**
 * Every IAM/KMS-relevant resource of one stack. Documents come as JSON strings (what `pulumi.jsonStringify` and
 * `getPolicyDocument().json` produce), except the worker's inline policy, which is an object.
 */
export function ourStack(env: Env): FakeResource[] {
  const json = (doc: unknown) => JSON.stringify(doc);
  const window = env === "prod" ? 30 : 7;
  const keys: FakeResource[] = [
    {
      type: KMS.key,
      name: "resumes-key",
      protect: env === "prod",
      props: { enableKeyRotation: true, deletionWindowInDays: window, policy: json(dataKeyPolicy()) },
    },
    {
      type: KMS.key,
      name: "logs-key",
      props: { enableKeyRotation: true, deletionWindowInDays: window, policy: json(logKeyPolicy()) },
    },
  ];
  if (env === "prod") {
    keys.push({
      type: KMS.key,
      name: "replica-key",
      protect: true,
      props: {
        enableKeyRotation: true,
        deletionWindowInDays: window,
        policy: json(dataKeyPolicy(REPLICA_REGION)),
        region: REPLICA_REGION,
      },
    });
  }
  const roles: FakeResource[] = [
    { type: IAM.role, name: "api-task-role", props: { assumeRolePolicy: json(ecsTrust()) } },
    { type: IAM.rolePolicy, name: "api-task-policy", props: { role: "api-task-role", policy: json(apiPolicy(env)) } },
    {
      type: IAM.role,
      name: "worker-task-role",
      props: { assumeRolePolicy: json(ecsTrust()), inlinePolicies: [{ name: "s3-read", policy: workerPolicy(env) }] },
    },
    { type: IAM.role, name: "execution-role", props: { assumeRolePolicy: json(ecsTrust()) } },
    {
      type: IAM.rolePolicy,
      name: "execution-policy",
      props: { role: "execution-role", policy: json(executionPolicy()) },
    },
  ];
  if (env === "prod") {
    roles.push(
      { type: IAM.role, name: "replication-role", props: { assumeRolePolicy: json(s3Trust()) } },
      {
        type: IAM.rolePolicy,
        name: "replication-policy",
        props: { role: "replication-role", policy: json(replicationPolicy(env)) },
      },
    );
  }
  const documents: FakeResource[] = [
    { type: S3.policy, name: "resumes-policy", props: { bucket: bucket(env), policy: json(resumesBucketPolicy(env)) } },
    {
      type: S3.policy,
      name: "access-log-policy",
      props: { bucket: logBucket(env), policy: json(logBucketPolicy(env)) },
    },
    {
      type: EC2.vpcEndpoint,
      name: "s3-endpoint",
      props: {
        serviceName: `com.amazonaws.${REGION}.s3`,
        vpcEndpointType: "Gateway",
        policy: json(endpointPolicy(env)),
      },
    },
  ];
  return [...keys, ...roles, ...documents];
}

/** A policy document as the JSON text `pulumi.jsonStringify` would produce. */
export function asJson(doc: unknown): string {
  return JSON.stringify(doc);
}

/** One Allow statement in an identity policy document. */
export function identityDoc(statement: Record<string, unknown> | Record<string, unknown>[]): Record<string, unknown> {
  return { Version: "2012-10-17", Statement: statement };
}
