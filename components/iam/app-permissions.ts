/**
 * Who may do what, as data. Every permission an application role gets (the API and worker task roles, each
 * service's execution role, the VPC flow-log delivery role) is one row of `APP_PERMISSIONS`: the roles it applies
 * to, the exact IAM actions, and the kind of resource they act on. `permissionStatements` turns the rows for one
 * role into policy statements by resolving each resource kind to that role's ARNs; the S3 gateway endpoint policy
 * reads the same table (`actionsOn`), so the network can never allow less (or more) than the roles use.
 *
 * Rules the table keeps (and tests check): no wildcard actions; `Resource: "*"` only for actions that support no
 * resource-level permission (`ecr:GetAuthorizationToken`, the `ssmmessages:*Channel` actions of ECS Exec); no
 * `s3:ListBucket` for app roles; KMS use only through the service that encrypts the data (`kms:ViaService`).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "./policy-document";

/** The roles the table describes. */
export type AppRole = "api-task" | "worker-task" | "execution" | "flow-logs";

/** What a grant acts on; `permissionStatements` resolves each kind to ARNs for one role. */
export type ResourceKind =
  /** `<resumes-bucket>/resumes/*`. */
  | "resumeObjects"
  /** The resumes bucket's KMS key (absent with SSE-S3), used only through S3 in the stack's region. */
  | "resumesKey"
  /** The ECR repositories the service's image comes from. */
  | "imageRepositories"
  /** The streams of the role's own log group: `<logGroupArn>:*`. */
  | "ownLogStreams"
  /** The role's own log group itself (actions whose resource is the group, such as DescribeLogStreams). */
  | "ownLogGroup"
  /** The Secrets Manager secrets the service's containers receive. */
  | "secretsManagerSecrets"
  /** The SSM parameters the service's containers receive. */
  | "ssmParameters"
  /** KMS keys that encrypt those secrets, used only through Secrets Manager / SSM in the stack's region. */
  | "secretsKeys"
  /** `*`: only for actions that support no resource-level permission. */
  | "anyResource";

/** Optional features that add grants when a service turns them on. */
export type Feature = "ecsExec";

export interface Grant {
  /** Statement id in the generated policy. */
  readonly sid: string;
  readonly roles: readonly AppRole[];
  /** Exact IAM actions: no wildcards. */
  readonly actions: readonly string[];
  readonly on: ResourceKind;
  /** The grant exists only while the role has resources of this kind (e.g. ECR login only with ECR images). */
  readonly onlyWith?: ResourceKind;
  /** The grant exists only when the service enables this feature. */
  readonly onlyWhen?: Feature;
}

export const APP_PERMISSIONS: readonly Grant[] = [
  // Task roles: the application's own access to resumes.
  {
    sid: "ReadWriteResumes",
    roles: ["api-task"],
    // AbortMultipartUpload lets the SDK clean up a failed multipart upload (files over its part size) at once.
    actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
    on: "resumeObjects",
  },
  {
    sid: "UseResumesKeyThroughS3",
    roles: ["api-task"],
    actions: ["kms:GenerateDataKey", "kms:Decrypt"],
    on: "resumesKey",
  },
  { sid: "ReadResumes", roles: ["worker-task"], actions: ["s3:GetObject"], on: "resumeObjects" },
  { sid: "DecryptResumesThroughS3", roles: ["worker-task"], actions: ["kms:Decrypt"], on: "resumesKey" },
  {
    sid: "EcsExecSessions",
    roles: ["api-task", "worker-task"],
    actions: [
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ],
    on: "anyResource",
    onlyWhen: "ecsExec",
  },
  // Execution roles: what the ECS agent needs to start the task (in place of AmazonECSTaskExecutionRolePolicy).
  {
    sid: "LogInToEcr",
    roles: ["execution"],
    actions: ["ecr:GetAuthorizationToken"],
    on: "anyResource",
    onlyWith: "imageRepositories",
  },
  {
    sid: "PullImage",
    roles: ["execution"],
    actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
    on: "imageRepositories",
  },
  {
    sid: "WriteContainerLogs",
    roles: ["execution"],
    actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
    on: "ownLogStreams",
  },
  {
    sid: "ReadSecretsManagerSecrets",
    roles: ["execution"],
    actions: ["secretsmanager:GetSecretValue"],
    on: "secretsManagerSecrets",
  },
  { sid: "ReadSsmParameters", roles: ["execution"], actions: ["ssm:GetParameters"], on: "ssmParameters" },
  { sid: "DecryptSecrets", roles: ["execution"], actions: ["kms:Decrypt"], on: "secretsKeys" },
  // VPC flow logs: delivery into the flow-log group (AWS docs, "IAM role for publishing flow logs to CloudWatch
  // Logs"; CreateLogGroup is left out because the stack creates the group).
  {
    sid: "WriteFlowLogs",
    roles: ["flow-logs"],
    actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
    on: "ownLogStreams",
  },
  { sid: "ListFlowLogStreams", roles: ["flow-logs"], actions: ["logs:DescribeLogStreams"], on: "ownLogGroup" },
  {
    sid: "FindFlowLogGroup",
    roles: ["flow-logs"],
    // Supports no resource-level permission (IAM catalogue), hence Resource "*".
    actions: ["logs:DescribeLogGroups"],
    on: "anyResource",
  },
];

/** The resources of each kind one role acts on; a kind with no entry (or an empty list) drops its grants. */
export type RoleResources = Partial<Record<Exclude<ResourceKind, "anyResource">, readonly pulumi.Input<string>[]>>;

export interface PermissionContext {
  /** The stack's region, for `kms:ViaService`. */
  readonly region: string;
  readonly resources: RoleResources;
  /** Features the service turns on. Default none. */
  readonly features?: readonly Feature[];
}

/** Conditions every statement on a resource kind carries. */
function conditionFor(kind: ResourceKind, region: string): PolicyStatement["Condition"] {
  switch (kind) {
    case "resumesKey":
      return { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } };
    case "secretsKeys":
      return {
        StringEquals: { "kms:ViaService": [`secretsmanager.${region}.amazonaws.com`, `ssm.${region}.amazonaws.com`] },
      };
    default:
      return undefined;
  }
}

/** The policy statements of one role: its rows of the table, each resolved to that role's resources. */
export function permissionStatements(role: AppRole, context: PermissionContext): PolicyStatement[] {
  const features = context.features ?? [];
  const present = (kind: ResourceKind) => kind === "anyResource" || (context.resources[kind]?.length ?? 0) > 0;
  const statements: PolicyStatement[] = [];
  for (const grant of APP_PERMISSIONS) {
    if (!grant.roles.includes(role)) continue;
    if (grant.onlyWhen && !features.includes(grant.onlyWhen)) continue;
    if (grant.onlyWith && !present(grant.onlyWith)) continue;
    if (!present(grant.on)) continue;
    const resources: pulumi.Input<string>[] = grant.on === "anyResource" ? ["*"] : [...context.resources[grant.on]!];
    const condition = conditionFor(grant.on, context.region);
    statements.push({
      Sid: grant.sid,
      Effect: "Allow",
      Action: [...grant.actions],
      Resource: resources.length === 1 ? resources[0] : resources,
      ...(condition ? { Condition: condition } : {}),
    });
  }
  return statements;
}

/** Every action the table grants any role on a kind of resource (e.g. what tasks do to `resumes/` objects). */
export function actionsOn(
  kind: ResourceKind,
  roles: readonly AppRole[] = ["api-task", "worker-task", "execution", "flow-logs"],
): string[] {
  const actions = APP_PERMISSIONS.filter((g) => g.on === kind && g.roles.some((r) => roles.includes(r))).flatMap(
    (g) => g.actions,
  );
  return [...new Set(actions)];
}
