import { z } from "zod";

/**
 * `starscreen:network`: a new VPC built with awsx (CIDR, availability zones, NAT strategy) or an existing VPC, and
 * the VPC flow-log retention. Rules that need the environment (defaults) or relate keys live in `stack-config.ts`.
 */

/** Retention periods CloudWatch Logs accepts (days). 0 ("never expire") is deliberately not offered. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const logRetentionDays = z
  .number({ message: `must be one of ${LOG_RETENTION_DAYS.join(", ")} (CloudWatch Logs retention days)` })
  .refine((d) => LOG_RETENTION_DAYS.includes(d), {
    message: `must be one of ${LOG_RETENTION_DAYS.join(", ")} (CloudWatch Logs retention days)`,
  });

/** Why a text is not an IPv4 CIDR block (`a.b.c.d/n`, the address aligned to the prefix), or undefined. */
export function ipv4CidrProblem(cidr: string, minPrefix = 0, maxPrefix = 32): string | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const rule = `must be an IPv4 CIDR block like 10.0.0.0/16 with a prefix from /${minPrefix} to /${maxPrefix}`;
  if (!match) return rule;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix < minPrefix || prefix > maxPrefix) return rule;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const hostBits = 2 ** (32 - prefix);
  if (address % hostBits !== 0) return `${rule}, with no host bits set (the network address)`;
  return undefined;
}

const cidrBlock = z.string({ message: "must be an IPv4 CIDR block like 10.0.0.0/16" }).superRefine((cidr, ctx) => {
  // A VPC CIDR is /16 to /28 in AWS; awsx needs room for a public and a private subnet per zone, so /24 at most.
  const problem = ipv4CidrProblem(cidr, 16, 24);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const idList = (what: string, pattern: RegExp, example: string, min: number) =>
  z
    .array(
      z
        .string({ message: `must be a ${what} id like ${example}` })
        .regex(pattern, { message: `must be a ${what} id like ${example}` }),
      {
        message: `must be a list of ${what} ids`,
      },
    )
    .min(min, {
      message:
        min > 1
          ? `must list at least ${min} ${what} ids, in different availability zones`
          : `must list at least one ${what} id`,
    })
    .refine((ids) => new Set(ids).size === ids.length, { message: "must not list the same id twice" });

const SUBNET_ID = /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const ROUTE_TABLE_ID = /^rtb-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const VPC_ID = /^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

export const existingVpcSchema = z
  .object({
    /** The VPC's id. Required. */
    vpcId: z.string({ message: "is required: the id of the existing VPC, like vpc-0abc1234def567890" }).regex(VPC_ID, {
      message: "must be a VPC id like vpc-0abc1234def567890",
    }),
    /** Subnets for the tasks (no public IPs; outbound through NAT). At least two, in different zones. Required. */
    privateSubnetIds: idList("subnet", SUBNET_ID, "subnet-0abc1234def567890", 2),
    /** Subnets for the internet-facing load balancer. At least two, in different zones. Required. */
    publicSubnetIds: idList("subnet", SUBNET_ID, "subnet-0abc1234def567890", 2),
    /** Route tables of the private subnets: the S3 gateway endpoint is added to these. Required. */
    privateRouteTableIds: idList("route table", ROUTE_TABLE_ID, "rtb-0abc1234def567890", 1),
  })
  .strict();

export const networkSchema = z
  .object({
    /** CIDR block of a new VPC (/16 to /24). Default `10.0.0.0/16`. Not with `existingVpc`. */
    cidrBlock: cidrBlock.optional(),
    /** Availability zones of a new VPC (2 to 6). Default 2 in dev, 3 in prod. Not with `existingVpc`. */
    availabilityZones: z
      .number({ message: "must be an integer from 2 to 6" })
      .int({ message: "must be an integer from 2 to 6" })
      .min(2, { message: "must be at least 2: the load balancer and the services need two availability zones" })
      .max(6, { message: "must be an integer from 2 to 6" })
      .optional(),
    /** NAT gateways of a new VPC: `single` or `onePerAz`. Default `single` in dev, `onePerAz` in prod. */
    natGateways: z.enum(["single", "onePerAz"], { message: 'must be "single" or "onePerAz"' }).optional(),
    /** Use this VPC instead of creating one. Default: a new VPC. */
    existingVpc: existingVpcSchema.optional(),
    /** Days VPC flow logs are kept in CloudWatch Logs. Default 90. */
    flowLogRetentionDays: logRetentionDays.default(90),
  })
  .strict();

export type NetworkConfigInput = z.input<typeof networkSchema>;
