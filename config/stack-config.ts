import { z } from "zod";
import { ConfigError, describeIssues, type ConfigIssue } from "./config-error";
import { credentialNamePattern, looksLikeAccessKeyId } from "../components/ecs/credential-names";
import { defaultFargateMemory, fargateMemoryProblem } from "../components/ecs/fargate-sizes";
import { ecrRepositoryArnOf, isPinnedImage } from "../components/ecs/image-reference";
import { networkSchema } from "./network-config";
import { awsRegion, originProblem } from "./rules";
import { servicesSchema } from "./services-config";
import { storageSchema } from "./storage-config";
import type { NetworkVpc } from "../components/network/network";

export type Environment = "dev" | "prod";

/**
 * Every `starscreen:*` key. Each level is `.strict()`: zod would otherwise drop a misspelled key silently and the
 * stack would run with the default instead of what the user meant.
 */
export const stackSchema = z
  .object({
    /** `dev` or `prod`: selects the data-loss guards and which weakening knobs are allowed. Required. */
    environment: z.enum(["dev", "prod"], { message: 'is required and must be "dev" or "prod"' }),
    storage: storageSchema.default(storageSchema.parse({})),
    /** The VPC the services run in. Only with `services`; defaults apply when omitted. */
    network: networkSchema.optional(),
    /** The API and worker Fargate services. Omit for a storage-only stack. */
    services: servicesSchema.optional(),
  })
  .strict();

/** What the program receives: validated, defaults applied, cross-key rules checked. */
export interface StorageConfig {
  readonly bucketName?: string;
  readonly encryption: "kms" | "s3";
  readonly retentionDays: number;
  readonly noncurrentRetentionDays: number;
  readonly abortIncompleteUploadDays: number;
  readonly corsAllowedOrigins: readonly string[];
  readonly transferAcceleration: boolean;
  readonly accessLogRetentionDays: number;
  /** Present when replication is on. */
  readonly replication?: { readonly region: string; readonly replicateDeletes: boolean };
  readonly forceDestroy: boolean;
  readonly breakGlassRoleArns: readonly string[];
}

export type NatGateways = Extract<NetworkVpc, { kind: "new" }>["natGateways"];

/** A VPC created with awsx, or an existing one: exactly what the Network component takes. */
export type VpcConfig = NetworkVpc;

export interface NetworkConfig {
  readonly vpc: VpcConfig;
  readonly flowLogRetentionDays: number;
}

export interface EgressConfig {
  readonly cidr: string;
  readonly port: number;
  readonly description?: string;
}

/** One Fargate service, defaults applied. */
export interface ServiceConfig {
  readonly image: string;
  readonly command?: readonly string[];
  readonly cpu: number;
  readonly memory: number;
  readonly architecture: "X86_64" | "ARM64";
  readonly desiredCount: number;
  readonly minCount: number;
  readonly maxCount: number;
  readonly cpuTargetPercent: number;
  readonly onDemandWeight: number;
  readonly spotWeight: number;
  /** Plain settings the user gave (the stack adds USE_S3, S3_BUCKET_NAME and AWS_REGION). */
  readonly environment: Readonly<Record<string, string>>;
  /** NAME → Secrets Manager / SSM parameter ARN. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly secretsKmsKeyArns: readonly string[];
  /** The ECR repositories the execution role may pull from (explicit, or derived from the image). */
  readonly ecrRepositoryArns: readonly string[];
  readonly user?: string;
  readonly logRetentionDays: number;
  readonly enableExecuteCommand: boolean;
  readonly egress: readonly EgressConfig[];
}

export interface ApiServiceConfig extends ServiceConfig {
  readonly port: number;
  readonly healthCheckPath: string;
  readonly certificateArn?: string;
  readonly domainName?: string;
  readonly waf: { readonly enabled: boolean; readonly requestsPerFiveMinutes: number };
}

export interface WorkerServiceConfig extends ServiceConfig {
  readonly command: readonly string[];
}

export interface ServicesConfig {
  readonly api: ApiServiceConfig;
  readonly worker: WorkerServiceConfig;
}

export interface StackConfig {
  readonly environment: Environment;
  /** `aws:region`: where the stack's primary resources live. */
  readonly region: string;
  readonly storage: StorageConfig;
  /** Present exactly when `services` is: the compute part of the stack. */
  readonly network?: NetworkConfig;
  readonly services?: ServicesConfig;
}

/** The raw values Pulumi hands the program: `namespace:key` → string (objects and lists as JSON text). */
export type RawConfig = Readonly<Record<string, string>>;

function parseValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}

/** `starscreen:*` entries as an object: `{ environment: "dev", storage: {...} }`. */
function namespaceObject(raw: RawConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith("starscreen:")) out[key.slice("starscreen:".length)] = parseValue(value);
  }
  return out;
}

/** Rules that relate keys to each other or to the environment; zod's per-field rules ran before. */
function crossKeyIssues(parsed: z.output<typeof stackSchema>, region: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const { environment, storage } = parsed;
  if (storage.noncurrentRetentionDays > storage.retentionDays) {
    issues.push({
      path: ["storage", "noncurrentRetentionDays"],
      message: `must be <= storage.retentionDays (${storage.retentionDays}) so a deleted resume is erased within the retention window`,
    });
  }
  if (storage.forceDestroy && environment === "prod") {
    issues.push({
      path: ["storage", "forceDestroy"],
      message: "is not allowed in prod (it lets `pulumi destroy` delete resumes)",
    });
  }
  storage.cors.allowedOrigins.forEach((origin, i) => {
    const problem = originProblem(origin, environment === "dev");
    if (problem) issues.push({ path: ["storage", "cors", "allowedOrigins", i], message: problem });
  });
  const replicationOn = storage.replication.enabled ?? environment === "prod";
  if (replicationOn && !storage.replication.region) {
    issues.push({
      path: ["storage", "replication", "region"],
      message:
        storage.replication.enabled === undefined
          ? "is required in prod, where replication is on by default (or set storage.replication.enabled: false explicitly)"
          : "is required when storage.replication.enabled is true",
    });
  }
  if (replicationOn && storage.replication.region && storage.replication.region === region) {
    issues.push({
      path: ["storage", "replication", "region"],
      message: `must differ from aws:region (${region}): a same-region replica does not survive a regional outage`,
    });
  }
  return issues;
}

type ParsedStack = z.output<typeof stackSchema>;
type ParsedServices = NonNullable<ParsedStack["services"]>;
type ServiceName = keyof ParsedServices;
type ParsedService = ParsedServices[ServiceName];

/** Settings the stack injects into every container; users cannot override them. */
export const STACK_PROVIDED_SETTINGS: readonly string[] = ["USE_S3", "S3_BUCKET_NAME", "AWS_REGION"];

/** The count defaults: the API runs at least two tasks (two zones) in prod; everything else starts at one. */
function resolveCounts(name: ServiceName, service: ParsedService, environment: Environment) {
  const minCount = service.minCount ?? (name === "api" && environment === "prod" ? 2 : 1);
  const desiredCount = service.desiredCount ?? minCount;
  const maxCount = service.maxCount ?? Math.max(4, desiredCount);
  return { minCount, desiredCount, maxCount };
}

interface ComputeProblems {
  readonly issues: ConfigIssue[];
  /** Lines formatted here because the value must not be echoed (it may be a credential). */
  readonly lines: string[];
}

/** Cross-key rules of `network` and `services`. */
function computeIssues(parsed: ParsedStack, region: string): ComputeProblems {
  const issues: ConfigIssue[] = [];
  const lines: string[] = [];
  const { environment, network, services } = parsed;
  const prod = environment === "prod";
  if (network && !services) {
    issues.push({
      path: ["network"],
      message: "is set but starscreen:services is not: the network exists only to run the services",
    });
  }
  if (network?.existingVpc) {
    for (const key of ["cidrBlock", "availabilityZones", "natGateways"] as const) {
      if (network[key] !== undefined) {
        issues.push({
          path: ["network", key],
          message: "conflicts with network.existingVpc: it configures a new VPC; remove one of the two",
        });
      }
    }
  }
  if (!services) return { issues, lines };

  for (const name of ["api", "worker"] as const) {
    const service: ParsedService = services[name];
    const at = (...path: PropertyKey[]) => ["services", name, ...path];
    const memoryProblem = service.memory !== undefined ? fargateMemoryProblem(service.cpu, service.memory) : undefined;
    if (memoryProblem) issues.push({ path: at("memory"), message: memoryProblem });

    const { minCount, desiredCount, maxCount } = resolveCounts(name, service, environment);
    if (minCount > maxCount) {
      issues.push({
        path: at(service.minCount !== undefined ? "minCount" : "maxCount"),
        message: `must satisfy minCount (${minCount}) <= maxCount (${maxCount})`,
      });
    } else if (desiredCount < minCount) {
      issues.push({ path: at("desiredCount"), message: `must be >= minCount (${minCount})` });
    } else if (desiredCount > maxCount) {
      issues.push({ path: at("desiredCount"), message: `must be <= maxCount (${maxCount})` });
    }
    if (name === "api" && prod) {
      for (const [key, value] of [
        ["minCount", minCount],
        ["desiredCount", desiredCount],
      ] as const) {
        if (value < 2 && service[key] !== undefined) {
          issues.push({
            path: at(key),
            message: "must be at least 2 in prod, so the API keeps serving when a task or an availability zone fails",
          });
        }
      }
    }
    if (service.architecture === "ARM64" && service.spotWeight > 0) {
      issues.push({
        path: at("spotWeight"),
        message: "must be 0 with architecture ARM64: Fargate Spot runs only X86_64 Linux tasks",
      });
    }
    if (service.onDemandWeight === 0 && service.spotWeight === 0) {
      issues.push({
        path: at("spotWeight"),
        message: "and onDemandWeight must not both be 0: the service would have no capacity provider",
      });
    }

    for (const [key, value] of Object.entries(service.environment)) {
      const shown = `starscreen:services.${name}.environment.${key}`;
      const pattern = credentialNamePattern(key);
      if (STACK_PROVIDED_SETTINGS.includes(key)) {
        issues.push({
          path: at("environment", key),
          message: "is set by the stack (from the bucket it creates); remove it",
        });
      } else if (pattern) {
        lines.push(
          `${shown} looks like a credential (its name matches ${pattern}): pass it through starscreen:services.${name}.secrets ` +
            "as a Secrets Manager or SSM parameter ARN, never as a plain environment variable, got a plain value (not shown)",
        );
      } else if (looksLikeAccessKeyId(value)) {
        lines.push(
          `${shown} holds what looks like an AWS access key id: tasks get credentials from their IAM task role; ` +
            `remove it (and deactivate the key), or pass a credential through starscreen:services.${name}.secrets, got a plain value (not shown)`,
        );
      } else if (key in service.secrets) {
        issues.push({
          path: at("environment", key),
          message: `is also in services.${name}.secrets; keep it in one of the two`,
        });
      }
    }
    for (const key of Object.keys(service.secrets)) {
      if (STACK_PROVIDED_SETTINGS.includes(key)) {
        issues.push({
          path: at("secrets", key),
          message: "is set by the stack (from the bucket it creates); remove it",
        });
      }
    }

    const imageRepository = ecrRepositoryArnOf(service.image);
    if (service.ecrRepositoryArns && imageRepository && !service.ecrRepositoryArns.includes(imageRepository)) {
      issues.push({
        path: at("ecrRepositoryArns"),
        message: `must include the repository of services.${name}.image (${imageRepository}), or the tasks cannot pull their image`,
      });
    }
    if (prod && !isPinnedImage(service.image)) {
      issues.push({
        path: at("image"),
        message:
          "must name a version in prod: a tag other than latest, or a @sha256 digest, so a deployment is repeatable",
      });
    }
  }

  const api = services.api;
  if (prod && !api.certificateArn) {
    issues.push({
      path: ["services", "api", "certificateArn"],
      message: "is required in prod: the API is served only over HTTPS (an ACM certificate ARN in aws:region)",
    });
  }
  if (api.certificateArn && region && api.certificateArn.split(":")[3] !== region) {
    issues.push({
      path: ["services", "api", "certificateArn"],
      message: `must be a certificate in aws:region (${region}): a load balancer can only use certificates of its own region`,
    });
  }
  if (prod && api.waf.enabled === false) {
    issues.push({
      path: ["services", "api", "waf", "enabled"],
      message:
        "must not be false in prod: production load balancers sit behind a WAF web ACL (policy elb-waf-associated)",
    });
  }
  return { issues, lines };
}

function resolveService(name: ServiceName, service: ParsedService, environment: Environment): ServiceConfig {
  const imageRepository = ecrRepositoryArnOf(service.image);
  return {
    image: service.image,
    command: service.command,
    cpu: service.cpu,
    memory: service.memory ?? defaultFargateMemory(service.cpu),
    architecture: service.architecture,
    ...resolveCounts(name, service, environment),
    cpuTargetPercent: service.cpuTargetPercent,
    onDemandWeight: service.onDemandWeight,
    spotWeight: service.spotWeight,
    environment: service.environment,
    secrets: service.secrets,
    secretsKmsKeyArns: service.secretsKmsKeyArns,
    ecrRepositoryArns: service.ecrRepositoryArns ?? (imageRepository ? [imageRepository] : []),
    user: service.user,
    logRetentionDays: service.logRetentionDays,
    enableExecuteCommand: service.enableExecuteCommand,
    egress: service.egress,
  };
}

function resolveCompute(parsed: ParsedStack): Pick<StackConfig, "network" | "services"> {
  const { environment, services } = parsed;
  if (!services) return {};
  const prod = environment === "prod";
  const network = parsed.network ?? networkSchema.parse({});
  const existing = network.existingVpc;
  const vpc: VpcConfig = existing
    ? { kind: "existing", ...existing }
    : {
        kind: "new",
        cidrBlock: network.cidrBlock ?? "10.0.0.0/16",
        availabilityZones: network.availabilityZones ?? (prod ? 3 : 2),
        natGateways: network.natGateways ?? (prod ? "onePerAz" : "single"),
      };
  const { api, worker } = services;
  return {
    network: { vpc, flowLogRetentionDays: network.flowLogRetentionDays },
    services: {
      api: {
        ...resolveService("api", api, environment),
        port: api.port,
        healthCheckPath: api.healthCheckPath,
        certificateArn: api.certificateArn,
        domainName: api.domainName,
        waf: { enabled: api.waf.enabled ?? prod, requestsPerFiveMinutes: api.waf.requestsPerFiveMinutes },
      },
      worker: { ...resolveService("worker", worker, environment), command: worker.command },
    },
  };
}

/**
 * Validates raw stack config (as `pulumi.runtime.allConfig()` returns it) and applies defaults. Throws a
 * ConfigError listing every problem; pure, so tests need no Pulumi runtime.
 */
export function parseStackConfig(raw: RawConfig): StackConfig {
  const input = namespaceObject(raw);
  const regionText = raw["aws:region"];
  const regionCheck = awsRegion.safeParse(regionText);
  const problems: string[] = [];
  if (!regionCheck.success) {
    problems.push(
      `aws:region ${regionText === undefined ? "is required" : "must be an AWS region code such as us-west-2"}, got ${JSON.stringify(regionText ?? null)}`,
    );
  }
  const result = stackSchema.safeParse(input);
  if (!result.success) {
    problems.push(...describeIssues(result.error.issues, input));
    throw new ConfigError(problems);
  }
  const region = regionCheck.success ? regionCheck.data : "";
  const cross = crossKeyIssues(result.data, region);
  problems.push(...describeIssues(cross, input));
  const compute = computeIssues(result.data, region);
  problems.push(...describeIssues(compute.issues, input), ...compute.lines);
  if (problems.length > 0) throw new ConfigError(problems);

  const { environment, storage } = result.data;
  const replicationOn = storage.replication.enabled ?? environment === "prod";
  return {
    environment,
    region,
    storage: {
      bucketName: storage.bucketName,
      encryption: storage.encryption,
      retentionDays: storage.retentionDays,
      noncurrentRetentionDays: storage.noncurrentRetentionDays,
      abortIncompleteUploadDays: storage.abortIncompleteUploadDays,
      corsAllowedOrigins: storage.cors.allowedOrigins,
      transferAcceleration: storage.transferAcceleration,
      accessLogRetentionDays: storage.accessLogRetentionDays,
      replication:
        replicationOn && storage.replication.region
          ? { region: storage.replication.region, replicateDeletes: storage.replication.replicateDeletes }
          : undefined,
      forceDestroy: storage.forceDestroy,
      breakGlassRoleArns: storage.breakGlassRoleArns,
    },
    ...resolveCompute(result.data),
  };
}
