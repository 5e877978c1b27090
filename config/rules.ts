/**
 * Validation rules shared by the config schemas. Each returns a readable rule text for the error message, so the
 * message reads `<key> <rule>, got <value>`.
 */
import { Region } from "@pulumi/aws/types/enums";
import { z } from "zod";

/** Every region code the AWS provider knows (from the provider's own `Region` enum). */
export const AWS_REGIONS: readonly string[] = Object.values(Region);

export const positiveInteger = (what = "an integer >= 1") =>
  z
    .number({ message: `must be ${what}` })
    .int({ message: `must be ${what}` })
    .min(1, { message: `must be ${what}` });

export const awsRegion = z
  .string({ message: "must be an AWS region code such as us-west-2" })
  .refine((r) => AWS_REGIONS.includes(r), { message: "must be an AWS region code such as us-west-2" });

/**
 * S3 general-purpose bucket naming rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). Returns the first broken rule.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "must be 3 to 63 characters long";
  if (!/^[a-z0-9.-]+$/.test(name)) return "may contain only lowercase letters, digits, dots and hyphens";
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return "must start and end with a letter or digit";
  if (name.includes("..")) return "must not contain two adjacent dots";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return "must not be formatted as an IP address";
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return "must not start with xn--, sthree- or amzn-s3-demo-";
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name))
    return "must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3";
  return undefined;
}

export const bucketName = z.string({ message: "must be a string" }).superRefine((name, ctx) => {
  const problem = bucketNameProblem(name);
  if (problem) ctx.addIssue({ code: "custom", message: `${problem} (S3 bucket naming rules)` });
});

/** IAM role ARN in any partition. */
export const roleArn = z
  .string({ message: "must be an IAM role ARN" })
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, {
    message: "must be an IAM role ARN like arn:aws:iam::123456789012:role/name",
  });

/**
 * A browser origin for CORS: `https://host[:port]` with no path, query or fragment. `http://localhost[:port]` is
 * accepted only when `allowLocalhost` (dev stacks), since a plaintext origin in prod would invite mixed content.
 */
export function originProblem(origin: string, allowLocalhost: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return "must be an origin URL like https://app.example.com";
  }
  const isLocalhostHttp = url.protocol === "http:" && (url.hostname === "localhost" || url.hostname === "127.0.0.1");
  if (url.protocol !== "https:" && !(isLocalhostHttp && allowLocalhost)) {
    return isLocalhostHttp
      ? "may use http://localhost only in dev stacks; use an https origin"
      : "must be an https origin (https://host[:port])";
  }
  if (origin !== url.origin)
    return "must be an origin only: scheme://host[:port] in lowercase, with no path, query, fragment or trailing slash";
  return undefined;
}
