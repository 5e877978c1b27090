import { resourceGuardrail } from "../lib/guardrail";
import { BUCKET_TYPES, S3 } from "../lib/resource-types";
import { asArray, firstBlock, isRecord } from "../lib/values";
import { S3_EXTRA, show } from "./shared";

/** Canned ACLs that grant access to everyone or to every AWS account. */
export const PUBLIC_CANNED_ACLS: readonly string[] = ["public-read", "public-read-write", "authenticated-read"];

/** ACL grantee groups that mean "everyone" and "any AWS account". */
const PUBLIC_GROUP_SUFFIXES = ["/groups/global/allusers", "/groups/global/authenticatedusers"];

function isPublicUri(uri: unknown): uri is string {
  return typeof uri === "string" && PUBLIC_GROUP_SUFFIXES.some((suffix) => uri.toLowerCase().endsWith(suffix));
}

function describe(type: string, name: string): string {
  return `${type.split(":").pop()} "${name}"`;
}

/**
 * No public ACLs (FSBP S3.2/S3.3): canned ACLs `public-read`, `public-read-write`, `authenticated-read` and grants
 * to the AllUsers / AuthenticatedUsers groups, on buckets (inline `acl`/`grants`), BucketAcl(V2) (`acl` and
 * `accessControlPolicy.grants`), objects (BucketObject/BucketObjectv2 `acl`) and ObjectCopy (`acl`/`grants`).
 */
export const s3NoPublicAcl = resourceGuardrail(
  {
    name: "s3-no-public-acl",
    description:
      "No S3 bucket, bucket ACL or object uses a public canned ACL (public-read, public-read-write, authenticated-read) or grants access to the AllUsers or AuthenticatedUsers groups.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "s3",
    controls: { awsFsbp: ["S3.2", "S3.3"], checkov: ["CKV_AWS_20", "CKV_AWS_57"] },
    remediationSteps:
      'Remove the public ACL or grant (use "private", or no ACL at all with BucketOwnerEnforced ownership) and grant access through IAM and bucket policies to named principals.',
  },
  (args, _context, report) => {
    const isBucket = BUCKET_TYPES.includes(args.type);
    const isAcl = args.type === S3.acl || args.type === S3.aclV2;
    const isObject = args.type === S3.object || args.type === S3.objectV2 || args.type === S3_EXTRA.objectCopy;
    if (!isBucket && !isAcl && !isObject) return;
    const what = describe(args.type, args.name);
    const acl: unknown = args.props.acl;
    if (typeof acl === "string" && PUBLIC_CANNED_ACLS.includes(acl.toLowerCase())) {
      report(
        `${what} uses the canned ACL ${show(acl)}, which grants access to ${acl.toLowerCase() === "authenticated-read" ? "every AWS account" : "everyone"}.`,
      );
    }
    // Inline grants (Bucket/BucketV2/ObjectCopy): [{ type, uri, permissions }].
    if (isBucket || args.type === S3_EXTRA.objectCopy) {
      for (const grant of asArray(args.props.grants)) {
        if (isRecord(grant) && isPublicUri(grant.uri)) {
          report(`${what} grants ${show(grant.permissions ?? grant.permission)} to ${grant.uri} (a public group).`);
        }
      }
    }
    // BucketAcl(V2): accessControlPolicy.grants[].grantee.uri.
    if (isAcl) {
      const policy = firstBlock(args.props.accessControlPolicy);
      for (const grant of asArray(policy?.grants)) {
        if (!isRecord(grant)) continue;
        const grantee = firstBlock(grant.grantee);
        if (grantee && isPublicUri(grantee.uri)) {
          report(`${what} grants ${show(grant.permission)} to ${grantee.uri} (a public group).`);
        }
      }
    }
  },
);
