import { describe, expect, it } from "vitest";
import { ConfigError, parseStackConfig } from "../../config";
import { readStackFile } from "../../tools/stack-file";

const ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:starscreen/db-Ab12Cd";
const PARAMETER = "arn:aws:ssm:us-east-1:123456789012:parameter/starscreen/openai-api-key";
const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b";

type Json = Record<string, unknown>;

/** The smallest valid services block. */
function services(overrides: { api?: Json; worker?: Json } = {}): Json {
  return {
    api: { image: `${ECR}/starscreen-api:1.0.0`, ...overrides.api },
    worker: {
      image: `${ECR}/starscreen-worker:1.0.0`,
      command: ["celery", "-A", "app.worker", "worker"],
      ...overrides.worker,
    },
  };
}

function raw(
  options: { env?: "dev" | "prod"; services?: Json | null; network?: Json; region?: string } = {},
): Record<string, string> {
  const env = options.env ?? "dev";
  const config: Record<string, string> = {
    "aws:region": options.region ?? "us-east-1",
    "starscreen:environment": env,
  };
  if (env === "prod") config["starscreen:storage"] = JSON.stringify({ replication: { region: "us-west-2" } });
  if (options.services !== null) config["starscreen:services"] = JSON.stringify(options.services ?? services());
  if (options.network) config["starscreen:network"] = JSON.stringify(options.network);
  return config;
}

function prodServices(overrides: { api?: Json; worker?: Json } = {}): Json {
  return services({ ...overrides, api: { certificateArn: CERTIFICATE, ...overrides.api } });
}

function problemsOf(config: Record<string, string>): readonly string[] {
  try {
    parseStackConfig(config);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("compute config defaults", () => {
  it("leaves a stack without services storage-only: no network, no services", () => {
    const config = parseStackConfig(raw({ services: null }));
    expect(config.services).toBeUndefined();
    expect(config.network).toBeUndefined();
  });

  it("gives dev a two-zone VPC with one NAT gateway and one task per service", () => {
    const config = parseStackConfig(raw());
    expect(config.network).toEqual({
      vpc: { kind: "new", cidrBlock: "10.0.0.0/16", availabilityZones: 2, natGateways: "single" },
      flowLogRetentionDays: 90,
    });
    expect(config.services!.api).toEqual({
      image: `${ECR}/starscreen-api:1.0.0`,
      command: undefined,
      cpu: 256,
      memory: 512,
      architecture: "X86_64",
      minCount: 1,
      desiredCount: 1,
      maxCount: 4,
      cpuTargetPercent: 60,
      onDemandWeight: 1,
      spotWeight: 0,
      environment: {},
      secrets: {},
      secretsKmsKeyArns: [],
      ecrRepositoryArns: ["arn:aws:ecr:us-east-1:123456789012:repository/starscreen-api"],
      user: undefined,
      logRetentionDays: 90,
      enableExecuteCommand: false,
      egress: [],
      port: 8000,
      healthCheckPath: "/health",
      certificateArn: undefined,
      domainName: undefined,
      waf: { enabled: false, requestsPerFiveMinutes: 1000 },
    });
    expect(config.services!.worker.command).toEqual(["celery", "-A", "app.worker", "worker"]);
    expect(config.services!.worker.minCount).toBe(1);
  });

  it("gives prod three zones, a NAT gateway per zone, two API tasks and the WAF", () => {
    const config = parseStackConfig(raw({ env: "prod", services: prodServices() }));
    expect(config.network!.vpc).toEqual({
      kind: "new",
      cidrBlock: "10.0.0.0/16",
      availabilityZones: 3,
      natGateways: "onePerAz",
    });
    expect(config.services!.api).toMatchObject({
      minCount: 2,
      desiredCount: 2,
      maxCount: 4,
      waf: { enabled: true, requestsPerFiveMinutes: 1000 },
    });
    expect(config.services!.worker).toMatchObject({ minCount: 1, desiredCount: 1, maxCount: 4 });
  });

  it("derives memory from cpu and maxCount from desiredCount", () => {
    const config = parseStackConfig(raw({ services: services({ api: { cpu: 2048, desiredCount: 6 } }) }));
    expect(config.services!.api).toMatchObject({ cpu: 2048, memory: 4096, minCount: 1, desiredCount: 6, maxCount: 6 });
  });

  it("keeps an existing VPC's ids as given", () => {
    const existingVpc = {
      vpcId: "vpc-0abc1234def567890",
      privateSubnetIds: ["subnet-0aaa1111bbb222333", "subnet-0ccc4444ddd555666"],
      publicSubnetIds: ["subnet-0eee7777fff888999", "subnet-0123456789abcdef0"],
      privateRouteTableIds: ["rtb-0abc1234def567890"],
    };
    const config = parseStackConfig(raw({ network: { existingVpc, flowLogRetentionDays: 365 } }));
    expect(config.network).toEqual({ vpc: { kind: "existing", ...existingVpc }, flowLogRetentionDays: 365 });
  });

  it("accepts secrets by Secrets Manager ARN (also with a JSON key) and SSM ARN, stringifies plain values, and keeps explicit ECR repositories", () => {
    const config = parseStackConfig(
      raw({
        services: services({
          api: {
            environment: { WORKERS: 4, DEBUG: false, LOG_LEVEL: "info" },
            secrets: { DATABASE_URL: SECRET, DB_USER: `${SECRET}:username::`, OPENAI_API_KEY: PARAMETER },
            ecrRepositoryArns: [
              "arn:aws:ecr:us-east-1:123456789012:repository/starscreen-api",
              "arn:aws:ecr:us-east-1:123456789012:repository/sidecar",
            ],
          },
        }),
      }),
    );
    expect(config.services!.api.environment).toEqual({ WORKERS: "4", DEBUG: "false", LOG_LEVEL: "info" });
    expect(config.services!.api.secrets).toEqual({
      DATABASE_URL: SECRET,
      DB_USER: `${SECRET}:username::`,
      OPENAI_API_KEY: PARAMETER,
    });
    expect(config.services!.api.ecrRepositoryArns).toHaveLength(2);
  });

  it("grants no ECR repository for an image outside ECR", () => {
    const config = parseStackConfig(
      raw({ services: services({ worker: { image: "public.ecr.aws/docker/library/python:3.12-slim" } }) }),
    );
    expect(config.services!.worker.ecrRepositoryArns).toEqual([]);
  });

  it("parses both stack files", () => {
    const dev = parseStackConfig(readStackFile("Pulumi.dev.yaml").config);
    const prod = parseStackConfig(readStackFile("Pulumi.prod.yaml").config);
    expect(dev.services!.worker).toMatchObject({ onDemandWeight: 0, spotWeight: 1 });
    expect(dev.services!.api.certificateArn).toBeUndefined();
    expect(prod.services!.api.certificateArn).toMatch(/^arn:aws:acm:us-east-1:/);
    expect(prod.services!.api.minCount).toBeGreaterThanOrEqual(2);
    expect(prod.network!.vpc).toMatchObject({ kind: "new", natGateways: "onePerAz" });
  });
});

describe("bad compute config: each rule fails with the key, the rule and the value", () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      "an invalid CPU/memory pair",
      raw({ services: services({ api: { memory: 3000 } }) }),
      "starscreen:services.api.memory must be one of 512, 1024, 2048 for cpu 256 (Fargate), got 3000",
    ],
    [
      "memory outside a large CPU's range",
      raw({ services: services({ worker: { cpu: 4096, memory: 4096 } }) }),
      "starscreen:services.worker.memory must be a multiple of 1024 from 8192 to 30720 for cpu 4096 (Fargate), got 4096",
    ],
    [
      "a CPU value Fargate does not offer",
      raw({ services: services({ api: { cpu: 300 } }) }),
      "starscreen:services.api.cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 (Fargate CPU units; 1024 = 1 vCPU), got 300",
    ],
    [
      "a missing image",
      raw({ services: { api: {}, worker: services().worker } }),
      "starscreen:services.api.image is required: the container image to run, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/starscreen-api:1.0.0, got nothing (the key is missing)",
    ],
    [
      "a malformed image",
      raw({ services: services({ api: { image: "Not An Image" } }) }),
      'starscreen:services.api.image must be a container image reference like registry/repository:tag or repository@sha256:<digest>, got "Not An Image"',
    ],
    [
      "a missing worker command",
      raw({ services: { api: services().api, worker: { image: `${ECR}/w:1` } } }),
      "starscreen:services.worker.command is required: the worker command as a list",
    ],
    [
      "a missing worker",
      raw({ services: { api: services().api } }),
      "starscreen:services.worker is required: the worker service (image, command, cpu, memory, ...), got nothing (the key is missing)",
    ],
    [
      "fewer than two private subnets in an existing VPC",
      raw({
        network: {
          existingVpc: {
            vpcId: "vpc-0abc1234def567890",
            privateSubnetIds: ["subnet-0aaa1111bbb222333"],
            publicSubnetIds: ["subnet-0eee7777fff888999", "subnet-0123456789abcdef0"],
            privateRouteTableIds: ["rtb-0abc1234def567890"],
          },
        },
      }),
      'starscreen:network.existingVpc.privateSubnetIds must list at least 2 subnet ids, in different availability zones, got ["subnet-0aaa1111bbb222333"]',
    ],
    [
      "fewer than two public subnets in an existing VPC",
      raw({
        network: {
          existingVpc: {
            vpcId: "vpc-0abc1234def567890",
            privateSubnetIds: ["subnet-0aaa1111bbb222333", "subnet-0ccc4444ddd555666"],
            publicSubnetIds: [],
            privateRouteTableIds: ["rtb-0abc1234def567890"],
          },
        },
      }),
      "starscreen:network.existingVpc.publicSubnetIds must list at least 2 subnet ids, in different availability zones, got []",
    ],
    [
      "a duplicated subnet",
      raw({
        network: {
          existingVpc: {
            vpcId: "vpc-0abc1234def567890",
            privateSubnetIds: ["subnet-0aaa1111bbb222333", "subnet-0aaa1111bbb222333"],
            publicSubnetIds: ["subnet-0eee7777fff888999", "subnet-0123456789abcdef0"],
            privateRouteTableIds: ["rtb-0abc1234def567890"],
          },
        },
      }),
      "starscreen:network.existingVpc.privateSubnetIds must not list the same id twice",
    ],
    [
      "an existing VPC without route tables",
      raw({
        network: {
          existingVpc: {
            vpcId: "vpc-0abc1234def567890",
            privateSubnetIds: ["subnet-0aaa1111bbb222333", "subnet-0ccc4444ddd555666"],
            publicSubnetIds: ["subnet-0eee7777fff888999", "subnet-0123456789abcdef0"],
          },
        },
      }),
      "starscreen:network.existingVpc.privateRouteTableIds",
    ],
    [
      "an existing VPC together with new-VPC settings",
      raw({
        network: {
          natGateways: "single",
          existingVpc: {
            vpcId: "vpc-0abc1234def567890",
            privateSubnetIds: ["subnet-0aaa1111bbb222333", "subnet-0ccc4444ddd555666"],
            publicSubnetIds: ["subnet-0eee7777fff888999", "subnet-0123456789abcdef0"],
            privateRouteTableIds: ["rtb-0abc1234def567890"],
          },
        },
      }),
      'starscreen:network.natGateways conflicts with network.existingVpc: it configures a new VPC; remove one of the two, got "single"',
    ],
    [
      "a single availability zone",
      raw({ network: { availabilityZones: 1 } }),
      "starscreen:network.availabilityZones must be at least 2: the load balancer and the services need two availability zones, got 1",
    ],
    [
      "a VPC CIDR that is not a network address",
      raw({ network: { cidrBlock: "10.0.0.1/16" } }),
      'starscreen:network.cidrBlock must be an IPv4 CIDR block like 10.0.0.0/16 with a prefix from /16 to /24, with no host bits set (the network address), got "10.0.0.1/16"',
    ],
    [
      "an unknown NAT strategy",
      raw({ network: { natGateways: "none" } }),
      'starscreen:network.natGateways must be "single" or "onePerAz", got "none"',
    ],
    [
      "a flow-log retention CloudWatch does not offer",
      raw({ network: { flowLogRetentionDays: 100 } }),
      "starscreen:network.flowLogRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365",
    ],
    [
      "network without services",
      raw({ services: null, network: { availabilityZones: 2 } }),
      "starscreen:network is set but starscreen:services is not: the network exists only to run the services",
    ],
    [
      "a credential-looking plain environment variable",
      raw({ services: services({ api: { environment: { DB_PASSWORD: "hunter2" } } }) }),
      "starscreen:services.api.environment.DB_PASSWORD looks like a credential (its name matches *PASSWORD*): pass it through starscreen:services.api.secrets as a Secrets Manager or SSM parameter ARN, never as a plain environment variable, got a plain value (not shown)",
    ],
    [
      "AWS access keys as plain environment variables",
      raw({ services: services({ worker: { environment: { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE" } } }) }),
      "starscreen:services.worker.environment.AWS_ACCESS_KEY_ID looks like a credential (its name matches AWS_ACCESS_KEY_ID): pass it through starscreen:services.worker.secrets",
    ],
    [
      "an API key under an innocent name",
      raw({ services: services({ worker: { environment: { LLM_CONFIG: "id=AKIAIOSFODNN7EXAMPLE" } } }) }),
      "starscreen:services.worker.environment.LLM_CONFIG holds what looks like an AWS access key id",
    ],
    [
      "overriding a setting the stack provides",
      raw({ services: services({ api: { environment: { S3_BUCKET_NAME: "other-bucket" } } }) }),
      'starscreen:services.api.environment.S3_BUCKET_NAME is set by the stack (from the bucket it creates); remove it, got "other-bucket"',
    ],
    [
      "a Secrets Manager ARN without its 6-character suffix",
      raw({
        services: services({
          api: { secrets: { DATABASE_URL: "arn:aws:secretsmanager:us-east-1:123456789012:secret:starscreen/db" } },
        }),
      }),
      "starscreen:services.api.secrets.DATABASE_URL must be a full Secrets Manager secret ARN including its 6-character suffix",
    ],
    [
      "a secret given as a plain value",
      raw({ services: services({ api: { secrets: { DATABASE_URL: "postgres://user:pw@db/starscreen" } } }) }),
      "starscreen:services.api.secrets.DATABASE_URL must be a Secrets Manager secret ARN (arn:aws:secretsmanager:...:secret:name-AbC123) or an SSM parameter ARN (arn:aws:ssm:...:parameter/name)",
    ],
    [
      "an ECR repository list that misses the image's repository",
      raw({
        services: services({ api: { ecrRepositoryArns: ["arn:aws:ecr:us-east-1:123456789012:repository/other"] } }),
      }),
      "starscreen:services.api.ecrRepositoryArns must include the repository of services.api.image (arn:aws:ecr:us-east-1:123456789012:repository/starscreen-api), or the tasks cannot pull their image",
    ],
    [
      "a malformed ECR repository ARN",
      raw({ services: services({ api: { ecrRepositoryArns: ["starscreen-api"] } }) }),
      'starscreen:services.api.ecrRepositoryArns[0] must be an ECR repository ARN like arn:aws:ecr:us-east-1:123456789012:repository/starscreen-api, got "starscreen-api"',
    ],
    [
      "an unknown architecture",
      raw({ services: services({ worker: { architecture: "arm64" } }) }),
      'starscreen:services.worker.architecture must be "X86_64" or "ARM64", got "arm64"',
    ],
    [
      "no capacity provider at all",
      raw({ services: services({ worker: { onDemandWeight: 0, spotWeight: 0 } }) }),
      "starscreen:services.worker.spotWeight and onDemandWeight must not both be 0: the service would have no capacity provider, got 0",
    ],
    [
      "ARM64 on Fargate Spot",
      raw({ services: services({ worker: { architecture: "ARM64", spotWeight: 1 } }) }),
      "starscreen:services.worker.spotWeight must be 0 with architecture ARM64: Fargate Spot runs only X86_64 Linux tasks, got 1",
    ],
    [
      "a negative spot weight",
      raw({ services: services({ worker: { spotWeight: -1 } }) }),
      "starscreen:services.worker.spotWeight must be an integer from 0 to 1000, got -1",
    ],
    [
      "desiredCount above maxCount",
      raw({ services: services({ api: { desiredCount: 5, maxCount: 3 } }) }),
      "starscreen:services.api.desiredCount must be <= maxCount (3), got 5",
    ],
    [
      "desiredCount below minCount",
      raw({ services: services({ api: { minCount: 3, desiredCount: 2, maxCount: 6 } }) }),
      "starscreen:services.api.desiredCount must be >= minCount (3), got 2",
    ],
    [
      "minCount above maxCount",
      raw({ services: services({ worker: { minCount: 5, maxCount: 2 } }) }),
      "starscreen:services.worker.minCount must satisfy minCount (5) <= maxCount (2), got 5",
    ],
    [
      "a health-check path that is not a path",
      raw({ services: services({ api: { healthCheckPath: "health" } }) }),
      'starscreen:services.api.healthCheckPath must be a URL path like /health (starting with /, at most 1024 characters, no query), got "health"',
    ],
    [
      "a port out of range",
      raw({ services: services({ api: { port: 70000 } }) }),
      "starscreen:services.api.port must be an integer from 1 to 65535, got 70000",
    ],
    [
      "a log retention CloudWatch does not offer",
      raw({ services: services({ api: { logRetentionDays: 10 } }) }),
      "starscreen:services.api.logRetentionDays must be one of 1, 3, 5, 7, 14, 30",
    ],
    [
      "a root container user",
      raw({ services: services({ worker: { user: "0:0" } }) }),
      'starscreen:services.worker.user must not be root (uid 0): run the app as an unprivileged user, got "0:0"',
    ],
    [
      "ECS Exec given as text",
      raw({ services: services({ api: { enableExecuteCommand: "yes" } }) }),
      'starscreen:services.api.enableExecuteCommand must be true or false, got "yes"',
    ],
    [
      "an egress rule with a bad CIDR",
      raw({ services: services({ worker: { egress: [{ cidr: "10.0.0.0", port: 5432 }] } }) }),
      'starscreen:services.worker.egress[0].cidr must be an IPv4 CIDR block like 10.0.0.0/16 with a prefix from /0 to /32, got "10.0.0.0"',
    ],
    [
      "a misspelled service key",
      raw({ services: services({ api: { healthcheckPath: "/health" } }) }),
      "starscreen:services.api.healthcheckPath is not a known key",
    ],
    [
      "a misspelled network key",
      raw({ network: { natGateway: "single" } }),
      "starscreen:network.natGateway is not a known key",
    ],
    [
      "a prod stack without a certificate",
      raw({ env: "prod", services: services() }),
      "starscreen:services.api.certificateArn is required in prod: the API is served only over HTTPS (an ACM certificate ARN in aws:region), got nothing (the key is missing)",
    ],
    [
      "a certificate from another region",
      raw({ services: services({ api: { certificateArn: CERTIFICATE.replace("us-east-1", "eu-west-1") } }) }),
      "starscreen:services.api.certificateArn must be a certificate in aws:region (us-east-1): a load balancer can only use certificates of its own region",
    ],
    [
      "a malformed certificate ARN",
      raw({ services: services({ api: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" } }) }),
      "starscreen:services.api.certificateArn must be an ACM certificate ARN like arn:aws:acm:us-east-1:123456789012:certificate/<uuid>",
    ],
    [
      "the WAF turned off in prod",
      raw({ env: "prod", services: prodServices({ api: { waf: { enabled: false } } }) }),
      "starscreen:services.api.waf.enabled must not be false in prod: production load balancers sit behind a WAF web ACL (policy elb-waf-associated), got false",
    ],
    [
      "a single API task in prod",
      raw({ env: "prod", services: prodServices({ api: { minCount: 1 } }) }),
      "starscreen:services.api.minCount must be at least 2 in prod, so the API keeps serving when a task or an availability zone fails, got 1",
    ],
    [
      "an unpinned image in prod",
      raw({ env: "prod", services: prodServices({ worker: { image: `${ECR}/starscreen-worker:latest` } }) }),
      `starscreen:services.worker.image must name a version in prod: a tag other than latest, or a @sha256 digest, so a deployment is repeatable, got "${ECR}/starscreen-worker:latest"`,
    ],
  ];

  it.each(cases)("rejects %s", (_label, config, expected) => {
    const problems = problemsOf(config);
    expect(
      problems.some((p) => p.startsWith(expected)),
      `problems were:\n${problems.join("\n")}`,
    ).toBe(true);
  });

  it("never echoes the value of a credential-looking variable", () => {
    const problems = problemsOf(
      raw({ services: services({ api: { environment: { STRIPE_API_KEY: "sk_live_51Hsupersecret" } } }) }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("starscreen:services.api.environment.STRIPE_API_KEY");
    expect(problems[0]).toContain("*API_KEY*");
    expect(problems.join("\n")).not.toContain("sk_live");
  });

  it("reports every problem at once, each naming its own key", () => {
    const problems = problemsOf(
      raw({
        env: "prod",
        services: services({
          api: { memory: 3000, environment: { GITHUB_TOKEN: "x" } },
          worker: { minCount: 3, maxCount: 2 },
        }),
      }),
    );
    expect(problems.map((p) => p.split(" ")[0])).toEqual([
      "starscreen:services.api.memory",
      "starscreen:services.worker.minCount",
      "starscreen:services.api.certificateArn",
      "starscreen:services.api.environment.GITHUB_TOKEN",
    ]);
  });
});
