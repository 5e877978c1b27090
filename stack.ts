/**
 * Composes the components for one stack from validated config. `index.ts` calls this with the stack's config and
 * exports what it returns; tests call it directly under mocks.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";
import type { NetworkConfig, ServiceConfig, ServicesConfig } from "./config/stack-config";
import { EcsCluster } from "./components/ecs/cluster";
import { FargateService } from "./components/ecs/fargate-service";
import { loadBalancerLogDeliveryPrincipal } from "./components/ecs/load-balancer-log-delivery";
import { PublicLoadBalancer } from "./components/ecs/public-load-balancer";
import { permissionStatements } from "./components/iam/app-permissions";
import { cloudWatchLogsKeyStatement } from "./components/iam/logs-key-statement";
import { ServiceRole } from "./components/iam/service-role";
import { Network } from "./components/network/network";
import { WebAcl } from "./components/network/web-acl";
import { AccessLogBucket } from "./components/storage/access-log-bucket";
import type { DataProtection } from "./components/storage/data-protection";
import { EncryptionKey } from "./components/storage/encryption-key";
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
  /** The compute part; undefined for a storage-only stack (no `services` in config). */
  readonly compute?: ComputeOutputs;
}

export interface ComputeOutputs {
  /** `https://<domainName or load balancer DNS name>`; `http://` only without a certificate (dev). */
  readonly apiUrl: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  readonly apiServiceName: pulumi.Output<string>;
  readonly workerServiceName: pulumi.Output<string>;
  readonly apiTaskRoleArn: pulumi.Output<string>;
  readonly workerTaskRoleArn: pulumi.Output<string>;
  readonly apiLogGroupName: pulumi.Output<string>;
  readonly workerLogGroupName: pulumi.Output<string>;
  readonly flowLogGroupName: pulumi.Output<string>;
  readonly vpcId: pulumi.Output<string>;
}

/** Where the stack's log groups live; the logs key serves exactly the groups under this prefix. */
export function logGroupPrefix(): string {
  return `/starscreen/${pulumi.getStack()}/`;
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
  const { services, network } = config;
  const taskRole = (name: "api" | "worker", description: string) =>
    new ServiceRole(
      `${name}-task`,
      {
        service: "ecs-tasks.amazonaws.com",
        accountId,
        description,
        sourceArnLike: pulumi.interpolate`arn:${partition}:ecs:${config.region}:${accountId}:*`,
      },
      opts,
    );
  const apiTaskRole = services ? taskRole("api", "Starscreen API tasks: read, write and delete resumes") : undefined;
  const workerTaskRole = services ? taskRole("worker", "Starscreen workers: read resumes") : undefined;
  const replicationRole = storage.replication
    ? new ServiceRole(
        "replication",
        {
          service: "s3.amazonaws.com",
          accountId,
          description: "S3 replicates resumes to the replica region",
          // With a fixed bucket name the trust names the source bucket (confused deputy); an auto-named bucket does
          // not exist yet when the role is created, so there the trust relies on aws:SourceAccount alone.
          sourceArnLike: storage.bucketName
            ? pulumi.interpolate`arn:${partition}:s3:::${storage.bucketName}`
            : undefined,
        },
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
      dataAccessRoleArns: [
        ...(replicationRole ? [replicationRole.arn] : []),
        ...(apiTaskRole ? [apiTaskRole.arn] : []),
        ...(workerTaskRole ? [workerTaskRole.arn] : []),
        ...storage.breakGlassRoleArns,
      ],
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
      // The API's load balancer writes its access logs here too (SSE-S3, as ELB log delivery requires).
      loadBalancerLogs: services
        ? { prefix: ALB_LOG_PREFIX, principal: loadBalancerLogDeliveryPrincipal(config.region, opts) }
        : undefined,
      forceDestroy: storage.forceDestroy,
      protection,
    },
    opts,
  );

  let replication: CrossRegionReplication | undefined;
  if (storage.replication && replicationRole) {
    const replicaProvider = new aws.Provider("aws-replica", {
      region: storage.replication.region,
      defaultTags: { tags },
    });
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

  const appEnvironment = resumes.bucketName.apply((name): Record<string, string> => ({
    USE_S3: "true",
    S3_BUCKET_NAME: name,
    AWS_REGION: config.region,
  }));

  const compute =
    services && network && apiTaskRole && workerTaskRole
      ? buildCompute({
          config,
          services,
          network,
          opts,
          accountId,
          partition,
          resumes,
          accessLogs,
          apiTaskRole,
          workerTaskRole,
          keyDeletionWindowInDays,
          protection,
        })
      : undefined;

  return {
    bucketName: resumes.bucketName,
    bucketArn: resumes.arn,
    bucketRegion: config.region,
    kmsKeyArn: resumes.kmsKeyArn,
    logBucketName: accessLogs.bucketName,
    replicaBucketName: replication?.replicaBucketName,
    replicaRegion: replication?.replicaRegion,
    dataErasureWindowDays: erasureWindowDays(storage, storage.replication),
    appEnvironment,
    compute,
  };
}

/** The key prefix of the load balancer's access logs in the access-log bucket. */
export const ALB_LOG_PREFIX = "alb";

interface ComputeArgs {
  readonly config: StackConfig;
  readonly services: ServicesConfig;
  readonly network: NetworkConfig;
  readonly opts: pulumi.CustomResourceOptions;
  readonly accountId: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;
  readonly resumes: ResumesBucket;
  readonly accessLogs: AccessLogBucket;
  readonly apiTaskRole: ServiceRole;
  readonly workerTaskRole: ServiceRole;
  readonly keyDeletionWindowInDays: number;
  readonly protection: DataProtection;
}

/** Network, log encryption, task-role permissions, cluster, load balancer (+ WAF) and the two services. */
function buildCompute(args: ComputeArgs): ComputeOutputs {
  const { config, services, network, opts, accountId, partition, resumes } = args;
  const { region } = config;
  const prefix = logGroupPrefix();
  // WAF accepts only log groups whose name starts with aws-waf-logs-, so this one cannot live under the prefix.
  const wafLogGroupName = `aws-waf-logs-${pulumi.getProject()}-${pulumi.getStack()}`;

  // The task roles' permissions, from the one table of who may do what.
  const resumeResources = { resumeObjects: [resumes.objectArn()], resumesKey: resumes.key ? [resumes.key.arn] : [] };
  const features = (service: ServiceConfig) => (service.enableExecuteCommand ? (["ecsExec"] as const) : []);
  const apiTaskPolicy = args.apiTaskRole.attachPolicy(
    permissionStatements("api-task", { region, resources: resumeResources, features: features(services.api) }),
  );
  const workerTaskPolicy = args.workerTaskRole.attachPolicy(
    permissionStatements("worker-task", { region, resources: resumeResources, features: features(services.worker) }),
  );

  const logsKey = new EncryptionKey(
    "logs",
    {
      description: `Encrypts the CloudWatch log groups under ${prefix}`,
      alias: `alias/${pulumi.getProject()}-${pulumi.getStack()}-logs`,
      accountId,
      partition,
      extraStatements: [
        cloudWatchLogsKeyStatement({
          region,
          accountId,
          partition,
          logGroupPrefix: prefix,
          extraLogGroupNames: services.api.waf.enabled ? [wafLogGroupName] : [],
        }),
      ],
      deletionWindowInDays: args.keyDeletionWindowInDays,
      protection: args.protection,
    },
    opts,
  );

  const net = new Network(
    "network",
    {
      vpc: network.vpc,
      region,
      accountId,
      partition,
      flowLogs: {
        logGroupName: `${prefix}vpc-flow-logs`,
        retentionInDays: network.flowLogRetentionDays,
        kmsKeyArn: logsKey.arn,
      },
      s3ObjectArns: [resumes.objectArn()],
    },
    opts,
  );

  const cluster = new EcsCluster("ecs", {}, opts);

  const api = services.api;
  const lb = new PublicLoadBalancer(
    "api-lb",
    {
      vpcId: net.vpcId,
      subnetIds: net.publicSubnetIds,
      targetPort: api.port,
      healthCheckPath: api.healthCheckPath,
      certificateArn: api.certificateArn,
      // Config allows a missing certificate in dev only.
      allowPlainHttp: api.certificateArn === undefined,
      accessLogs: {
        bucket: args.accessLogs.bucketName,
        prefix: ALB_LOG_PREFIX,
        grant: args.accessLogs.hardened.policy,
      },
      deletionProtection: config.environment === "prod",
    },
    opts,
  );
  if (api.waf.enabled) {
    new WebAcl(
      "api-waf",
      {
        resourceArn: lb.arn,
        requestsPerFiveMinutes: api.waf.requestsPerFiveMinutes,
        logs: {
          logGroupName: wafLogGroupName,
          retentionInDays: api.logRetentionDays,
          kmsKeyArn: logsKey.arn,
          accountId,
          partition,
          region,
        },
      },
      opts,
    );
  }

  const common = (name: "api" | "worker", service: ServiceConfig) => ({
    cluster,
    vpcId: net.vpcId,
    subnetIds: net.privateSubnetIds,
    region,
    accountId,
    partition,
    image: service.image,
    command: service.command,
    user: service.user,
    cpu: service.cpu,
    memory: service.memory,
    architecture: service.architecture,
    environment: { ...service.environment, USE_S3: "true", S3_BUCKET_NAME: resumes.bucketName, AWS_REGION: region },
    secrets: service.secrets,
    secretsKmsKeyArns: service.secretsKmsKeyArns,
    ecrRepositoryArns: service.ecrRepositoryArns,
    logGroupName: `${prefix}ecs/${name}`,
    logRetentionInDays: service.logRetentionDays,
    logsKmsKeyArn: logsKey.arn,
    scaling: {
      desiredCount: service.desiredCount,
      minCount: service.minCount,
      maxCount: service.maxCount,
      cpuTargetPercent: service.cpuTargetPercent,
    },
    capacity: { onDemandWeight: service.onDemandWeight, spotWeight: service.spotWeight },
    enableExecuteCommand: service.enableExecuteCommand,
    egress: service.egress,
  });

  const apiService = new FargateService(
    "api",
    {
      ...common("api", api),
      taskRole: args.apiTaskRole,
      dependsOn: [apiTaskPolicy],
      loadBalancing: {
        securityGroupId: lb.securityGroupId,
        targetGroupArn: lb.targetGroupArn,
        containerPort: api.port,
        listeners: lb.listeners,
      },
    },
    opts,
  );
  const workerService = new FargateService(
    "worker",
    {
      ...common("worker", services.worker),
      taskRole: args.workerTaskRole,
      dependsOn: [workerTaskPolicy],
      // Celery's warm shutdown: let the resume being parsed finish when a task is replaced or scaled in.
      stopTimeout: 120,
    },
    opts,
  );

  return {
    apiUrl: api.domainName ? pulumi.output(`${lb.servesHttps ? "https" : "http"}://${api.domainName}`) : lb.url,
    clusterName: cluster.name,
    apiServiceName: apiService.serviceName,
    workerServiceName: workerService.serviceName,
    apiTaskRoleArn: args.apiTaskRole.arn,
    workerTaskRoleArn: args.workerTaskRole.arn,
    apiLogGroupName: apiService.logGroupName,
    workerLogGroupName: workerService.logGroupName,
    flowLogGroupName: net.flowLogs.logGroupName,
    vpcId: net.vpcId,
  };
}
