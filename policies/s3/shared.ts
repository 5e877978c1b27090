/**
 * Helpers shared by the S3 guardrails (kept here rather than in policies/lib, which is shared by every service).
 * Nothing in this file catches an UnknownValueError silently: `peek` hands it back to the caller, which either
 * records it (to rethrow when the unknown value matters) or rethrows it, and `forEachDeferringUnknown` rethrows
 * the first one after the other items were checked.
 */
import { UnknownValueError } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { ELB_LOG_DELIVERY_ACCOUNT_BY_REGION } from "../lib/elb-log-delivery";
import { ELB, EC2 } from "../lib/resource-types";
import { isRecord } from "../lib/values";

/** Extra S3 type tokens (checked against `__pulumiType` in node_modules/@pulumi/aws). */
export const S3_EXTRA = {
  accountPublicAccessBlock: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
  accessPoint: "aws:s3/accessPoint:AccessPoint",
  objectCopy: "aws:s3/objectCopy:ObjectCopy",
} as const;

/** Resources that write logs into a bucket (their target is a log bucket). */
export const LOG_WRITERS = {
  lbLoadBalancer: ELB.loadBalancer,
  albLoadBalancer: ELB.loadBalancerAlb,
  classicElb: ELB.classicElb,
  flowLog: EC2.flowLog,
  trail: "aws:cloudtrail/trail:Trail",
} as const;

/** KMS resources whose id/ARN may be referenced as a bucket's default-encryption key. */
export const KMS_KEY_TYPES: readonly string[] = [
  "aws:kms/key:Key",
  "aws:kms/replicaKey:ReplicaKey",
  "aws:kms/externalKey:ExternalKey",
  "aws:kms/replicaExternalKey:ReplicaExternalKey",
  "aws:kms/alias:Alias",
];

/**
 * The `environment` knob for guardrails whose rule differs by environment but that apply to every stack (the
 * framework adds it only to `prod-only` guardrails). Same schema and default (`prod`, the strict reading).
 */
export const ENVIRONMENT_KNOB: PolicyConfigJSONSchema = {
  type: "string",
  enum: ["dev", "prod"],
  default: "prod",
  description: "The stack's environment; the production reading of this rule applies unless this is `dev`.",
};

/** Service principals that deliver logs into S3 buckets; a bucket whose policy grants one of them is a log bucket. */
export const LOG_DELIVERY_SERVICES: readonly string[] = [
  "logging.s3.amazonaws.com", // S3 server access logs
  "delivery.logs.amazonaws.com", // VPC flow logs, CloudWatch vended logs, NLB access logs
  "logdelivery.elasticloadbalancing.amazonaws.com", // ALB/CLB access logs in regions opened since August 2022
];

/** Every regional ELB log-delivery account (a bucket whose policy grants one of them is a log bucket). */
export const ELB_LOG_DELIVERY_ACCOUNTS: ReadonlySet<string> = new Set(
  Object.values(ELB_LOG_DELIVERY_ACCOUNT_BY_REGION),
);

/** The outcome of reading a possibly-unknown value without letting the error escape. */
export type Peeked =
  { readonly known: true; readonly value: unknown } | { readonly known: false; readonly error: UnknownValueError };

/**
 * Reads a value that may be unknown during preview. The UnknownValueError is returned, not swallowed: the caller
 * must rethrow it when the unknown value decides the outcome.
 */
export function peek(read: () => unknown): Peeked {
  try {
    return { known: true, value: read() };
  } catch (e) {
    if (e instanceof UnknownValueError) return { known: false, error: e };
    throw e;
  }
}

/**
 * Runs `check` on every item; an UnknownValueError on one item does not stop the others (their violations are
 * reported), and the first such error is rethrown at the end so the runtime reports "can't run during preview".
 */
export function forEachDeferringUnknown<T>(items: Iterable<T>, check: (item: T) => void): void {
  let deferred: UnknownValueError | undefined;
  for (const item of items) {
    try {
      check(item);
    } catch (e) {
      if (e instanceof UnknownValueError) {
        deferred ??= e;
        continue;
      }
      throw e;
    }
  }
  if (deferred) throw deferred;
}

/**
 * The bucket name in a reference: a bare name, `arn:<partition>:s3:::<name>` or `arn:...:::<name>/<key prefix>`
 * (flow-log destinations). `undefined` for anything else.
 */
export function bucketNameFromRef(value: unknown): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  let ref = value.trim();
  const arn = /^arn:[^:]*:s3:::(.*)$/.exec(ref);
  if (arn) ref = arn[1];
  else if (ref.startsWith("arn:")) return undefined;
  const slash = ref.indexOf("/");
  if (slash >= 0) ref = ref.slice(0, slash);
  return ref === "" ? undefined : ref;
}

/** IAM-style glob match (`*` any run, `?` one character), case-insensitive as IAM action names are. */
export function globMatches(pattern: string, value: string): boolean {
  const re = new RegExp(
    "^" +
      pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".") +
      "$",
    "i",
  );
  return re.test(value);
}

/** The string list of a knob value (config arrives as JSON); non-strings are dropped. */
export function knobStrings(value: unknown, fallback: readonly string[]): string[] {
  if (!Array.isArray(value)) return [...fallback];
  return value.filter((v): v is string => typeof v === "string");
}

/** A short, safe rendering of a found value for messages. */
export function show(value: unknown): string {
  if (value === undefined) return "unset";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.slice(0, 5).map(show).join(", ")}${value.length > 5 ? ", ..." : ""}]`;
  if (isRecord(value)) return "{...}";
  return typeof value;
}

/** `bucket "x"` → `Bucket "x"`, for the start of a message. */
export function sentence(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}
