/** The bucket policy document(s) a resource registers: BucketPolicy `policy`, or inline Bucket/BucketV2 `policy`. */
import type { ResourceValidationArgs } from "@pulumi/policy";
import { BUCKET_TYPES, S3 } from "../lib/resource-types";

export interface PolicyInput {
  readonly document: unknown;
  /** `BucketPolicy "x"` or `the inline policy of bucket "x"`. */
  readonly label: string;
}

/** The policy input of a BucketPolicy or bucket, or `undefined` when the resource has none. */
export function bucketPolicyInput(
  args: Pick<ResourceValidationArgs, "type" | "name" | "props">,
): PolicyInput | undefined {
  let document: unknown;
  let label: string;
  if (args.type === S3.policy) {
    document = args.props.policy;
    label = `BucketPolicy "${args.name}"`;
  } else if (BUCKET_TYPES.includes(args.type)) {
    document = args.props.policy;
    label = `the inline policy of bucket "${args.name}"`;
  } else {
    return undefined;
  }
  if (document === undefined || document === null || document === "") return undefined;
  return { document, label };
}
