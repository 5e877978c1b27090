import { KMS } from "../lib/resource-types";

/** KMS type tokens beyond `policies/lib/resource-types.ts`. */
export const KMS_EXTRA = {
  externalKey: "aws:kms/externalKey:ExternalKey",
  replicaExternalKey: "aws:kms/replicaExternalKey:ReplicaExternalKey",
} as const;

/** Every resource that creates a KMS key (and so has a deletion window). */
export const KEY_TYPES: ReadonlySet<string> = new Set([
  KMS.key,
  KMS.replicaKey,
  KMS_EXTRA.externalKey,
  KMS_EXTRA.replicaExternalKey,
]);

/** Every resource that carries a key policy. */
export const KEY_POLICY_TYPES: ReadonlySet<string> = new Set([...KEY_TYPES, KMS.keyPolicy]);
