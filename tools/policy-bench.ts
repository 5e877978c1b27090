/**
 * Benchmarks the policy pack over synthetic stacks of 1,000 and 10,000 resources (`npm run bench:policies`).
 *
 * The stack is a realistic mix, repeated: hardened resumes buckets with every split setting, access-log buckets,
 * cross-region replicas with their own keys and log buckets, a replication role, task and execution roles with
 * inline policies, KMS keys with explicit key policies, an ECS cluster with task definitions and services, an ALB
 * with HTTPS and redirect listeners, a WAF association, security groups and rules, CloudWatch log groups, an awsx
 * VPC with a flow log and an S3 gateway endpoint. Half of the units relate children to parents through property
 * dependencies (as `pulumi` records them), the other half by value only, so both paths of every stack policy run.
 *
 * The pack is evaluated the way the policy runtime does it (`@pulumi/policy` server.js): every per-resource
 * policy on every resource, with the props behind a fresh `unknownCheckingProxy` per call; then every stack policy
 * over a freshly built PolicyResource list (the runtime rebuilds it per stack policy, so a per-list cache does not
 * carry over from one policy to the next); `waivers-in-effect` last. Not measured: the runtime's protobuf
 * deserialisation and the gRPC round trips (they are not pack code).
 *
 *   npm run bench:policies                     # 1,000 and 10,000 resources, prod config
 *   npm run bench:policies -- --env dev        # with `environment: dev` on every policy
 *   npm run bench:policies -- --sizes 1000,10000,50000 --runs 5
 *   npm run bench:policies -- --faults         # seed defects into every tenth unit (see withFaults)
 */
import {
  unknownCheckingProxy,
  UnknownValueError,
  type Policies,
  type Policy,
  type PolicyResource,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
} from "@pulumi/policy";
import * as os from "node:os";
import { guardrails } from "../policies/guardrails";
import { resetAppliedWaivers } from "../policies/lib/waivers";

// ---------------------------------------------------------------------------------------------------------------
// Synthetic stacks

export interface SyntheticResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, unknown>;
  readonly protect?: boolean;
  readonly parent?: string;
  readonly dependencies?: readonly string[];
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const REPLICA_REGION = "us-west-2";
const ELB_ACCOUNT = "127311923021";

const T = {
  bucket: "aws:s3/bucket:Bucket",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  logging: "aws:s3/bucketLogging:BucketLogging",
  cors: "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
  replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  key: "aws:kms/key:Key",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  cluster: "aws:ecs/cluster:Cluster",
  service: "aws:ecs/service:Service",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  lb: "aws:lb/loadBalancer:LoadBalancer",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  listener: "aws:lb/listener:Listener",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  awsxVpc: "awsx:ec2:Vpc",
  flowLog: "aws:ec2/flowLog:FlowLog",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
} as const;

const json = (doc: unknown) => JSON.stringify(doc);
const urnOf = (type: string, name: string) => `urn:pulumi:bench::starscreen-infra::${type}::${name}`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const keyArn = (id: string, region = REGION) => `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
const s3Arn = (bucket: string) => `arn:aws:s3:::${bucket}`;

const KMS_ADMIN_ACTIONS = [
  "kms:CreateAlias",
  "kms:CreateGrant",
  "kms:DescribeKey",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RevokeGrant",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:RotateKeyOnDemand",
];

function tlsOnly(bucket: string): Record<string, unknown> {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [s3Arn(bucket), `${s3Arn(bucket)}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

function ecsTrust(): string {
  return json({
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
  });
}

/**
 * One slice of a real stack (~75 resources): every resource a Starscreen environment registers, with names unique
 * to the unit. `byDeps` relates children through property dependencies (and values); otherwise by value only.
 */
export function syntheticUnit(u: number, byDeps: boolean): SyntheticResource[] {
  const out: SyntheticResource[] = [];
  const add = (
    type: string,
    name: string,
    props: Record<string, unknown>,
    deps: Record<string, readonly string[]> = {},
    extra: { protect?: boolean; parent?: string } = {},
  ): string => {
    const urn = urnOf(type, `u${u}-${name}`);
    const dependencies = [...new Set(Object.values(deps).flat())];
    out.push({
      type,
      name: `u${u}-${name}`,
      urn,
      props,
      protect: extra.protect,
      parent: extra.parent,
      dependencies: byDeps ? dependencies : [],
      propertyDependencies: byDeps ? deps : {},
    });
    return urn;
  };

  const dataBucket = `starscreen-u${u}-resumes`;
  const logBucket = `starscreen-u${u}-access-logs`;
  const replicaBucket = `starscreen-u${u}-resumes-replica`;
  const replicaLogBucket = `starscreen-u${u}-access-logs-${REPLICA_REGION}`;
  const dataKeyArn = keyArn(`u${u}-data`);
  const replicaKeyArn = keyArn(`u${u}-replica`, REPLICA_REGION);
  const logsKeyArn = keyArn(`u${u}-logs`);
  const apiRole = roleArn(`u${u}-api`);
  const workerRole = roleArn(`u${u}-worker`);
  const executionRole = roleArn(`u${u}-execution`);
  const replicationRole = roleArn(`u${u}-replication`);

  // KMS keys: explicit key policies with the admin actions spelled out.
  const keyPolicy = (region: string, principals: string[]) =>
    json({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountRootAdmin",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: KMS_ADMIN_ACTIONS,
          Resource: "*",
        },
        {
          Sid: "UseViaS3",
          Effect: "Allow",
          Principal: { AWS: principals },
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
          Resource: "*",
          Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com`, "kms:CallerAccount": ACCOUNT } },
        },
      ],
    });
  const key = (name: string, arn: string, policy: string) =>
    add(
      T.key,
      name,
      { arn, keyId: arn.split("/").pop(), enableKeyRotation: true, deletionWindowInDays: 30, policy },
      {},
      { protect: true },
    );
  const dataKey = key("data-key", dataKeyArn, keyPolicy(REGION, [apiRole, workerRole, replicationRole]));
  const replicaKey = key("replica-key", replicaKeyArn, keyPolicy(REPLICA_REGION, [replicationRole]));
  const logsKey = key(
    "logs-key",
    logsKeyArn,
    json({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountRootAdmin",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: KMS_ADMIN_ACTIONS,
          Resource: "*",
        },
        {
          Sid: "CloudWatchLogs",
          Effect: "Allow",
          Principal: { Service: `logs.${REGION}.amazonaws.com` },
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
          Resource: "*",
          Condition: {
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*` },
          },
        },
      ],
    }),
  );

  // Buckets with every split setting.
  const bucket = (name: string, physical: string, protect: boolean) =>
    add(T.bucket, name, { bucket: physical, id: physical, arn: s3Arn(physical), forceDestroy: false }, {}, { protect });
  const child = (
    type: string,
    name: string,
    bucketUrn: string,
    physical: string,
    props: Record<string, unknown>,
    deps: Record<string, readonly string[]> = {},
  ) => add(type, name, { bucket: physical, ...props }, { bucket: [bucketUrn], ...deps });
  const hardening = (prefix: string, bucketUrn: string, physical: string) => {
    child(T.ownership, `${prefix}-ownership`, bucketUrn, physical, {
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    child(T.pab, `${prefix}-pab`, bucketUrn, physical, {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    child(T.versioning, `${prefix}-versioning`, bucketUrn, physical, {
      versioningConfiguration: { status: "Enabled" },
    });
  };
  const dataLifecycle = {
    rules: [
      {
        id: "expire-resumes",
        status: "Enabled",
        filter: { prefix: "resumes/" },
        expiration: { days: 365 },
        noncurrentVersionExpiration: { noncurrentDays: 30 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
      { id: "expired-delete-markers", status: "Enabled", filter: {}, expiration: { expiredObjectDeleteMarker: true } },
    ],
  };
  const dataBucketSet = (
    prefix: string,
    physical: string,
    kmsArn: string,
    kmsUrn: string,
    logPhysical: string,
    logUrn: string,
  ) => {
    const b = bucket(prefix, physical, true);
    hardening(prefix, b, physical);
    child(
      T.sse,
      `${prefix}-sse`,
      b,
      physical,
      {
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kmsArn },
            bucketKeyEnabled: true,
          },
        ],
      },
      { rules: [kmsUrn] },
    );
    child(
      T.bucketPolicy,
      `${prefix}-policy`,
      b,
      physical,
      {
        policy: json({
          Version: "2012-10-17",
          Statement: [
            tlsOnly(physical),
            {
              Sid: "DenyWrongKmsKey",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:PutObject",
              Resource: `${s3Arn(physical)}/*`,
              Condition: {
                StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": kmsArn },
                Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
              },
            },
            {
              Sid: "DataPerimeter",
              Effect: "Deny",
              Principal: "*",
              Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
              Resource: `${s3Arn(physical)}/resumes/*`,
              Condition: { StringNotLike: { "aws:PrincipalArn": [apiRole, workerRole, replicationRole] } },
            },
          ],
        }),
      },
      { policy: [kmsUrn] },
    );
    child(T.lifecycle, `${prefix}-lifecycle`, b, physical, dataLifecycle);
    child(
      T.logging,
      `${prefix}-logging`,
      b,
      physical,
      { targetBucket: logPhysical, targetPrefix: `${prefix}/` },
      { targetBucket: [logUrn] },
    );
    child(T.cors, `${prefix}-cors`, b, physical, {
      corsRules: [
        { allowedMethods: ["PUT", "GET", "HEAD"], allowedOrigins: ["https://app.example.com"], maxAgeSeconds: 3000 },
      ],
    });
    return b;
  };
  const logBucketSet = (prefix: string, physical: string, sources: string[], withElb: boolean) => {
    const b = bucket(prefix, physical, false);
    hardening(prefix, b, physical);
    child(T.sse, `${prefix}-sse`, b, physical, {
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    child(T.bucketPolicy, `${prefix}-policy`, b, physical, {
      policy: json({
        Version: "2012-10-17",
        Statement: [
          tlsOnly(physical),
          {
            Sid: "S3ServerAccessLogs",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${s3Arn(physical)}/*`,
            Condition: {
              ArnLike: { "aws:SourceArn": sources.map(s3Arn) },
              StringEquals: { "aws:SourceAccount": ACCOUNT },
            },
          },
          ...(withElb
            ? [
                {
                  Sid: "AlbAccessLogs",
                  Effect: "Allow",
                  Principal: { AWS: `arn:aws:iam::${ELB_ACCOUNT}:root` },
                  Action: "s3:PutObject",
                  Resource: `${s3Arn(physical)}/alb/AWSLogs/${ACCOUNT}/*`,
                },
              ]
            : []),
        ],
      }),
    });
    child(T.lifecycle, `${prefix}-lifecycle`, b, physical, {
      rules: [
        {
          id: "expire-logs",
          status: "Enabled",
          filter: {},
          expiration: { days: 365 },
          noncurrentVersionExpiration: { noncurrentDays: 30 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    });
    return b;
  };

  // Log buckets are registered first (the data buckets' logging points at them), as their names are known.
  const logs = logBucketSet("access-logs", logBucket, [dataBucket], true);
  const replicaLogs = logBucketSet("replica-access-logs", replicaLogBucket, [replicaBucket], false);
  const data = dataBucketSet("resumes", dataBucket, dataKeyArn, dataKey, logBucket, logs);
  const replica = dataBucketSet("replica", replicaBucket, replicaKeyArn, replicaKey, replicaLogBucket, replicaLogs);

  // IAM roles with inline RolePolicy documents (exact actions on exact ARNs).
  const role = (name: string, arn: string, trust: string, policy: Record<string, unknown>[]) => {
    const r = add(T.role, name, { arn, name: arn.split("/").pop(), assumeRolePolicy: trust });
    add(
      T.rolePolicy,
      `${name}-policy`,
      { role: arn.split("/").pop(), policy: json({ Version: "2012-10-17", Statement: policy }) },
      { role: [r] },
    );
    return r;
  };
  const kmsViaS3 = (actions: string[], arn: string, region = REGION) => ({
    Effect: "Allow",
    Action: actions,
    Resource: arn,
    Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
  });
  role("api", apiRole, ecsTrust(), [
    {
      Sid: "Resumes",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
      Resource: `${s3Arn(dataBucket)}/resumes/*`,
    },
    kmsViaS3(["kms:GenerateDataKey", "kms:Decrypt"], dataKeyArn),
  ]);
  role("worker", workerRole, ecsTrust(), [
    { Sid: "Resumes", Effect: "Allow", Action: "s3:GetObject", Resource: `${s3Arn(dataBucket)}/resumes/*` },
    kmsViaS3(["kms:Decrypt"], dataKeyArn),
  ]);
  role("execution", executionRole, ecsTrust(), [
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
      Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/starscreen/u${u}/*:*`,
    },
    {
      Sid: "Secrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:starscreen/u${u}/db-AbCdEf`,
    },
  ]);
  const replicationRoleUrn = role(
    "replication",
    replicationRole,
    json({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
      ],
    }),
    [
      { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: s3Arn(dataBucket) },
      {
        Effect: "Allow",
        Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
        Resource: `${s3Arn(dataBucket)}/*`,
      },
      {
        Effect: "Allow",
        Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
        Resource: `${s3Arn(replicaBucket)}/*`,
      },
      kmsViaS3(["kms:Decrypt"], dataKeyArn),
      kmsViaS3(["kms:Encrypt", "kms:GenerateDataKey"], replicaKeyArn, REPLICA_REGION),
    ],
  );
  child(
    T.replication,
    "resumes-replication",
    data,
    dataBucket,
    {
      role: replicationRole,
      rules: [
        {
          id: "resumes",
          status: "Enabled",
          filter: { prefix: "resumes/" },
          deleteMarkerReplication: { status: "Enabled" },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
          destination: { bucket: s3Arn(replicaBucket), encryptionConfiguration: { replicaKmsKeyId: replicaKeyArn } },
        },
      ],
    },
    { role: [replicationRoleUrn], rules: [replica, replicaKey] },
  );

  // Network: awsx VPC (remote component), flow log to CloudWatch, S3 gateway endpoint with a policy.
  const vpcId = `vpc-u${u}`;
  const vpc = add(T.awsxVpc, "vpc", {
    vpcId,
    privateSubnetIds: [`subnet-u${u}a`, `subnet-u${u}b`],
    publicSubnetIds: [`subnet-u${u}c`, `subnet-u${u}d`],
  });
  const logGroup = (name: string, days: number) =>
    add(
      T.logGroup,
      name,
      {
        name: `/starscreen/u${u}/${name}`,
        retentionInDays: days,
        kmsKeyId: logsKeyArn,
        arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/starscreen/u${u}/${name}`,
      },
      { kmsKeyId: [logsKey] },
    );
  const flowLogGroup = logGroup("vpc-flow-logs", 365);
  add(
    T.flowLog,
    "flow-log",
    {
      vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/starscreen/u${u}/vpc-flow-logs`,
      iamRoleArn: roleArn(`u${u}-flow-logs`),
    },
    { vpcId: [vpc], logDestination: [flowLogGroup] },
  );
  add(
    T.vpcEndpoint,
    "s3-endpoint",
    {
      id: `vpce-u${u}`,
      vpcId,
      serviceName: `com.amazonaws.${REGION}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [`rtb-u${u}a`, `rtb-u${u}b`],
      policy: json({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AppBucket",
            Effect: "Allow",
            Principal: "*",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            Resource: `${s3Arn(dataBucket)}/*`,
          },
          {
            Sid: "EcrLayers",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: `arn:aws:s3:::prod-${REGION}-starport-layer-bucket/*`,
          },
        ],
      }),
    },
    { vpcId: [vpc] },
  );

  // Security groups: the ALB's open on 80/443 only, the API's from the ALB, the worker's without ingress.
  const sg = (role: string) =>
    add(T.securityGroup, `${role}-sg`, { id: `sg-u${u}-${role}`, name: `u${u}-${role}`, vpcId }, { vpcId: [vpc] });
  const albSg = sg("alb");
  const apiSg = sg("api");
  const workerSg = sg("worker");
  const ingress = (
    name: string,
    groupUrn: string,
    role: string,
    props: Record<string, unknown>,
    deps: Record<string, readonly string[]> = {},
  ) =>
    add(
      T.ingressRule,
      name,
      { securityGroupId: `sg-u${u}-${role}`, ipProtocol: "tcp", ...props },
      { securityGroupId: [groupUrn], ...deps },
    );
  ingress("alb-http", albSg, "alb", { cidrIpv4: "0.0.0.0/0", fromPort: 80, toPort: 80 });
  ingress("alb-https", albSg, "alb", { cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443 });
  ingress("alb-https-v6", albSg, "alb", { cidrIpv6: "::/0", fromPort: 443, toPort: 443 });
  ingress(
    "api-from-alb",
    apiSg,
    "api",
    { referencedSecurityGroupId: `sg-u${u}-alb`, fromPort: 8000, toPort: 8000 },
    { referencedSecurityGroupId: [albSg] },
  );
  for (const [role, urn] of [
    ["alb", albSg],
    ["api", apiSg],
    ["worker", workerSg],
  ] as const) {
    add(
      T.egressRule,
      `${role}-egress`,
      { securityGroupId: `sg-u${u}-${role}`, cidrIpv4: "0.0.0.0/0", ipProtocol: "-1" },
      { securityGroupId: [urn] },
    );
  }

  // Load balancer with access logs, HTTPS + redirect listeners and a WAF association.
  const lbArn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/u${u}/50dc6c495c0c9188`;
  const lb = add(
    T.lb,
    "alb",
    {
      name: `u${u}`,
      loadBalancerType: "application",
      internal: false,
      securityGroups: [`sg-u${u}-alb`],
      subnets: [`subnet-u${u}c`, `subnet-u${u}d`],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: true,
      accessLogs: { bucket: logBucket, prefix: "alb", enabled: true },
      arn: lbArn,
      id: lbArn,
    },
    { securityGroups: [albSg], accessLogs: [logs] },
  );
  const tgArn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/u${u}-api/abc`;
  add(T.targetGroup, "api-tg", { port: 8000, protocol: "HTTP", targetType: "ip", vpcId, arn: tgArn }, { vpcId: [vpc] });
  add(
    T.listener,
    "https",
    {
      loadBalancerArn: lbArn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/u${u}`,
      defaultActions: [{ type: "forward", targetGroupArn: tgArn }],
    },
    { loadBalancerArn: [lb] },
  );
  add(
    T.listener,
    "http",
    {
      loadBalancerArn: lbArn,
      port: 80,
      protocol: "HTTP",
      defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    },
    { loadBalancerArn: [lb] },
  );
  const aclArn = `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/u${u}/1`;
  const acl = add(T.webAcl, "waf", { scope: "REGIONAL", arn: aclArn });
  add(
    T.webAclAssociation,
    "waf-alb",
    { resourceArn: lbArn, webAclArn: aclArn },
    { resourceArn: [lb], webAclArn: [acl] },
  );

  // ECS: cluster, log groups, Fargate task definitions (JSON container definitions), services.
  add(T.cluster, "cluster", {
    name: `u${u}`,
    settings: [{ name: "containerInsights", value: "enhanced" }],
    arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/u${u}`,
  });
  for (const service of ["api", "worker"] as const) {
    const group = logGroup(service, 365);
    const container = {
      name: service,
      image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/starscreen-${service}:1.4.2`,
      essential: true,
      readonlyRootFilesystem: true,
      user: "1000:1000",
      environment: [
        { name: "USE_S3", value: "true" },
        { name: "S3_BUCKET_NAME", value: dataBucket },
        { name: "AWS_REGION", value: REGION },
      ],
      secrets: [
        {
          name: "DATABASE_URL",
          valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:starscreen/u${u}/db-AbCdEf`,
        },
      ],
      mountPoints: [{ sourceVolume: "scratch", containerPath: "/tmp", readOnly: false }],
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": `/starscreen/u${u}/${service}`,
          "awslogs-region": REGION,
          "awslogs-stream-prefix": service,
        },
      },
    };
    const taskRole = service === "api" ? apiRole : workerRole;
    const taskDefArn = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/u${u}-${service}:1`;
    const td = add(
      T.taskDefinition,
      `${service}-task`,
      {
        family: `u${u}-${service}`,
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        cpu: "512",
        memory: "1024",
        taskRoleArn: taskRole,
        executionRoleArn: executionRole,
        volumes: [{ name: "scratch" }],
        containerDefinitions: json([container]),
        arn: taskDefArn,
      },
      { containerDefinitions: [group] },
    );
    add(
      T.service,
      `${service}-service`,
      {
        name: `u${u}-${service}`,
        cluster: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/u${u}`,
        taskDefinition: taskDefArn,
        desiredCount: 2,
        networkConfiguration: {
          subnets: [`subnet-u${u}a`, `subnet-u${u}b`],
          securityGroups: [`sg-u${u}-${service}`],
          assignPublicIp: false,
        },
        deploymentCircuitBreaker: { enable: true, rollback: true },
        ...(service === "api"
          ? { loadBalancers: [{ containerName: "api", containerPort: 8000, targetGroupArn: tgArn }] }
          : {}),
      },
      { taskDefinition: [td], networkConfiguration: [service === "api" ? apiSg : workerSg] },
    );
  }
  return out;
}

/**
 * Seeds one defect per kind into a unit (a public-access flag off, a wildcard action, a writable root filesystem, a
 * weak TLS policy, a log group without KMS key, an unrelated WAF association): `--faults` uses it on every tenth
 * unit to show the pack finds them among thousands of compliant resources, and to time the reporting paths.
 */
export function withFaults(unit: SyntheticResource[]): SyntheticResource[] {
  return unit.map((r) => {
    const props = { ...r.props };
    const name = r.name.replace(/^u\d+-/, "");
    if (r.type === T.pab && name === "resumes-pab") props.blockPublicAcls = false;
    else if (r.type === T.rolePolicy && name === "api-policy")
      props.policy = String(props.policy).replace('"s3:GetObject"', '"s3:Get*"');
    else if (r.type === T.taskDefinition && name === "worker-task")
      props.containerDefinitions = String(props.containerDefinitions).replace(
        '"readonlyRootFilesystem":true',
        '"readonlyRootFilesystem":false',
      );
    else if (r.type === T.listener && name === "https") props.sslPolicy = "ELBSecurityPolicy-2016-08";
    else if (r.type === T.logGroup && name === "worker") delete props.kmsKeyId;
    else if (r.type === T.webAclAssociation) {
      props.resourceArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/elsewhere/1";
      return { ...r, props, dependencies: [], propertyDependencies: {} };
    } else return r;
    return { ...r, props };
  });
}

/** Exactly `size` resources: whole units, then extra log groups (complete resources on their own). */
export function syntheticStack(size: number, faults = false): SyntheticResource[] {
  const out: SyntheticResource[] = [];
  const unitSize = syntheticUnit(0, true).length;
  for (let u = 0; out.length + unitSize <= size; u++) {
    const unit = syntheticUnit(u, u % 2 === 0);
    out.push(...(faults && u % 10 === 0 ? withFaults(unit) : unit));
  }
  for (let i = 0; out.length < size; i++) {
    const name = `pad-${i}`;
    out.push({
      type: T.logGroup,
      name,
      urn: urnOf(T.logGroup, name),
      props: { name: `/starscreen/pad/${i}`, retentionInDays: 365, kmsKeyId: keyArn("pad-logs") },
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation the way the policy runtime does it

const isStackPolicy = (p: Policy): p is StackValidationPolicy => "validateStack" in p;

function resourceOptions(r: SyntheticResource) {
  return {
    protect: r.protect ?? false,
    ignoreChanges: [],
    aliases: [],
    additionalSecretOutputs: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    parent: r.parent,
  };
}

/** The PolicyResource list the runtime builds for one stack policy (parents and dependencies as objects). */
export function policyResources(stack: readonly SyntheticResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const built = stack.map((r) => {
    const props = unknownCheckingProxy(r.props) as Record<string, unknown>;
    const resource: PolicyResource = {
      type: r.type,
      props,
      urn: r.urn,
      name: r.name,
      opts: resourceOptions(r),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: (() => undefined) as never,
    };
    byUrn.set(r.urn, resource);
    return resource;
  });
  stack.forEach((r, i) => {
    const resource = built[i];
    if (r.parent) resource.parent = byUrn.get(r.parent);
    resource.dependencies = (r.dependencies ?? []).flatMap((u) => byUrn.get(u) ?? []);
    for (const [prop, urns] of Object.entries(r.propertyDependencies ?? {})) {
      resource.propertyDependencies[prop] = urns.flatMap((u) => byUrn.get(u) ?? []);
    }
  });
  return built;
}

export interface Evaluation {
  /** Wall time of the whole pack, ms. */
  readonly ms: number;
  /** CPU time (user + system) of the process meanwhile, ms: less sensitive to other load on the machine. */
  readonly cpuMs: number;
  readonly resourcePoliciesMs: number;
  readonly stackPoliciesMs: number;
  /** Time the runtime spends building the PolicyResource list, once per stack policy (included in `ms`). */
  readonly viewMs: number;
  /** Per policy: ms (stack policies without the view building), violations, unknown-value advisories. */
  readonly perPolicy: Map<string, { ms: number; violations: number; mandatory: number; unknown: number }>;
  /** Errors other than UnknownValueError: bugs. */
  readonly errors: { policy: string; urn?: string; message: string }[];
}

export async function evaluatePack(
  stack: readonly SyntheticResource[],
  policies: Policies = guardrails,
  config: Record<string, unknown> = {},
  timePerPolicy = false,
): Promise<Evaluation> {
  resetAppliedWaivers();
  const perPolicy = new Map<string, { ms: number; violations: number; mandatory: number; unknown: number }>();
  const stat = (name: string) => {
    let s = perPolicy.get(name);
    if (!s) perPolicy.set(name, (s = { ms: 0, violations: 0, mandatory: 0, unknown: 0 }));
    return s;
  };
  const errors: Evaluation["errors"] = [];
  const getConfig = <T extends object>() => config as T;
  const notApplicable = (reason?: string): never => {
    throw Object.assign(new Error("not applicable"), { reason: reason ?? "" });
  };
  const resourcePolicies = policies.filter((p): p is ResourceValidationPolicy => !isStackPolicy(p));
  const stackPolicies = policies.filter(isStackPolicy);
  for (const p of policies) stat(p.name);
  const cpu = process.cpuUsage();
  const started = performance.now();

  // Analyze: one call per resource, running every resource policy (server.js makeAnalyzeRpcFun). With
  // `timePerPolicy`, only the policy call itself is timed (not the runtime's proxy and args building).
  for (const r of stack) {
    for (const policy of resourcePolicies) {
      const s = stat(policy.name);
      const v = policy.validateResource;
      const validations = v === undefined ? [] : Array.isArray(v) ? v : [v];
      for (const validate of validations) {
        const props = unknownCheckingProxy(r.props) as Record<string, unknown>;
        const args: ResourceValidationArgs = {
          type: r.type,
          props,
          urn: r.urn,
          name: r.name,
          opts: resourceOptions(r),
          stackTags: new Map(),
          isType: () => false,
          asType: (() => undefined) as never,
          getConfig,
          notApplicable,
        };
        const t0 = timePerPolicy ? performance.now() : 0;
        try {
          await Promise.resolve(
            validate(args, () => {
              s.violations++;
              if ((policy.enforcementLevel ?? "advisory") === "mandatory") s.mandatory++;
            }),
          );
        } catch (e) {
          if (e instanceof UnknownValueError) s.unknown++;
          else if ((e as { reason?: unknown }).reason === undefined) {
            errors.push({ policy: policy.name, urn: r.urn, message: (e as Error).message });
          }
        }
        if (timePerPolicy) s.ms += performance.now() - t0;
      }
    }
  }
  const resourcesDone = performance.now();

  // AnalyzeStack: every stack policy over a list built for it (server.js makeAnalyzeStackRpcFun).
  let viewMs = 0;
  for (const policy of stackPolicies) {
    const s = stat(policy.name);
    const v0 = performance.now();
    const resources = policyResources(stack);
    const v1 = performance.now();
    viewMs += v1 - v0;
    try {
      await Promise.resolve(
        policy.validateStack({ resources, getConfig, stackTags: new Map(), notApplicable }, () => {
          s.violations++;
          if ((policy.enforcementLevel ?? "advisory") === "mandatory") s.mandatory++;
        }),
      );
    } catch (e) {
      if (e instanceof UnknownValueError) s.unknown++;
      else if ((e as { reason?: unknown }).reason === undefined)
        errors.push({ policy: policy.name, message: (e as Error).message });
    }
    s.ms += performance.now() - v1;
  }
  const done = performance.now();
  const used = process.cpuUsage(cpu);
  return {
    ms: done - started,
    cpuMs: (used.user + used.system) / 1000,
    resourcePoliciesMs: resourcesDone - started,
    stackPoliciesMs: done - resourcesDone - viewMs,
    viewMs,
    perPolicy,
    errors,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// CLI

interface BenchOptions {
  readonly sizes: number[];
  readonly runs: number;
  readonly env: "dev" | "prod";
  readonly faults: boolean;
}

function parseArgs(argv: string[]): BenchOptions {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (value("--sizes") ?? "1000,10000").split(",").map((s) => Number(s.trim()));
  const runs = Number(value("--runs") ?? "3");
  const env = value("--env") ?? "prod";
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--sizes must be positive integers, got ${value("--sizes")}`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${value("--runs")}`);
  if (env !== "dev" && env !== "prod") throw new Error(`--env must be dev or prod, got ${env}`);
  return { sizes, runs, env, faults: argv.includes("--faults") };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });
const ms = (n: number) => `${n.toFixed(0)} ms`;

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const config = { environment: options.env };
  console.log(
    `policy-bench: ${guardrails.length} policies (${guardrails.filter((p) => !isStackPolicy(p)).length} per-resource, ` +
      `${guardrails.filter(isStackPolicy).length} stack), environment ${options.env}, median of ${options.runs} runs, ` +
      `node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`,
  );
  const unit = syntheticUnit(0, true);
  const mix = new Map<string, number>();
  for (const r of unit) {
    const t = r.type.split(":").pop() ?? r.type;
    mix.set(t, (mix.get(t) ?? 0) + 1);
  }
  console.log(`unit of ${unit.length} resources: ${[...mix].map(([t, n]) => `${n} ${t}`).join(", ")}`);

  // Cold start: the first evaluation loads the IAM catalogue and warms the JIT; reported on its own.
  const cold = await evaluatePack(syntheticStack(unit.length), guardrails, config);
  console.log(`cold start (first ${unit.length} resources): ${ms(cold.ms)}\n`);

  const results: { size: number; ms: number; cpuMs: number; last: Evaluation }[] = [];
  for (const size of options.sizes) {
    const stack = syntheticStack(size, options.faults);
    const runs: Evaluation[] = [];
    for (let i = 0; i < options.runs; i++) runs.push(await evaluatePack(stack, guardrails, config));
    const m = median(runs.map((r) => r.ms));
    const cpuMs = median(runs.map((r) => r.cpuMs));
    const e = runs[runs.length - 1];
    results.push({ size, ms: m, cpuMs, last: e });
    const violations = [...e.perPolicy.values()].reduce((a, s) => a + s.violations, 0);
    const mandatory = [...e.perPolicy.values()].reduce((a, s) => a + s.mandatory, 0);
    console.log(
      `${fmt(size).padStart(7)} resources: ${ms(m).padStart(8)} wall, ${ms(cpuMs).padStart(8)} CPU, ` +
        `${fmt((size / m) * 1000).padStart(7)} resources/s  (runs ${runs.map((r) => r.ms.toFixed(0)).join(", ")} ms; ` +
        `per-resource policies ${ms(e.resourcePoliciesMs)}, stack policies ${ms(e.stackPoliciesMs)}, ` +
        `runtime's per-stack-policy resource lists ${ms(e.viewMs)}; violations ${violations}, mandatory ${mandatory}, ` +
        `errors ${e.errors.length})`,
    );
  }
  const small = results.find((r) => r.size === 1000);
  const large = results.find((r) => r.size === 10000);
  if (small && large) {
    console.log(
      `\nratio 10k/1k: ${(large.ms / small.ms).toFixed(2)} wall, ${(large.cpuMs / small.cpuMs).toFixed(2)} CPU ` +
        `(10 = linear; well above 10 means superlinear growth)`,
    );
    console.log(
      `target: 10,000 resources in under 2000 ms: ${large.ms < 2000 ? "met" : "MISSED"} (${ms(large.ms)} wall)`,
    );
  }

  // Per-policy breakdown of the largest size: separate runs that time each policy call on its own (median per policy).
  const largest = Math.max(...options.sizes);
  const largestStack = syntheticStack(largest, options.faults);
  const instrumented: Evaluation[] = [];
  for (let i = 0; i < options.runs; i++) instrumented.push(await evaluatePack(largestStack, guardrails, config, true));
  const detailed = instrumented[instrumented.length - 1];
  const policyMs = new Map(
    [...detailed.perPolicy.keys()].map((name) => [
      name,
      median(instrumented.map((e) => e.perPolicy.get(name)?.ms ?? 0)),
    ]),
  );
  const packMs = [...policyMs.values()].reduce((a, b) => a + b, 0);
  console.log(
    `\nper policy, ${fmt(largest)} resources (median of ${options.runs} instrumented runs of ` +
      `${ms(median(instrumented.map((e) => e.ms)))}: policy code ${ms(packMs)}, ` +
      `the runtime's proxies, args and resource lists the rest):`,
  );
  for (const [name, s] of [...detailed.perPolicy].sort(
    (a, b) => (policyMs.get(b[0]) ?? 0) - (policyMs.get(a[0]) ?? 0),
  )) {
    const kind = isStackPolicy(guardrails.find((p) => p.name === name) as Policy) ? "stack" : "resource";
    console.log(
      `  ${name.padEnd(44)} ${kind.padEnd(8)} ${(policyMs.get(name) ?? 0).toFixed(1).padStart(8)} ms` +
        `${s.violations ? `  ${s.violations} violations` : ""}${s.unknown ? `  ${s.unknown} unknown` : ""}`,
    );
  }
  const errors = [...results.flatMap((r) => r.last.errors), ...detailed.errors];
  if (errors.length > 0) {
    console.log(`\n${errors.length} policy errors (bugs):`);
    for (const e of errors.slice(0, 20)) console.log(`  ${e.policy}${e.urn ? ` on ${e.urn}` : ""}: ${e.message}`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
