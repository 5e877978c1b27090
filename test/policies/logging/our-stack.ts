/**
 * "Our stacks" as the ECS, load-balancer, network and logging guardrails see them: the shapes the compute issue
 * prescribes (Fargate task definitions with JSON-string container definitions, services without public IPs and
 * with a circuit breaker, an internet-facing ALB with an HTTPS listener and an HTTP redirect, security-group
 * rules as separate resources, CloudWatch log groups with retention and KMS, an awsx VPC with a flow log and an
 * S3 gateway endpoint with a policy). Props hold the inputs plus the outputs stack policies read (`id`, `arn`),
 * and the property dependencies `pulumi` records for `resource.output` inputs.
 *
 * Tests import the single-resource builders, change one thing, and expect exactly one finding.
 */
import { urnFor, type FakeResource } from "../../helpers/policy-harness";

export type Env = "dev" | "prod";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

export const T = {
  cluster: "aws:ecs/cluster:Cluster",
  service: "aws:ecs/service:Service",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  taskSet: "aws:ecs/taskSet:TaskSet",
  lb: "aws:lb/loadBalancer:LoadBalancer",
  alb: "aws:alb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  albListener: "aws:alb/listener:Listener",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  vpc: "aws:ec2/vpc:Vpc",
  awsxVpc: "awsx:ec2:Vpc",
  flowLog: "aws:ec2/flowLog:FlowLog",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  vpcEndpointPolicy: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  kmsKey: "aws:kms/key:Key",
} as const;

/** A resource with its URN filled in, so other fixtures can point at it. */
export function res(
  type: string,
  name: string,
  props: Record<string, unknown>,
  extra: Partial<FakeResource> = {},
): FakeResource & { urn: string; name: string } {
  return { type, name, urn: urnFor(type, name), props, ...extra };
}

const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;

export function logGroupArn(env: Env, service: string): string {
  return arn("logs", `log-group:/starscreen/${env}/${service}`);
}

export function logsKeyArn(env: Env): string {
  return arn("kms", `key/${env}-logs-0000-1111-2222-333344445555`);
}

/** One app container as `components/ecs` builds it (before `pulumi.jsonStringify`). */
export function containerDefinition(env: Env, service: "api" | "worker"): Record<string, unknown> {
  return {
    name: service,
    image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/starscreen-${service}:1.4.2`,
    essential: true,
    readonlyRootFilesystem: true,
    user: "1000:1000",
    ...(service === "api"
      ? { portMappings: [{ containerPort: 8000, protocol: "tcp" }] }
      : { command: ["celery", "-A", "app.worker", "worker", "--loglevel=info"] }),
    environment: [
      { name: "USE_S3", value: "true" },
      { name: "S3_BUCKET_NAME", value: `starscreen-${env}-resumes-a1b2c3` },
      { name: "AWS_REGION", value: REGION },
      { name: "LOG_LEVEL", value: "info" },
    ],
    secrets: [
      {
        name: "DATABASE_URL",
        valueFrom: arn("secretsmanager", `secret:starscreen/${env}/database-url-AbC123`),
      },
      { name: "OPENAI_API_KEY", valueFrom: arn("ssm", `parameter/starscreen/${env}/openai-api-key`) },
    ],
    mountPoints: [{ sourceVolume: "scratch", containerPath: "/tmp", readOnly: false }],
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": `/starscreen/${env}/${service}`,
        "awslogs-region": REGION,
        "awslogs-stream-prefix": service,
      },
    },
  };
}

/** A Fargate task definition; `containers` defaults to the one app container, serialised as JSON. */
export function taskDefinition(
  env: Env,
  service: "api" | "worker",
  overrides: Record<string, unknown> = {},
  containers: unknown = JSON.stringify([containerDefinition(env, service)]),
) {
  return res(T.taskDefinition, `${env}-${service}-task`, {
    family: `starscreen-${env}-${service}`,
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "512",
    memory: "1024",
    runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
    taskRoleArn: arn("iam", `role/starscreen-${env}-${service}-task`).replace(`:${REGION}:`, "::"),
    executionRoleArn: arn("iam", `role/starscreen-${env}-${service}-execution`).replace(`:${REGION}:`, "::"),
    volumes: [{ name: "scratch" }],
    containerDefinitions: containers,
    arn: arn("ecs", `task-definition/starscreen-${env}-${service}:1`),
    ...overrides,
  });
}

export function cluster(env: Env, overrides: Record<string, unknown> = {}) {
  return res(T.cluster, `${env}-cluster`, {
    name: `starscreen-${env}`,
    settings: [{ name: "containerInsights", value: env === "prod" ? "enhanced" : "enabled" }],
    arn: arn("ecs", `cluster/starscreen-${env}`),
    ...overrides,
  });
}

export function ecsService(env: Env, service: "api" | "worker", overrides: Record<string, unknown> = {}) {
  return res(T.service, `${env}-${service}-service`, {
    name: `starscreen-${env}-${service}`,
    cluster: arn("ecs", `cluster/starscreen-${env}`),
    taskDefinition: arn("ecs", `task-definition/starscreen-${env}-${service}:1`),
    desiredCount: env === "prod" ? 2 : 1,
    capacityProviderStrategies: [{ capacityProvider: service === "worker" ? "FARGATE_SPOT" : "FARGATE", weight: 1 }],
    networkConfiguration: {
      subnets: ["subnet-0priv1", "subnet-0priv2"],
      securityGroups: [`sg-0${service}`],
      assignPublicIp: false,
    },
    deploymentCircuitBreaker: { enable: true, rollback: true },
    deploymentMinimumHealthyPercent: 100,
    deploymentMaximumPercent: 200,
    enableExecuteCommand: false,
    ...overrides,
  });
}

export function logGroup(env: Env, service: string, overrides: Record<string, unknown> = {}) {
  return res(T.logGroup, `${env}-${service}-logs`, {
    name: `/starscreen/${env}/${service}`,
    retentionInDays: env === "prod" ? 365 : 14,
    kmsKeyId: logsKeyArn(env),
    arn: logGroupArn(env, service),
    ...overrides,
  });
}

export function securityGroup(env: Env, role: string, overrides: Record<string, unknown> = {}) {
  return res(T.securityGroup, `${env}-${role}-sg`, {
    name: `starscreen-${env}-${role}`,
    description: `Starscreen ${role}`,
    vpcId: "vpc-0abc",
    id: `sg-0${role}`,
    ...overrides,
  });
}

export function loadBalancer(
  env: Env,
  overrides: Record<string, unknown> = {},
  extra: Partial<FakeResource> = {},
  type: string = T.lb,
) {
  const name = `${env}-alb`;
  return res(
    type,
    name,
    {
      name: `starscreen-${env}`,
      loadBalancerType: "application",
      internal: false,
      securityGroups: ["sg-0alb"],
      subnets: ["subnet-0pub1", "subnet-0pub2"],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: env === "prod",
      accessLogs: { bucket: `starscreen-${env}-alb-logs-${REGION}`, prefix: "alb", enabled: true },
      arn: arn("elasticloadbalancing", `loadbalancer/app/starscreen-${env}/50dc6c495c0c9188`),
      id: arn("elasticloadbalancing", `loadbalancer/app/starscreen-${env}/50dc6c495c0c9188`),
      ...overrides,
    },
    { propertyDependencies: { securityGroups: [urnFor(T.securityGroup, `${env}-alb-sg`)] }, ...extra },
  );
}

export function httpsListener(env: Env, overrides: Record<string, unknown> = {}, type: string = T.listener) {
  return res(type, `${env}-https`, {
    loadBalancerArn: loadBalancer(env).props.arn,
    port: 443,
    protocol: "HTTPS",
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    certificateArn: arn("acm", "certificate/0f8c1a2b-3c4d-5e6f-7a8b-9c0d1e2f3a4b"),
    defaultActions: [{ type: "forward", targetGroupArn: arn("elasticloadbalancing", "targetgroup/api/abc") }],
    ...overrides,
  });
}

export function httpRedirectListener(env: Env, overrides: Record<string, unknown> = {}, type: string = T.listener) {
  return res(type, `${env}-http`, {
    loadBalancerArn: loadBalancer(env).props.arn,
    port: 80,
    protocol: "HTTP",
    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    ...overrides,
  });
}

/** Dev without a certificate: the HTTP listener forwards (waived in the dev pack config). */
export function httpForwardListener(env: Env, overrides: Record<string, unknown> = {}, type: string = T.listener) {
  return res(type, `${env}-http`, {
    loadBalancerArn: loadBalancer(env).props.arn,
    port: 80,
    protocol: "HTTP",
    defaultActions: [{ type: "forward", targetGroupArn: arn("elasticloadbalancing", "targetgroup/api/abc") }],
    ...overrides,
  });
}

/** An ingress rule (v7 `aws.vpc.SecurityGroupIngressRule`) on the given group. */
export function ingressRule(
  env: Env,
  name: string,
  groupRole: string,
  props: Record<string, unknown>,
  extra: Partial<FakeResource> = {},
) {
  return res(
    T.ingressRule,
    `${env}-${name}`,
    { securityGroupId: `sg-0${groupRole}`, ...props },
    { propertyDependencies: { securityGroupId: [urnFor(T.securityGroup, `${env}-${groupRole}-sg`)] }, ...extra },
  );
}

export function awsxVpc(env: Env, overrides: Record<string, unknown> = {}) {
  return res(T.awsxVpc, `${env}-vpc`, {
    vpcId: "vpc-0abc",
    privateSubnetIds: ["subnet-0priv1", "subnet-0priv2"],
    publicSubnetIds: ["subnet-0pub1", "subnet-0pub2"],
    ...overrides,
  });
}

export function flowLog(env: Env, overrides: Record<string, unknown> = {}, extra: Partial<FakeResource> = {}) {
  return res(
    T.flowLog,
    `${env}-flow-log`,
    {
      vpcId: "vpc-0abc",
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroupArn(env, "vpc-flow-logs"),
      iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/starscreen-${env}-flow-logs`,
      ...overrides,
    },
    { propertyDependencies: { vpcId: [urnFor(T.awsxVpc, `${env}-vpc`)] }, ...extra },
  );
}

export function s3EndpointPolicyDocument(env: Env): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "StackBuckets",
        Effect: "Allow",
        Principal: "*",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: [`arn:aws:s3:::starscreen-${env}-resumes-a1b2c3/*`],
      },
      {
        Sid: "EcrImageLayers",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::prod-${REGION}-starport-layer-bucket/*`,
      },
    ],
  };
}

export function s3GatewayEndpoint(env: Env, overrides: Record<string, unknown> = {}) {
  return res(T.vpcEndpoint, `${env}-s3-endpoint`, {
    vpcId: "vpc-0abc",
    serviceName: `com.amazonaws.${REGION}.s3`,
    vpcEndpointType: "Gateway",
    routeTableIds: ["rtb-0priv1", "rtb-0priv2"],
    policy: JSON.stringify(s3EndpointPolicyDocument(env)),
    id: "vpce-0123456789abcdef0",
    ...overrides,
  });
}

/** The whole ECS / ALB / network / logging part of a stack, as the dev or prod program registers it. */
export function ourStack(env: Env): FakeResource[] {
  const alb = loadBalancer(env);
  const resources: FakeResource[] = [
    res(T.kmsKey, `${env}-logs-key`, { enableKeyRotation: true, arn: logsKeyArn(env) }),
    awsxVpc(env),
    logGroup(env, "vpc-flow-logs"),
    flowLog(env),
    s3GatewayEndpoint(env),
    cluster(env),
    logGroup(env, "api"),
    logGroup(env, "worker"),
    taskDefinition(env, "api"),
    taskDefinition(env, "worker"),
    securityGroup(env, "alb"),
    securityGroup(env, "api"),
    securityGroup(env, "worker"),
    ingressRule(env, "alb-http", "alb", { cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 80, toPort: 80 }),
    ingressRule(env, "alb-https", "alb", { cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443 }),
    ingressRule(env, "alb-https-v6", "alb", { cidrIpv6: "::/0", ipProtocol: "tcp", fromPort: 443, toPort: 443 }),
    ingressRule(
      env,
      "api-from-alb",
      "api",
      { referencedSecurityGroupId: "sg-0alb", ipProtocol: "tcp", fromPort: 8000, toPort: 8000 },
      {
        propertyDependencies: {
          securityGroupId: [urnFor(T.securityGroup, `${env}-api-sg`)],
          referencedSecurityGroupId: [urnFor(T.securityGroup, `${env}-alb-sg`)],
        },
      },
    ),
    ...["alb", "api", "worker"].map((role) =>
      res(T.egressRule, `${env}-${role}-egress`, {
        securityGroupId: `sg-0${role}`,
        cidrIpv4: "0.0.0.0/0",
        ipProtocol: "-1",
      }),
    ),
    alb,
    res(T.targetGroup, `${env}-api-tg`, { port: 8000, protocol: "HTTP", targetType: "ip", vpcId: "vpc-0abc" }),
    ...(env === "prod" ? [httpsListener(env), httpRedirectListener(env)] : [httpForwardListener(env)]),
    ecsService(env, "api", {
      loadBalancers: [{ containerName: "api", containerPort: 8000, targetGroupArn: "arn:tg" }],
    }),
    ecsService(env, "worker"),
  ];
  if (env === "prod") {
    const acl = res(T.webAcl, "prod-waf", { scope: "REGIONAL", arn: arn("wafv2", "regional/webacl/starscreen/1") });
    resources.push(
      acl,
      res(
        T.webAclAssociation,
        "prod-waf-alb",
        { resourceArn: alb.props.arn, webAclArn: acl.props.arn },
        { propertyDependencies: { resourceArn: [alb.urn], webAclArn: [acl.urn] } },
      ),
    );
  }
  return resources;
}

/** The waiver the dev pack config carries for the HTTP listener that forwards without a certificate. */
export const DEV_HTTP_WAIVER = {
  resource: "*dev-http",
  justification:
    "Dev has no ACM certificate; the HTTP listener forwards. Accepted by platform lead until a dev domain exists.",
};
