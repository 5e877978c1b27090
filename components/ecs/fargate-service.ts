import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { permissionStatements } from "../iam/app-permissions";
import { ServiceRole } from "../iam/service-role";
import type { EcsCluster } from "./cluster";
import { credentialNamePattern, looksLikeAccessKeyId } from "./credential-names";
import { fargateCpuProblem, fargateMemoryProblem } from "./fargate-sizes";
import { secretKind, secretResourceArn } from "./secret-references";

/** Where the writable scratch volume is mounted: the root filesystem is read-only. */
export const SCRATCH_PATH = "/tmp";

/**
 * Where the SSM agent behind ECS Exec writes its state and logs: with a read-only root filesystem these must be
 * writable volumes, or the agent fails and `aws ecs execute-command` cannot connect.
 */
export const EXEC_AGENT_PATHS: readonly { volume: string; path: string }[] = [
  { volume: "ssm-agent-state", path: "/var/lib/amazon/ssm" },
  { volume: "ssm-agent-logs", path: "/var/log/amazon/ssm" },
  { volume: "managed-agents", path: "/managed-agents" },
];

export interface ServiceLoadBalancing {
  /** The load balancer's security group: the only source allowed in, and only on `containerPort`. */
  readonly securityGroupId: pulumi.Input<string>;
  readonly targetGroupArn: pulumi.Input<string>;
  /** The port the container listens on. */
  readonly containerPort: number;
  /** The listeners that forward to the target group: ECS rejects a target group no listener uses yet. */
  readonly listeners: readonly pulumi.Resource[];
  /** Seconds ECS ignores failing health checks after a task starts. Default `60`. */
  readonly healthCheckGracePeriodSeconds?: number;
}

export interface ServiceScaling {
  /** Tasks after a deployment. Autoscaling owns the count afterwards. Default `minCount`. */
  readonly desiredCount?: number;
  /** Default `1`. */
  readonly minCount?: number;
  /** Default the larger of 4 and desiredCount. */
  readonly maxCount?: number;
  /** Average CPU utilisation (%) the target-tracking policy keeps. Default `60`. */
  readonly cpuTargetPercent?: number;
}

export interface EgressDestination {
  readonly cidr: string;
  readonly port: number;
  readonly description?: string;
}

export interface FargateServiceArgs {
  readonly cluster: EcsCluster;
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets (the tasks get no public IP). */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The application's role (created before the buckets, whose data perimeter names it). */
  readonly taskRole: ServiceRole;
  /** What must exist before tasks start, e.g. the task role's policy. Default none. */
  readonly dependsOn?: readonly pulumi.Resource[];
  readonly region: string;
  readonly accountId: pulumi.Input<string>;
  readonly partition: pulumi.Input<string>;
  /** Container image. */
  readonly image: string;
  /** Overrides the image's CMD. Default the image's CMD. */
  readonly command?: readonly string[];
  /** Container user (non-root). Default the image's USER. */
  readonly user?: string;
  /** Task CPU units (Fargate table). */
  readonly cpu: number;
  /** Task memory in MiB (Fargate table for `cpu`). */
  readonly memory: number;
  /** Default `"X86_64"`. */
  readonly architecture?: "X86_64" | "ARM64";
  /** Plain settings: never credentials (they are refused). Default none. */
  readonly environment?: Readonly<Record<string, pulumi.Input<string>>>;
  /** NAME → Secrets Manager secret ARN or SSM parameter ARN; the execution role may read exactly these. Default none. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** KMS keys that encrypt those secrets (decrypt only through Secrets Manager / SSM). Default none. */
  readonly secretsKmsKeyArns?: readonly string[];
  /** ECR repositories the execution role may pull from. Default none (a public image needs no grant). */
  readonly ecrRepositoryArns?: readonly string[];
  /** Name of the log group to create for the container's logs. */
  readonly logGroupName: string;
  readonly logRetentionInDays: number;
  /** Customer-managed key of the log group. */
  readonly logsKmsKeyArn: pulumi.Input<string>;
  /** Default `{ minCount: 1, desiredCount: minCount, maxCount: max(4, desiredCount), cpuTargetPercent: 60 }`. */
  readonly scaling?: ServiceScaling;
  /** Capacity-provider weights. Default `{ onDemandWeight: 1, spotWeight: 0 }`. */
  readonly capacity?: { readonly onDemandWeight: number; readonly spotWeight: number };
  /** ECS Exec into running tasks (adds the SSM channel actions to the task role's policy). Default `false`. */
  readonly enableExecuteCommand?: boolean;
  /** Outbound TCP destinations besides HTTPS anywhere (AWS APIs through NAT, S3 through the endpoint). Default none. */
  readonly egress?: readonly EgressDestination[];
  /** Register the tasks with a load balancer. Default none: the service accepts no inbound traffic at all. */
  readonly loadBalancing?: ServiceLoadBalancing;
  /** Seconds a task gets between SIGTERM and SIGKILL (Fargate allows up to 120). Default `30`. */
  readonly stopTimeout?: number;
}

/**
 * One Fargate service with its task definition (awsvpc, read-only root filesystem with a writable `/tmp` scratch
 * volume, awslogs to an encrypted log group, secrets only as references), its own execution role (ECR pull, its log
 * group, its secrets: nothing else), its own security group (HTTPS out; in only from the load balancer's group on
 * the container port, or nothing), a rolling deployment with circuit breaker and rollback, and CPU target-tracking
 * autoscaling. The task role's policy is attached by the caller (it describes the app, not the service).
 */
export class FargateService extends pulumi.ComponentResource {
  public readonly logGroup: aws.cloudwatch.LogGroup;
  public readonly logGroupName: pulumi.Output<string>;
  public readonly executionRole: ServiceRole;
  public readonly executionPolicy: aws.iam.RolePolicy;
  public readonly taskDefinition: aws.ecs.TaskDefinition;
  public readonly securityGroup: aws.ec2.SecurityGroup;
  public readonly service: aws.ecs.Service;
  public readonly serviceName: pulumi.Output<string>;
  public readonly scalingTarget: aws.appautoscaling.Target;
  public readonly scalingPolicy: aws.appautoscaling.Policy;

  constructor(name: string, args: FargateServiceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const architecture = args.architecture ?? "X86_64";
    const environment = args.environment ?? {};
    const secrets = args.secrets ?? {};
    const secretsKmsKeyArns = args.secretsKmsKeyArns ?? [];
    const ecrRepositoryArns = args.ecrRepositoryArns ?? [];
    const minCount = args.scaling?.minCount ?? 1;
    const desiredCount = args.scaling?.desiredCount ?? minCount;
    const maxCount = args.scaling?.maxCount ?? Math.max(4, desiredCount);
    const cpuTargetPercent = args.scaling?.cpuTargetPercent ?? 60;
    const capacity = args.capacity ?? { onDemandWeight: 1, spotWeight: 0 };
    const enableExecuteCommand = args.enableExecuteCommand ?? false;
    const egress = args.egress ?? [];
    const stopTimeout = args.stopTimeout ?? 30;
    validate(name, args, {
      minCount,
      desiredCount,
      maxCount,
      cpuTargetPercent,
      capacity,
      stopTimeout,
      environment,
      secrets,
    });
    super("starscreen:ecs:FargateService", name, {}, opts);

    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: args.logGroupName, retentionInDays: args.logRetentionInDays, kmsKeyId: args.logsKmsKeyArn },
      { parent: this },
    );
    this.logGroupName = this.logGroup.name;

    // The execution role is the ECS agent's: pull the image, write this service's logs, read its secrets.
    this.executionRole = new ServiceRole(
      `${name}-execution`,
      {
        service: "ecs-tasks.amazonaws.com",
        accountId: args.accountId,
        description: `ECS agent for the ${name} service: image pull, logs, secrets`,
        sourceArnLike: pulumi.interpolate`arn:${args.partition}:ecs:${args.region}:${args.accountId}:*`,
      },
      { parent: this },
    );
    const secretArns = Object.values(secrets);
    const unique = (values: string[]) => [...new Set(values)].sort();
    this.executionPolicy = this.executionRole.attachPolicy(
      permissionStatements("execution", {
        region: args.region,
        resources: {
          imageRepositories: unique([...ecrRepositoryArns]),
          ownLogStreams: [pulumi.interpolate`${this.logGroup.arn}:*`],
          secretsManagerSecrets: unique(
            secretArns.filter((a) => secretKind(a) === "secretsmanager").map(secretResourceArn),
          ),
          ssmParameters: unique(secretArns.filter((a) => secretKind(a) === "ssm")),
          secretsKeys: unique([...secretsKmsKeyArns]),
        },
      }),
    );

    const lb = args.loadBalancing;
    const container = {
      name,
      image: args.image,
      essential: true,
      ...(args.command ? { command: [...args.command] } : {}),
      ...(args.user ? { user: args.user } : {}),
      readonlyRootFilesystem: true,
      privileged: false,
      portMappings: lb ? [{ containerPort: lb.containerPort, hostPort: lb.containerPort, protocol: "tcp" }] : [],
      environment: Object.keys(environment)
        .sort()
        .map((key) => ({ name: key, value: environment[key] })),
      secrets: Object.keys(secrets)
        .sort()
        .map((key) => ({ name: key, valueFrom: secrets[key] })),
      mountPoints: [
        { sourceVolume: "scratch", containerPath: SCRATCH_PATH, readOnly: false },
        ...(enableExecuteCommand
          ? EXEC_AGENT_PATHS.map((p) => ({ sourceVolume: p.volume, containerPath: p.path, readOnly: false }))
          : []),
      ],
      // An init process reaps zombies and forwards signals (and ECS Exec needs it); no Linux capabilities at all.
      linuxParameters: { initProcessEnabled: true, capabilities: { drop: ["ALL"] } },
      stopTimeout,
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": this.logGroup.name,
          "awslogs-region": args.region,
          "awslogs-stream-prefix": name,
          mode: "non-blocking",
          "max-buffer-size": "25m",
        },
      },
    };
    this.taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-task-definition`,
      {
        family: `${pulumi.getProject()}-${pulumi.getStack()}-${name}`,
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: String(args.cpu),
        memory: String(args.memory),
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: architecture },
        executionRoleArn: this.executionRole.arn,
        taskRoleArn: args.taskRole.arn,
        // A bind-mount volume without a host path lives in the task's ephemeral storage.
        volumes: [
          { name: "scratch" },
          ...(enableExecuteCommand ? EXEC_AGENT_PATHS.map((p) => ({ name: p.volume })) : []),
        ],
        containerDefinitions: pulumi.jsonStringify([container]),
      },
      { parent: this },
    );

    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: lb ? `${name} tasks: in from the load balancer only` : `${name} tasks: no inbound traffic`,
        revokeRulesOnDelete: true,
      },
      { parent: this },
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-https-egress`,
      {
        securityGroupId: this.securityGroup.id,
        cidrIpv4: "0.0.0.0/0",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description:
          "HTTPS to AWS APIs (ECR, CloudWatch Logs, Secrets Manager) through NAT and to S3 through the gateway endpoint",
      },
      { parent: this },
    );
    egress.forEach((destination, i) => {
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-egress-${i + 1}`,
        {
          securityGroupId: this.securityGroup.id,
          cidrIpv4: destination.cidr,
          ipProtocol: "tcp",
          fromPort: destination.port,
          toPort: destination.port,
          description: destination.description ?? `TCP ${destination.port} to ${destination.cidr}`,
        },
        { parent: this },
      );
    });
    if (lb) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-from-lb`,
        {
          securityGroupId: this.securityGroup.id,
          referencedSecurityGroupId: lb.securityGroupId,
          ipProtocol: "tcp",
          fromPort: lb.containerPort,
          toPort: lb.containerPort,
          description: "From the load balancer to the container port",
        },
        { parent: this },
      );
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-lb-egress`,
        {
          securityGroupId: lb.securityGroupId,
          referencedSecurityGroupId: this.securityGroup.id,
          ipProtocol: "tcp",
          fromPort: lb.containerPort,
          toPort: lb.containerPort,
          description: `From the load balancer to the ${name} tasks`,
        },
        { parent: this },
      );
    }

    const strategies = [
      ...(capacity.onDemandWeight > 0 ? [{ capacityProvider: "FARGATE", weight: capacity.onDemandWeight }] : []),
      ...(capacity.spotWeight > 0 ? [{ capacityProvider: "FARGATE_SPOT", weight: capacity.spotWeight }] : []),
    ];
    this.service = new aws.ecs.Service(
      `${name}-service`,
      {
        cluster: args.cluster.arn,
        taskDefinition: this.taskDefinition.arn,
        desiredCount,
        capacityProviderStrategies: strategies,
        platformVersion: "LATEST",
        networkConfiguration: {
          subnets: args.subnetIds,
          securityGroups: [this.securityGroup.id],
          assignPublicIp: false,
        },
        deploymentController: { type: "ECS" },
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        enableExecuteCommand,
        enableEcsManagedTags: true,
        propagateTags: "SERVICE",
        waitForSteadyState: false,
        ...(lb
          ? {
              loadBalancers: [
                { targetGroupArn: lb.targetGroupArn, containerName: name, containerPort: lb.containerPort },
              ],
              healthCheckGracePeriodSeconds: lb.healthCheckGracePeriodSeconds ?? 60,
            }
          : {}),
      },
      {
        parent: this,
        dependsOn: [
          args.cluster.capacityProviders,
          this.executionPolicy,
          ...(lb?.listeners ?? []),
          ...(args.dependsOn ?? []),
        ],
        // Autoscaling changes the count; a deployment must not reset it.
        ignoreChanges: ["desiredCount"],
      },
    );
    this.serviceName = this.service.name;

    this.scalingTarget = new aws.appautoscaling.Target(
      `${name}-scaling-target`,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/${args.cluster.name}/${this.service.name}`,
        minCapacity: minCount,
        maxCapacity: maxCount,
      },
      { parent: this },
    );
    this.scalingPolicy = new aws.appautoscaling.Policy(
      `${name}-cpu-scaling`,
      {
        policyType: "TargetTrackingScaling",
        serviceNamespace: this.scalingTarget.serviceNamespace,
        scalableDimension: this.scalingTarget.scalableDimension,
        resourceId: this.scalingTarget.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
          targetValue: cpuTargetPercent,
          scaleOutCooldown: 60,
          scaleInCooldown: 300,
        },
      },
      { parent: this },
    );
    this.registerOutputs({ serviceName: this.serviceName, logGroupName: this.logGroupName });
  }
}

interface Resolved {
  readonly minCount: number;
  readonly desiredCount: number;
  readonly maxCount: number;
  readonly cpuTargetPercent: number;
  readonly capacity: { readonly onDemandWeight: number; readonly spotWeight: number };
  readonly stopTimeout: number;
  readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
  readonly secrets: Readonly<Record<string, string>>;
}

/** The same rules as config validation, for callers that build the args themselves. Throws before registering. */
function validate(name: string, args: FargateServiceArgs, r: Resolved): void {
  const fail = (message: string) => {
    throw new Error(`FargateService ${name}: ${message}`);
  };
  const cpuProblem = fargateCpuProblem(args.cpu);
  if (cpuProblem) fail(`cpu ${cpuProblem}, got ${args.cpu}`);
  const memoryProblem = fargateMemoryProblem(args.cpu, args.memory);
  if (memoryProblem) fail(`memory ${memoryProblem}, got ${args.memory}`);
  if (!(r.minCount >= 1 && r.minCount <= r.desiredCount && r.desiredCount <= r.maxCount)) {
    fail(
      `scaling must satisfy 1 <= minCount <= desiredCount <= maxCount, got ${r.minCount}, ${r.desiredCount}, ${r.maxCount}`,
    );
  }
  if (r.cpuTargetPercent < 10 || r.cpuTargetPercent > 90)
    fail(`cpuTargetPercent must be from 10 to 90, got ${r.cpuTargetPercent}`);
  if (
    r.capacity.onDemandWeight < 0 ||
    r.capacity.spotWeight < 0 ||
    r.capacity.onDemandWeight + r.capacity.spotWeight === 0
  ) {
    fail("capacity.onDemandWeight and capacity.spotWeight must be >= 0 and not both 0");
  }
  if (r.stopTimeout < 2 || r.stopTimeout > 120)
    fail(`stopTimeout must be from 2 to 120 seconds on Fargate, got ${r.stopTimeout}`);
  if (args.loadBalancing && args.loadBalancing.listeners.length === 0)
    fail("loadBalancing.listeners must not be empty");
  for (const [key, value] of Object.entries(r.environment)) {
    const pattern = credentialNamePattern(key);
    if (pattern)
      fail(
        `environment ${key} looks like a credential (matches ${pattern}); pass it in secrets as a Secrets Manager or SSM ARN`,
      );
    if (typeof value === "string" && looksLikeAccessKeyId(value))
      fail(`environment ${key} holds an AWS access key id; tasks use their task role`);
    if (key in r.secrets) fail(`${key} is in both environment and secrets`);
  }
  for (const [key, arn] of Object.entries(r.secrets)) {
    if (!secretKind(arn))
      fail(
        `secrets ${key} must be a Secrets Manager secret ARN (with its 6-character suffix) or an SSM parameter ARN, got ${arn}`,
      );
  }
  if (args.user !== undefined && /^(0|root)(:|$)/.test(args.user)) fail(`user must not be root, got ${args.user}`);
}
