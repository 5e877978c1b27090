import type { Guardrail } from "../lib/guardrail";
import { s3AccessLogging } from "./s3-access-logging";
import { s3AccessPointPublicAccessBlock } from "./s3-access-point-public-access-block";
import { s3AccountPublicAccessBlock } from "./s3-account-public-access-block";
import { s3BucketKeyEnabled } from "./s3-bucket-key-enabled";
import { s3BucketPolicyNoPublicPrincipal } from "./s3-bucket-policy-no-public-principal";
import { s3BucketPolicyRestrictsOtherAccounts } from "./s3-bucket-policy-restricts-other-accounts";
import { s3DefaultEncryption } from "./s3-default-encryption";
import { s3LifecycleConfigured } from "./s3-lifecycle-configured";
import { s3NoForceDestroyProd } from "./s3-no-force-destroy-prod";
import { s3NoPublicAcl } from "./s3-no-public-acl";
import { s3OwnershipEnforced } from "./s3-ownership-enforced";
import { s3ProdDataBucketProtected } from "./s3-prod-data-bucket-protected";
import { s3PublicAccessBlock } from "./s3-public-access-block";
import { s3ReplicationProd } from "./s3-replication-prod";
import { s3TlsOnly } from "./s3-tls-only";
import { s3VersioningEnabled } from "./s3-versioning-enabled";

/** The s3 guardrails, one per file in this folder. */
export const s3Guardrails: Guardrail[] = [
  // public access
  s3PublicAccessBlock,
  s3AccountPublicAccessBlock,
  s3AccessPointPublicAccessBlock,
  s3NoPublicAcl,
  s3BucketPolicyNoPublicPrincipal,
  s3BucketPolicyRestrictsOtherAccounts,
  s3OwnershipEnforced,
  // data protection
  s3DefaultEncryption,
  s3BucketKeyEnabled,
  s3VersioningEnabled,
  s3TlsOnly,
  s3AccessLogging,
  s3LifecycleConfigured,
  // production data-loss guards
  s3ReplicationProd,
  s3NoForceDestroyProd,
  s3ProdDataBucketProtected,
];
