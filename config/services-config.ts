import { z } from "zod";
import { FARGATE_CPU_UNITS } from "../components/ecs/fargate-sizes";
import { parseImageReference } from "../components/ecs/image-reference";
import { secretKind } from "../components/ecs/secret-references";
import { ipv4CidrProblem, logRetentionDays } from "./network-config";

/**
 * `starscreen:services`: the API (`api`, behind the load balancer) and the Celery workers (`worker`), each a
 * Fargate service. Field rules live here; rules that relate fields (CPU/memory pairs, counts, credential-looking
 * names, prod-only rules) live in `stack-config.ts`, which knows the environment and the region.
 */

const integerIn = (min: number, max: number) =>
  z
    .number({ message: `must be an integer from ${min} to ${max}` })
    .int({ message: `must be an integer from ${min} to ${max}` })
    .min(min, { message: `must be an integer from ${min} to ${max}` })
    .max(max, { message: `must be an integer from ${min} to ${max}` });

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const envName = z
  .string()
  .regex(ENV_NAME, { message: "must be an environment variable name (letters, digits, _; not starting with a digit)" });

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:key\/[A-Za-z0-9-]+$/;
const ECR_REPOSITORY_ARN =
  /^arn:aws[a-z-]*:ecr:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:repository\/[a-z0-9]+(?:[._\-/][a-z0-9]+)*$/;
const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:certificate\/[0-9a-f-]{36}$/;
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const secretArn = z
  .string({ message: "must be a Secrets Manager secret ARN or an SSM parameter ARN" })
  .superRefine((arn, ctx) => {
    if (secretKind(arn)) return;
    ctx.addIssue({
      code: "custom",
      message: /:secretsmanager:/.test(arn)
        ? "must be a full Secrets Manager secret ARN including its 6-character suffix, like arn:aws:secretsmanager:us-east-1:123456789012:secret:starscreen/db-AbC123"
        : "must be a Secrets Manager secret ARN (arn:aws:secretsmanager:...:secret:name-AbC123) or an SSM parameter ARN (arn:aws:ssm:...:parameter/name)",
    });
  });

const image = z
  .string({
    message:
      "is required: the container image to run, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/starscreen-api:1.0.0",
  })
  .superRefine((value, ctx) => {
    if (!parseImageReference(value)) {
      ctx.addIssue({
        code: "custom",
        message: "must be a container image reference like registry/repository:tag or repository@sha256:<digest>",
      });
    }
  });

const egressRule = z
  .object({
    /** Destination IPv4 CIDR block. */
    cidr: z.string({ message: "must be an IPv4 CIDR block like 10.0.0.0/16" }).superRefine((cidr, ctx) => {
      const problem = ipv4CidrProblem(cidr);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    /** Destination TCP port. */
    port: integerIn(1, 65535),
    /** What the destination is, shown on the rule. */
    description: z
      .string({ message: "must be a string" })
      .max(255, { message: "must be at most 255 characters" })
      .optional(),
  })
  .strict();

/** Fields every service has. */
const serviceFields = {
  /** Container image. Required. */
  image,
  /** Overrides the image's CMD. Default: the image's CMD. */
  command: z
    .array(z.string({ message: "must be a list of strings" }).min(1, { message: "must not contain empty strings" }), {
      message: "must be a list of strings, e.g. [celery, -A, app.worker, worker]",
    })
    .min(1, { message: "must not be empty" })
    .optional(),
  /** Task CPU units. Default 256. */
  cpu: z
    .number({ message: `must be one of ${FARGATE_CPU_UNITS.join(", ")} (Fargate CPU units; 1024 = 1 vCPU)` })
    .refine((c) => FARGATE_CPU_UNITS.includes(c), {
      message: `must be one of ${FARGATE_CPU_UNITS.join(", ")} (Fargate CPU units; 1024 = 1 vCPU)`,
    })
    .default(256),
  /** Task memory in MiB; must suit `cpu` (Fargate table). Default: the smallest allowed, 2 × cpu. */
  memory: z
    .number({ message: "must be an integer number of MiB" })
    .int({ message: "must be an integer number of MiB" })
    .optional(),
  /** `X86_64` or `ARM64`. Default `X86_64`. */
  architecture: z.enum(["X86_64", "ARM64"], { message: 'must be "X86_64" or "ARM64"' }).default("X86_64"),
  /** Tasks to run after a deployment. Default minCount. */
  desiredCount: integerIn(1, 1000).optional(),
  /** Autoscaling floor. Default 2 for the API in prod, else 1. */
  minCount: integerIn(1, 1000).optional(),
  /** Autoscaling ceiling. Default the larger of 4 and desiredCount. */
  maxCount: integerIn(1, 1000).optional(),
  /** Average CPU utilisation the autoscaling policy keeps. Default 60. */
  cpuTargetPercent: integerIn(10, 90).default(60),
  /** Capacity-provider weight of on-demand FARGATE. Default 1. */
  onDemandWeight: integerIn(0, 1000).default(1),
  /** Capacity-provider weight of FARGATE_SPOT (interruptible, cheaper). Default 0. */
  spotWeight: integerIn(0, 1000).default(0),
  /** Plain settings for the app. Never credentials: use `secrets`. Default none. */
  environment: z
    .record(
      envName,
      z
        .union([z.string(), z.number(), z.boolean()], { message: "must be a string, number or boolean" })
        .transform(String),
      {
        message: "must be a map of NAME: value",
      },
    )
    .default({}),
  /** NAME → Secrets Manager secret ARN or SSM parameter ARN, injected by ECS at start. Default none. */
  secrets: z.record(envName, secretArn, { message: "must be a map of NAME: secret ARN" }).default({}),
  /** Customer-managed KMS keys that encrypt the secrets (the execution role may decrypt through Secrets Manager / SSM only). Default none. */
  secretsKmsKeyArns: z
    .array(
      z
        .string()
        .regex(KMS_KEY_ARN, { message: "must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<id>" }),
      {
        message: "must be a list of KMS key ARNs",
      },
    )
    .default([]),
  /** ECR repositories the execution role may pull from. Default: the repository of `image` when it is in ECR. */
  ecrRepositoryArns: z
    .array(
      z.string().regex(ECR_REPOSITORY_ARN, {
        message: "must be an ECR repository ARN like arn:aws:ecr:us-east-1:123456789012:repository/starscreen-api",
      }),
      { message: "must be a list of ECR repository ARNs" },
    )
    .optional(),
  /** Container user (`uid`, `uid:gid` or a name); root is rejected. Default: the image's USER. */
  user: z
    .string({ message: "must be a user like 1000, 1000:1000 or appuser" })
    .regex(/^(?:\d{1,10}|[a-z_][a-z0-9_-]{0,31})(?::(?:\d{1,10}|[a-z_][a-z0-9_-]{0,31}))?$/, {
      message: "must be a user like 1000, 1000:1000 or appuser",
    })
    .refine((u) => !/^(0|root)(:|$)/.test(u), {
      message: "must not be root (uid 0): run the app as an unprivileged user",
    })
    .optional(),
  /** Days the service's container logs are kept. Default 90. */
  logRetentionDays: logRetentionDays.default(90),
  /** ECS Exec (shell into running tasks through SSM). Default false. */
  enableExecuteCommand: z.boolean({ message: "must be true or false" }).default(false),
  /** Extra outbound TCP destinations (database, broker) besides HTTPS to AWS APIs. Default none. */
  egress: z.array(egressRule, { message: "must be a list of { cidr, port, description }" }).default([]),
};

export const apiServiceSchema = z
  .object(
    {
      ...serviceFields,
      /** Port the container listens on. Default 8000. */
      port: integerIn(1, 65535).default(8000),
      /** Path the load balancer checks. Default `/health`. */
      healthCheckPath: z
        .string({ message: "must be a URL path like /health" })
        .regex(/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]{0,1023}$/, {
          message: "must be a URL path like /health (starting with /, at most 1024 characters, no query)",
        })
        .default("/health"),
      /** ACM certificate for the HTTPS listener (same region). Required in prod; without it (dev only) HTTP serves. */
      certificateArn: z
        .string({ message: "must be an ACM certificate ARN" })
        .regex(ACM_CERTIFICATE_ARN, {
          message: "must be an ACM certificate ARN like arn:aws:acm:us-east-1:123456789012:certificate/<uuid>",
        })
        .optional(),
      /** Public host name of the API (the certificate's name), used for `apiUrl`. Default: the load balancer's DNS name. */
      domainName: z
        .string({ message: "must be a host name like api.example.com" })
        .regex(HOSTNAME, { message: "must be a lowercase host name like api.example.com" })
        .optional(),
      waf: z
        .object({
          /** WAFv2 web ACL on the load balancer. Default true in prod (where it cannot be turned off), false in dev. */
          enabled: z.boolean({ message: "must be true or false" }).optional(),
          /** Requests one IP may send in 5 minutes before it is blocked. Default 1000. */
          requestsPerFiveMinutes: integerIn(10, 2_000_000_000).default(1000),
        })
        .strict()
        .default({ requestsPerFiveMinutes: 1000 }),
    },
    { message: "is required: the API service (image, cpu, memory, port, ...)" },
  )
  .strict();

export const workerServiceSchema = z
  .object(
    {
      ...serviceFields,
      /** The worker's command, e.g. the Celery worker command. Required. */
      command: z
        .array(
          z.string({ message: "must be a list of strings" }).min(1, { message: "must not contain empty strings" }),
          {
            message:
              "is required: the worker command as a list, e.g. [celery, -A, app.worker, worker, --loglevel=INFO]",
          },
        )
        .min(1, { message: "must not be empty" }),
    },
    { message: "is required: the worker service (image, command, cpu, memory, ...)" },
  )
  .strict();

export const servicesSchema = z
  .object({
    api: apiServiceSchema,
    worker: workerServiceSchema,
  })
  .strict();

export type ServicesConfigInput = z.input<typeof servicesSchema>;
export type ApiServiceOutput = z.output<typeof apiServiceSchema>;
export type WorkerServiceOutput = z.output<typeof workerServiceSchema>;
