/**
 * Readers for a bucket's effective settings, each in one place for every form: the v7 split resources (and their
 * `*V2` twins) first, then the deprecated inline `Bucket` / `BucketV2` arguments. The split resource wins when it
 * exists: on a v7 Bucket the inline fields are computed outputs (unknown during preview when not set, and read
 * back from AWS afterwards), so they are only consulted for a bucket that has no split resource of that kind.
 * Reading an unknown value throws UnknownValueError, which the caller lets through (or defers).
 */
import type { PolicyResource } from "@pulumi/policy";
import { asArray, asNumber, firstBlock, isRecord, isTrue } from "../lib/values";
import type { BucketGraph, BucketNode } from "./bucket-graph";
import { KMS_KEY_TYPES, peek } from "./shared";

// ---------------------------------------------------------------------------------------------------------------
// Versioning

export type VersioningState = "Enabled" | "Suspended" | "Disabled" | "absent";

export interface Versioning {
  readonly state: VersioningState;
  /** The raw status found (for messages). */
  readonly found?: unknown;
  /** Where it was read: a resource label. */
  readonly via?: string;
}

export function versioningOf(graph: BucketGraph, node: BucketNode): Versioning {
  const split = graph.childrenOf(node, "versioning");
  if (split.length > 0) {
    let first: Versioning | undefined;
    for (const child of split) {
      const status: unknown = firstBlock(child.props.versioningConfiguration)?.status;
      const state: VersioningState =
        status === "Enabled" ? "Enabled" : status === "Suspended" ? "Suspended" : "Disabled";
      const v: Versioning = { state, found: status, via: `${child.type.split(":").pop()} "${child.name}"` };
      if (state === "Enabled") return v;
      first ??= v;
    }
    return first as Versioning;
  }
  const props = node.resource.props;
  const block = firstBlock(props.versioning ?? props.versionings);
  if (!block) return { state: "absent" };
  const enabled: unknown = block.enabled;
  return {
    state: isTrue(enabled) ? "Enabled" : "Disabled",
    found: enabled,
    via: `inline versioning of ${node.label}`,
  };
}

/** Enabled or Suspended: the bucket keeps (or has kept) noncurrent versions. */
export function isVersioned(v: Versioning): boolean {
  return v.state === "Enabled" || v.state === "Suspended";
}

// ---------------------------------------------------------------------------------------------------------------
// Default encryption

export interface EncryptionRule {
  /** `sseAlgorithm` as found (may be missing or odd). */
  readonly algorithm: unknown;
  /**
   * The key id when set; `"(from a KMS key resource)"` when unknown but computed from a KMS resource. A function:
   * it is read only when the outcome depends on it (it throws for any other unknown id).
   */
  readonly kmsKeyId: () => string | undefined;
  readonly bucketKeyEnabled: unknown;
  readonly via: string;
}

export interface Encryption {
  /** Any encryption configuration resource or inline block exists. */
  readonly configured: boolean;
  /** Rules with an `applyServerSideEncryptionByDefault` block. */
  readonly rules: EncryptionRule[];
  readonly via?: string;
}

export const KEY_FROM_RESOURCE = "(from a KMS key resource)";

/**
 * The key id of a default-encryption block. An unknown id computed from a KMS key resource (known through
 * `propertyDependencies[prop]`) counts as present; any other unknown id is rethrown.
 */
function kmsKeyIdOf(defaults: Record<string, unknown>, owner: PolicyResource, prop: string): string | undefined {
  const id = peek(() => defaults.kmsMasterKeyId);
  if (id.known) return typeof id.value === "string" && id.value.trim() !== "" ? id.value : undefined;
  const deps = isRecord(owner.propertyDependencies) ? owner.propertyDependencies[prop] : undefined;
  if (Array.isArray(deps) && deps.some((d) => d && KMS_KEY_TYPES.includes(d.type))) return KEY_FROM_RESOURCE;
  throw id.error;
}

function rulesFrom(rules: unknown, owner: PolicyResource, prop: string, via: string): EncryptionRule[] {
  const out: EncryptionRule[] = [];
  for (const rule of asArray(rules)) {
    if (!isRecord(rule)) continue;
    const defaults = firstBlock(rule.applyServerSideEncryptionByDefault ?? rule.applyServerSideEncryptionByDefaults);
    if (!defaults) continue;
    out.push({
      algorithm: defaults.sseAlgorithm,
      kmsKeyId: () => kmsKeyIdOf(defaults, owner, prop),
      bucketKeyEnabled: rule.bucketKeyEnabled,
      via,
    });
  }
  return out;
}

/** Split BucketServerSideEncryptionConfiguration(V2) `rules`, or inline `serverSideEncryptionConfiguration(s)`. */
export function encryptionOf(graph: BucketGraph, node: BucketNode): Encryption {
  const split = graph.childrenOf(node, "encryption");
  if (split.length > 0) {
    const rules = split.flatMap((c) => rulesFrom(c.props.rules, c, "rules", `${c.type.split(":").pop()} "${c.name}"`));
    return { configured: true, rules, via: `${split[0].type.split(":").pop()} "${split[0].name}"` };
  }
  return inlineEncryption(node.resource, node.label);
}

/** The inline encryption of a Bucket (`serverSideEncryptionConfiguration.rule`) or BucketV2 (`...s[0].rules`). */
export function inlineEncryption(bucket: PolicyResource, label: string): Encryption {
  const props = bucket.props;
  const prop =
    props.serverSideEncryptionConfiguration !== undefined
      ? "serverSideEncryptionConfiguration"
      : "serverSideEncryptionConfigurations";
  const block = firstBlock(props[prop]);
  if (!block) return { configured: false, rules: [] };
  const via = `inline encryption of ${label}`;
  return { configured: true, rules: rulesFrom(block.rule ?? block.rules, bucket, prop, via), via };
}

/** Default-encryption rules of one split encryption resource (for per-resource checks on inputs). */
export function splitEncryptionRules(resource: {
  props: Record<string, unknown>;
  name: string;
  type: string;
  propertyDependencies?: unknown;
}): EncryptionRule[] {
  return rulesFrom(
    resource.props.rules,
    resource as PolicyResource,
    "rules",
    `${resource.type.split(":").pop()} "${resource.name}"`,
  );
}

export const KMS_ALGORITHMS: readonly string[] = ["aws:kms", "aws:kms:dsse"];
export const KNOWN_ALGORITHMS: readonly string[] = ["AES256", ...KMS_ALGORITHMS];

/** AWS-managed S3 key references: SSE-KMS with them is not a customer-managed key. */
export function isAwsManagedKey(keyId: string | undefined): boolean {
  if (!keyId) return false;
  return /(^|:)alias\/aws\/s3$/.test(keyId);
}

// ---------------------------------------------------------------------------------------------------------------
// Server access logging

export interface Logging {
  readonly configured: boolean;
  readonly via?: string;
}

export function loggingOf(graph: BucketGraph, node: BucketNode): Logging {
  const split = graph.childrenOf(node, "logging");
  if (split.length > 0) return { configured: true, via: `${split[0].type.split(":").pop()} "${split[0].name}"` };
  const props = node.resource.props;
  const block = firstBlock(props.logging ?? props.loggings);
  if (!block) return { configured: false };
  const target: unknown = block.targetBucket;
  return typeof target === "string" && target.trim() !== ""
    ? { configured: true, via: `inline logging of ${node.label}` }
    : { configured: false };
}

// ---------------------------------------------------------------------------------------------------------------
// Lifecycle

export interface LifecycleRule {
  readonly label: string;
  readonly enabled: boolean;
  readonly expiresNoncurrent: boolean;
  readonly abortsMultipart: boolean;
}

export interface Lifecycle {
  readonly configured: boolean;
  readonly rules: LifecycleRule[];
  readonly via?: string;
}

function positive(value: unknown): boolean {
  const n = asNumber(value);
  return n !== undefined && n > 0;
}

export function lifecycleOf(graph: BucketGraph, node: BucketNode): Lifecycle {
  const split = graph.childrenOf(node, "lifecycle");
  if (split.length > 0) {
    const rules: LifecycleRule[] = [];
    for (const child of split) {
      for (const [i, rule] of asArray(child.props.rules).entries()) {
        if (!isRecord(rule)) continue;
        const noncurrent = firstBlock(rule.noncurrentVersionExpiration ?? rule.noncurrentVersionExpirations);
        const abort = firstBlock(rule.abortIncompleteMultipartUpload);
        rules.push({
          label: typeof rule.id === "string" ? `rule "${rule.id}"` : `rule #${i + 1}`,
          enabled: rule.status === "Enabled",
          expiresNoncurrent: noncurrent !== undefined && positive(noncurrent.noncurrentDays ?? noncurrent.days),
          abortsMultipart: abort !== undefined && positive(abort.daysAfterInitiation),
        });
      }
    }
    return { configured: true, rules, via: `${split[0].type.split(":").pop()} "${split[0].name}"` };
  }
  const inline = asArray(node.resource.props.lifecycleRules);
  const rules: LifecycleRule[] = [];
  for (const [i, rule] of inline.entries()) {
    if (!isRecord(rule)) continue;
    const noncurrent = firstBlock(rule.noncurrentVersionExpiration ?? rule.noncurrentVersionExpirations);
    rules.push({
      label: typeof rule.id === "string" ? `rule "${rule.id}"` : `rule #${i + 1}`,
      enabled: isTrue(rule.enabled),
      expiresNoncurrent: noncurrent !== undefined && positive(noncurrent.days ?? noncurrent.noncurrentDays),
      abortsMultipart: positive(rule.abortIncompleteMultipartUploadDays),
    });
  }
  return {
    configured: rules.length > 0,
    rules,
    via: rules.length > 0 ? `inline lifecycleRules of ${node.label}` : undefined,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Replication (as a source)

export interface Replication {
  readonly configured: boolean;
  readonly enabledRules: number;
  readonly via?: string;
}

export function replicationOf(graph: BucketGraph, node: BucketNode): Replication {
  const split = graph.childrenOf(node, "replication");
  if (split.length > 0) {
    let enabledRules = 0;
    for (const child of split) {
      for (const rule of asArray(child.props.rules)) if (isRecord(rule) && rule.status === "Enabled") enabledRules++;
    }
    return { configured: true, enabledRules, via: `BucketReplicationConfig "${split[0].name}"` };
  }
  const props = node.resource.props;
  const block = firstBlock(props.replicationConfiguration ?? props.replicationConfigurations);
  if (!block) return { configured: false, enabledRules: 0 };
  let enabledRules = 0;
  for (const rule of asArray(block.rules)) if (isRecord(rule) && rule.status === "Enabled") enabledRules++;
  return { configured: true, enabledRules, via: `inline replication of ${node.label}` };
}

// ---------------------------------------------------------------------------------------------------------------
// Ownership controls and public access block (split resources only: no inline form exists)

export function ownershipOf(
  graph: BucketGraph,
  node: BucketNode,
): { resource: PolicyResource; objectOwnership: unknown }[] {
  return graph.childrenOf(node, "ownership").map((c) => ({
    resource: c,
    objectOwnership: firstBlock(c.props.rule)?.objectOwnership,
  }));
}

export const PUBLIC_ACCESS_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

/** The flags of a public-access-block-shaped object that are not `true`. */
export function falsePublicAccessFlags(block: Record<string, unknown>): string[] {
  return PUBLIC_ACCESS_FLAGS.filter((flag) => !isTrue(block[flag]));
}
