import * as aws from "@pulumi/aws";
import { beforeAll, describe, expect, it } from "vitest";
import { EcsCluster } from "../../../components/ecs/cluster";
import { FargateService, type FargateServiceArgs } from "../../../components/ecs/fargate-service";
import { ServiceRole } from "../../../components/iam/service-role";
import { startMockedRun, type MockedRun } from "../../helpers/pulumi-mocks";

const REPO = "arn:aws:ecr:us-east-1:123456789012:repository/starscreen-api";
const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/starscreen-api:1.0.0";
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:starscreen/db-Ab12Cd";
const PARAMETER = "arn:aws:ssm:us-east-1:123456789012:parameter/starscreen/openai-api-key";
const SECRETS_KEY = "arn:aws:kms:us-east-1:123456789012:key/6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d";
const LOGS_KEY = "arn:aws:kms:us-east-1:123456789012:key/logs";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

let run: MockedRun;
let base: Omit<FargateServiceArgs, "image" | "logGroupName">;
let lbGroup: aws.ec2.SecurityGroup;
let listener: aws.lb.Listener;
let taskPolicy: aws.iam.RolePolicy;

beforeAll(async () => {
  run = await startMockedRun({ stack: "prod" });
  const cluster = new EcsCluster("ecs");
  const taskRole = new ServiceRole("api-task", {
    service: "ecs-tasks.amazonaws.com",
    accountId: "123456789012",
    description: "api",
  });
  taskPolicy = taskRole.attachPolicy([
    { Sid: "ReadResumes", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/resumes/*" },
  ]);
  lbGroup = new aws.ec2.SecurityGroup("lb-sg", { vpcId: "vpc-1" });
  const targetGroup = new aws.lb.TargetGroup("lb-targets", {
    vpcId: "vpc-1",
    port: 8000,
    protocol: "HTTP",
    targetType: "ip",
  });
  listener = new aws.lb.Listener("lb-https", {
    loadBalancerArn: "arn:lb",
    port: 443,
    defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
  });
  base = {
    cluster,
    vpcId: "vpc-1",
    subnetIds: ["subnet-private-a", "subnet-private-b"],
    taskRole,
    region: "us-east-1",
    accountId: "123456789012",
    partition: "aws",
    cpu: 1024,
    memory: 2048,
    logRetentionInDays: 365,
    logsKmsKeyArn: LOGS_KEY,
  };
  new FargateService("api", {
    ...base,
    image: IMAGE,
    user: "1000:1000",
    architecture: "ARM64",
    environment: { USE_S3: "true", S3_BUCKET_NAME: "resumes-bucket", AWS_REGION: "us-east-1", LOG_LEVEL: "info" },
    secrets: { DB_USER: `${SECRET}:username::`, DATABASE_URL: SECRET, OPENAI_API_KEY: PARAMETER },
    secretsKmsKeyArns: [SECRETS_KEY],
    ecrRepositoryArns: [REPO],
    logGroupName: "/starscreen/prod/ecs/api",
    dependsOn: [taskPolicy],
    scaling: { minCount: 2, desiredCount: 3, maxCount: 10, cpuTargetPercent: 55 },
    egress: [{ cidr: "10.30.0.0/16", port: 5432, description: "PostgreSQL" }],
    loadBalancing: {
      securityGroupId: lbGroup.id,
      targetGroupArn: targetGroup.arn,
      containerPort: 8000,
      listeners: [listener],
    },
  });
  new FargateService("worker", {
    ...base,
    image: "public.ecr.aws/docker/library/python:3.12-slim",
    command: ["celery", "-A", "app.worker", "worker"],
    cpu: 512,
    memory: 1024,
    logGroupName: "/starscreen/prod/ecs/worker",
    capacity: { onDemandWeight: 0, spotWeight: 1 },
    enableExecuteCommand: true,
    stopTimeout: 120,
  });
  await run.settle();
});

const byName = (type: string, name: string) => run.one(type, name);
const containers = (name: string) =>
  run.json(byName("aws:ecs/taskDefinition:TaskDefinition", `${name}-task-definition`), "containerDefinitions");

describe("FargateService task definition", () => {
  it("runs one hardened app container: read-only root, /tmp scratch, no capabilities, awslogs, settings and secret references", () => {
    expect(containers("api")).toEqual([
      {
        name: "api",
        image: IMAGE,
        essential: true,
        user: "1000:1000",
        readonlyRootFilesystem: true,
        privileged: false,
        portMappings: [{ containerPort: 8000, hostPort: 8000, protocol: "tcp" }],
        environment: [
          { name: "AWS_REGION", value: "us-east-1" },
          { name: "LOG_LEVEL", value: "info" },
          { name: "S3_BUCKET_NAME", value: "resumes-bucket" },
          { name: "USE_S3", value: "true" },
        ],
        secrets: [
          { name: "DATABASE_URL", valueFrom: SECRET },
          { name: "DB_USER", valueFrom: `${SECRET}:username::` },
          { name: "OPENAI_API_KEY", valueFrom: PARAMETER },
        ],
        mountPoints: [{ sourceVolume: "scratch", containerPath: "/tmp", readOnly: false }],
        linuxParameters: { initProcessEnabled: true, capabilities: { drop: ["ALL"] } },
        stopTimeout: 30,
        logConfiguration: {
          logDriver: "awslogs",
          options: {
            "awslogs-group": "/starscreen/prod/ecs/api",
            "awslogs-region": "us-east-1",
            "awslogs-stream-prefix": "api",
            mode: "non-blocking",
            "max-buffer-size": "25m",
          },
        },
      },
    ]);
  });

  it("is an awsvpc Fargate task with the scratch volume, the chosen architecture and two distinct roles", () => {
    const td = run.inputs(byName("aws:ecs/taskDefinition:TaskDefinition", "api-task-definition"));
    expect(td).toMatchObject({
      family: "starscreen-infra-prod-api",
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "1024",
      memory: "2048",
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
      volumes: [{ name: "scratch" }],
      taskRoleArn: run.outputs(byName("aws:iam/role:Role", "api-task-role")).arn,
      executionRoleArn: run.outputs(byName("aws:iam/role:Role", "api-execution-role")).arn,
    });
    expect(td.taskRoleArn).not.toBe(td.executionRoleArn);
  });

  it("gives the worker its command, no port, and a longer stop timeout", () => {
    const [worker] = containers("worker");
    expect(worker.command).toEqual(["celery", "-A", "app.worker", "worker"]);
    expect(worker.portMappings).toEqual([]);
    expect(worker.stopTimeout).toBe(120);
    expect(worker.user).toBeUndefined();
    expect(worker.readonlyRootFilesystem).toBe(true);
  });

  it("gives the SSM agent writable paths when ECS Exec is on, since the root filesystem is read-only", () => {
    const [worker] = containers("worker");
    expect(worker.mountPoints).toEqual([
      { sourceVolume: "scratch", containerPath: "/tmp", readOnly: false },
      { sourceVolume: "ssm-agent-state", containerPath: "/var/lib/amazon/ssm", readOnly: false },
      { sourceVolume: "ssm-agent-logs", containerPath: "/var/log/amazon/ssm", readOnly: false },
      { sourceVolume: "managed-agents", containerPath: "/managed-agents", readOnly: false },
    ]);
    const td = run.inputs(byName("aws:ecs/taskDefinition:TaskDefinition", "worker-task-definition"));
    expect(td.volumes).toEqual([
      { name: "scratch" },
      { name: "ssm-agent-state" },
      { name: "ssm-agent-logs" },
      { name: "managed-agents" },
    ]);
  });

  it("writes logs to its own encrypted log group with retention", () => {
    expect(run.inputs(byName("aws:cloudwatch/logGroup:LogGroup", "api-logs"))).toEqual({
      name: "/starscreen/prod/ecs/api",
      retentionInDays: 365,
      kmsKeyId: LOGS_KEY,
    });
  });
});

describe("FargateService execution role", () => {
  it("is assumed by ECS tasks of this account only", () => {
    const trust = run.json(byName("aws:iam/role:Role", "api-execution-role"), "assumeRolePolicy").Statement;
    expect(trust).toEqual([
      {
        Sid: "AssumeFromService",
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": "123456789012" },
          ArnLike: { "aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:*" },
        },
      },
    ]);
  });

  it("may pull its image, write its own log streams and read exactly its secrets (the secret, not a JSON key of it)", () => {
    const logGroupArn = run.outputs(byName("aws:cloudwatch/logGroup:LogGroup", "api-logs")).arn;
    expect(run.json(byName("aws:iam/rolePolicy:RolePolicy", "api-execution-policy"), "policy").Statement).toEqual([
      { Sid: "LogInToEcr", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
      {
        Sid: "PullImage",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        Resource: REPO,
      },
      {
        Sid: "WriteContainerLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroupArn}:*`,
      },
      {
        Sid: "ReadSecretsManagerSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: SECRET,
      },
      { Sid: "ReadSsmParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: PARAMETER },
      {
        Sid: "DecryptSecrets",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: SECRETS_KEY,
        Condition: {
          StringEquals: { "kms:ViaService": ["secretsmanager.us-east-1.amazonaws.com", "ssm.us-east-1.amazonaws.com"] },
        },
      },
    ]);
  });

  it("for a public image without secrets, may only write its log streams", () => {
    const statements = run.json(byName("aws:iam/rolePolicy:RolePolicy", "worker-execution-policy"), "policy").Statement;
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual(["WriteContainerLogs"]);
  });

  it("uses no managed policy", () => {
    expect(run.resources("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toEqual([]);
  });
});

describe("FargateService security groups", () => {
  it("lets into the API tasks only the load balancer's group, on the container port", () => {
    const apiSg = byName(SG, "api-sg").id;
    const ingress = run.resources(INGRESS).map((r) => run.inputs(r));
    expect(ingress).toEqual([
      {
        securityGroupId: apiSg,
        referencedSecurityGroupId: byName(SG, "lb-sg").id,
        ipProtocol: "tcp",
        fromPort: 8000,
        toPort: 8000,
        description: "From the load balancer to the container port",
      },
    ]);
  });

  it("lets nothing into the worker tasks", () => {
    const workerSg = byName(SG, "worker-sg").id;
    const rules = [...run.resources(INGRESS), ...run.resources(EGRESS)].map((r) => run.inputs(r));
    expect(rules.filter((r) => r.securityGroupId === workerSg && "referencedSecurityGroupId" in r)).toEqual([]);
    expect(run.resources(INGRESS).filter((r) => run.inputs(r).securityGroupId === workerSg)).toEqual([]);
    expect(run.inputs(byName(SG, "worker-sg"))).toEqual({
      vpcId: "vpc-1",
      description: "worker tasks: no inbound traffic",
      revokeRulesOnDelete: true,
    });
  });

  it("lets tasks out on HTTPS and the configured destinations, and the load balancer out to the API tasks only", () => {
    const apiSg = byName(SG, "api-sg").id;
    const lbSg = byName(SG, "lb-sg").id;
    const egress = (name: string) => run.inputs(byName(EGRESS, name));
    expect(egress("api-https-egress")).toMatchObject({
      securityGroupId: apiSg,
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
    });
    expect(egress("api-egress-1")).toEqual({
      securityGroupId: apiSg,
      cidrIpv4: "10.30.0.0/16",
      ipProtocol: "tcp",
      fromPort: 5432,
      toPort: 5432,
      description: "PostgreSQL",
    });
    expect(egress("api-lb-egress")).toMatchObject({
      securityGroupId: lbSg,
      referencedSecurityGroupId: apiSg,
      ipProtocol: "tcp",
      fromPort: 8000,
      toPort: 8000,
    });
    expect(egress("worker-https-egress")).toMatchObject({
      securityGroupId: byName(SG, "worker-sg").id,
      fromPort: 443,
      toPort: 443,
    });
    expect(run.resources(EGRESS)).toHaveLength(4);
  });
});

describe("FargateService service and autoscaling", () => {
  it("runs in private subnets without public IPs, rolls back failed deployments, keeps 100%/200% capacity", () => {
    const service = run.inputs(byName("aws:ecs/service:Service", "api-service"));
    expect(service).toEqual({
      cluster: run.outputs(byName("aws:ecs/cluster:Cluster", "ecs-cluster")).arn,
      taskDefinition: run.outputs(byName("aws:ecs/taskDefinition:TaskDefinition", "api-task-definition")).arn,
      desiredCount: 3,
      capacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1 }],
      platformVersion: "LATEST",
      networkConfiguration: {
        subnets: ["subnet-private-a", "subnet-private-b"],
        securityGroups: [byName(SG, "api-sg").id],
        assignPublicIp: false,
      },
      deploymentController: { type: "ECS" },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      enableExecuteCommand: false,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      waitForSteadyState: false,
      loadBalancers: [
        {
          targetGroupArn: run.outputs(byName("aws:lb/targetGroup:TargetGroup", "lb-targets")).arn,
          containerName: "api",
          containerPort: 8000,
        },
      ],
      healthCheckGracePeriodSeconds: 60,
    });
  });

  it("waits for the listener, the capacity providers and both roles' policies; leaves the count to autoscaling", () => {
    const service = byName("aws:ecs/service:Service", "api-service");
    for (const dependency of [
      byName("aws:lb/listener:Listener", "lb-https"),
      byName("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "ecs-capacity-providers"),
      byName("aws:iam/rolePolicy:RolePolicy", "api-execution-policy"),
      byName("aws:iam/rolePolicy:RolePolicy", "api-task-policy"),
    ]) {
      expect(service.dependencies, dependency.name).toContain(dependency.urn);
    }
    expect(service.ignoreChanges).toEqual(["desiredCount"]);
    expect(run.parentTypes(service)).toEqual(["starscreen:ecs:FargateService"]);
  });

  it("runs the worker on Fargate Spot without a load balancer, with ECS Exec when asked", () => {
    const worker = run.inputs(byName("aws:ecs/service:Service", "worker-service"));
    expect(worker.capacityProviderStrategies).toEqual([{ capacityProvider: "FARGATE_SPOT", weight: 1 }]);
    expect(worker.loadBalancers).toBeUndefined();
    expect(worker.networkConfiguration.assignPublicIp).toBe(false);
    expect(worker.enableExecuteCommand).toBe(true);
    expect(worker.desiredCount).toBe(1);
  });

  it("scales between min and max on average CPU", () => {
    const cluster = run.outputs(byName("aws:ecs/cluster:Cluster", "ecs-cluster")).name;
    const service = run.outputs(byName("aws:ecs/service:Service", "api-service")).name;
    const target = run.inputs(byName("aws:appautoscaling/target:Target", "api-scaling-target"));
    expect(target).toEqual({
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/${cluster}/${service}`,
      minCapacity: 2,
      maxCapacity: 10,
    });
    expect(run.inputs(byName("aws:appautoscaling/policy:Policy", "api-cpu-scaling"))).toEqual({
      policyType: "TargetTrackingScaling",
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/${cluster}/${service}`,
      targetTrackingScalingPolicyConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        targetValue: 55,
        scaleOutCooldown: 60,
        scaleInCooldown: 300,
      },
    });
    expect(run.inputs(byName("aws:appautoscaling/target:Target", "worker-scaling-target"))).toMatchObject({
      minCapacity: 1,
      maxCapacity: 4,
    });
  });
});

describe("FargateService refuses unsafe or impossible args before registering", () => {
  const cases: [string, Partial<FargateServiceArgs>, string][] = [
    [
      "a memory size Fargate does not pair with the CPU",
      { cpu: 256, memory: 4096 },
      "FargateService bad: memory must be one of 512, 1024, 2048 for cpu 256 (Fargate), got 4096",
    ],
    [
      "a CPU value Fargate does not offer",
      { cpu: 300, memory: 512 },
      "FargateService bad: cpu must be one of 256, 512",
    ],
    [
      "a credential in plain text",
      { environment: { DB_PASSWORD: "x" } },
      "FargateService bad: environment DB_PASSWORD looks like a credential (matches *PASSWORD*)",
    ],
    [
      "an access key as a value",
      { environment: { CONFIG: "AKIAIOSFODNN7EXAMPLE" } },
      "FargateService bad: environment CONFIG holds an AWS access key id",
    ],
    [
      "a secret that is not an ARN",
      { secrets: { DATABASE_URL: "postgres://x" } },
      "FargateService bad: secrets DATABASE_URL must be a Secrets Manager secret ARN",
    ],
    ["a root user", { user: "root" }, "FargateService bad: user must not be root"],
    [
      "counts out of order",
      { scaling: { minCount: 3, desiredCount: 2, maxCount: 4 } },
      "FargateService bad: scaling must satisfy 1 <= minCount <= desiredCount <= maxCount, got 3, 2, 4",
    ],
    [
      "no capacity",
      { capacity: { onDemandWeight: 0, spotWeight: 0 } },
      "FargateService bad: capacity.onDemandWeight and capacity.spotWeight",
    ],
    [
      "a stop timeout Fargate does not allow",
      { stopTimeout: 300 },
      "FargateService bad: stopTimeout must be from 2 to 120 seconds on Fargate, got 300",
    ],
  ];
  it.each(cases)("%s", (_label, extra, message) => {
    expect(() => new FargateService("bad", { ...base, image: IMAGE, logGroupName: "/x/", ...extra })).toThrow(message);
    expect(run.resources().filter((r) => r.name === "bad" || r.name.startsWith("bad-"))).toEqual([]);
  });
});
