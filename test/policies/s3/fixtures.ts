/**
 * Shared fixtures for the S3 guardrail tests: builders for buckets and their settings resources in every form
 * (v7 split, `*V2`, inline), and the fully hardened bucket set of our stacks (resumes bucket, access-log bucket,
 * replica bucket and its log bucket, ALB logs), as stack outputs and as a preview would show them.
 */
import { S3 } from "../../../policies/lib/resource-types";
import { UNKNOWN, urnFor, type FakeResource } from "../../helpers/policy-harness";

export const ACCOUNT = "111122223333";
export const ELB_ACCOUNT_US_EAST_1 = "127311923021";
export const WAIVER_JUSTIFICATION = "Accepted by the platform lead until 2030-01-01 for a documented reason.";

export function arnOf(bucketName: string): string {
  return `arn:aws:s3:::${bucketName}`;
}

/** A bucket as a stack output: `bucket`, `id` and `arn` set from the physical name. */
export function bucket(
  name: string,
  props: Record<string, unknown> = {},
  options: { type?: string; protect?: boolean; physicalName?: string } = {},
): FakeResource {
  const physical = options.physicalName ?? `${name}-a1b2c3`;
  const type = options.type ?? S3.bucket;
  return {
    type,
    name,
    urn: urnFor(type, name),
    protect: options.protect,
    props: { bucket: physical, id: physical, arn: arnOf(physical), ...props },
  };
}

export function physicalName(b: FakeResource): string {
  return String(b.props.bucket);
}

export interface ChildOptions {
  /** How the child names its bucket: property dependency + value (default), value only, or dependency only. */
  readonly link?: "deps" | "value" | "depsOnly";
  readonly extraDeps?: Record<string, string[]>;
}

/** A settings resource of `type` for bucket `b`, related through `propertyDependencies.bucket` and/or the name. */
export function child(
  type: string,
  name: string,
  b: FakeResource,
  props: Record<string, unknown>,
  options: ChildOptions = {},
): FakeResource {
  const link = options.link ?? "deps";
  const propertyDependencies: Record<string, string[]> = { ...(options.extraDeps ?? {}) };
  if (link !== "value") propertyDependencies.bucket = [b.urn as string];
  return {
    type,
    name,
    urn: urnFor(type, name),
    props: { ...(link === "depsOnly" ? { bucket: UNKNOWN } : { bucket: physicalName(b) }), ...props },
    propertyDependencies,
  };
}

export const allTrue = {
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
};

export function publicAccessBlock(b: FakeResource, flags: Record<string, unknown> = allTrue, options?: ChildOptions) {
  return child(S3.publicAccessBlock, `${b.name}-pab`, b, flags, options);
}

export function ownership(b: FakeResource, objectOwnership: unknown = "BucketOwnerEnforced", options?: ChildOptions) {
  return child(S3.ownershipControls, `${b.name}-ownership`, b, { rule: { objectOwnership } }, options);
}

export function versioning(
  b: FakeResource,
  status: unknown = "Enabled",
  options: ChildOptions & { v2?: boolean } = {},
) {
  return child(
    options.v2 ? S3.versioningV2 : S3.versioning,
    `${b.name}-versioning`,
    b,
    {
      versioningConfiguration: { status },
    },
    options,
  );
}

export function kmsKey(name: string): FakeResource {
  return {
    type: "aws:kms/key:Key",
    name,
    urn: urnFor("aws:kms/key:Key", name),
    props: { arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${name}-0000`, enableKeyRotation: true },
  };
}

export function sseKms(
  b: FakeResource,
  key: FakeResource,
  options: ChildOptions & { v2?: boolean; keyId?: unknown } = {},
) {
  return child(
    options.v2 ? S3.encryptionV2 : S3.encryption,
    `${b.name}-sse`,
    b,
    {
      rules: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: options.keyId === undefined ? key.props.arn : options.keyId,
          },
          bucketKeyEnabled: true,
        },
      ],
    },
    { ...options, extraDeps: { rules: [key.urn as string], ...(options.extraDeps ?? {}) } },
  );
}

export function sseS3(b: FakeResource, options: ChildOptions & { v2?: boolean; algorithm?: unknown } = {}) {
  return child(
    options.v2 ? S3.encryptionV2 : S3.encryption,
    `${b.name}-sse`,
    b,
    {
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: options.algorithm ?? "AES256" } }],
    },
    options,
  );
}

export function logging(source: FakeResource, target: FakeResource, options: ChildOptions & { v2?: boolean } = {}) {
  return child(
    options.v2 ? S3.loggingV2 : S3.logging,
    `${source.name}-logging`,
    source,
    { targetBucket: physicalName(target), targetPrefix: `${source.name}/` },
    { ...options, extraDeps: { targetBucket: [target.urn as string], ...(options.extraDeps ?? {}) } },
  );
}

export interface LifecycleOptions extends ChildOptions {
  readonly v2?: boolean;
  readonly noncurrent?: boolean;
  readonly abort?: boolean;
  readonly status?: string;
}

export function lifecycle(b: FakeResource, options: LifecycleOptions = {}) {
  const status = options.status ?? "Enabled";
  const rules: Record<string, unknown>[] = [
    {
      id: "expire-resumes",
      status,
      filter: { prefix: "resumes/" },
      expiration: { days: 90 },
      ...(options.noncurrent === false ? {} : { noncurrentVersionExpiration: { noncurrentDays: 30 } }),
      ...(options.abort === false ? {} : { abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }),
    },
    { id: "expired-delete-markers", status, filter: {}, expiration: { expiredObjectDeleteMarker: true } },
  ];
  return child(options.v2 ? S3.lifecycleV2 : S3.lifecycle, `${b.name}-lifecycle`, b, { rules }, options);
}

// ---------------------------------------------------------------------------------------------------------------
// Bucket policy statements

export function tlsStatement(bucketArn: string): Record<string, unknown> {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

export function wrongKmsKeyStatement(bucketArn: string, keyArn: string): Record<string, unknown> {
  return {
    Sid: "DenyWrongKmsKey",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:PutObject",
    Resource: `${bucketArn}/*`,
    Condition: {
      StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn },
      Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
    },
  };
}

export function perimeterStatement(bucketArn: string, allowed: string[]): Record<string, unknown> {
  return {
    Sid: "DataPerimeter",
    Effect: "Deny",
    Principal: { AWS: "*" },
    Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
    Resource: `${bucketArn}/resumes/*`,
    Condition: { StringNotLike: { "aws:PrincipalArn": allowed } },
  };
}

export function logDeliveryStatement(logBucketArn: string, sourceBucketArns: string[]): Record<string, unknown> {
  return {
    Sid: "AllowS3ServerAccessLogs",
    Effect: "Allow",
    Principal: { Service: "logging.s3.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: `${logBucketArn}/*`,
    Condition: { ArnLike: { "aws:SourceArn": sourceBucketArns }, StringEquals: { "aws:SourceAccount": ACCOUNT } },
  };
}

export function elbLogStatement(logBucketArn: string): Record<string, unknown> {
  return {
    Sid: "AllowAlbAccessLogs",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${ELB_ACCOUNT_US_EAST_1}:root` },
    Action: "s3:PutObject",
    Resource: `${logBucketArn}/alb/AWSLogs/${ACCOUNT}/*`,
  };
}

export function policyDoc(statements: unknown): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

export function bucketPolicy(b: FakeResource, statements: unknown, options?: ChildOptions & { asObject?: boolean }) {
  const document = options?.asObject ? { Version: "2012-10-17", Statement: statements } : policyDoc(statements);
  return child(S3.policy, `${b.name}-policy`, b, { policy: document }, options);
}

// ---------------------------------------------------------------------------------------------------------------
// The fully hardened set ("How OUR stacks will look")

export interface HardenedSet {
  readonly resources: FakeResource[];
  readonly resumes: FakeResource;
  readonly logs: FakeResource;
  readonly replica?: FakeResource;
  readonly replicaLogs?: FakeResource;
}

const API_ROLE = `arn:aws:iam::${ACCOUNT}:role/starscreen-api`;
const WORKER_ROLE = `arn:aws:iam::${ACCOUNT}:role/starscreen-worker`;
const REPLICATION_ROLE = `arn:aws:iam::${ACCOUNT}:role/starscreen-replication`;

/** A hardened log bucket: SSE-S3, versioned with noncurrent expiration, PAB, ownership, TLS-only, log delivery. */
function hardenedLogBucket(name: string, sources: FakeResource[], withElb: boolean): FakeResource[] {
  const logs = bucket(name);
  const arn = String(logs.props.arn);
  const statements = [
    tlsStatement(arn),
    logDeliveryStatement(
      arn,
      sources.map((s) => String(s.props.arn)),
    ),
    ...(withElb ? [elbLogStatement(arn)] : []),
  ];
  return [
    logs,
    ownership(logs),
    publicAccessBlock(logs),
    sseS3(logs),
    versioning(logs),
    bucketPolicy(logs, statements, { extraDeps: { policy: sources.map((s) => s.urn as string) } }),
    child(S3.lifecycle, `${name}-lifecycle`, logs, {
      rules: [
        {
          id: "expire-logs",
          status: "Enabled",
          filter: {},
          expiration: { days: 365 },
          noncurrentVersionExpiration: { noncurrentDays: 30 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    }),
  ];
}

/** A hardened data bucket (resumes or replica) with every split resource. */
function hardenedDataBucket(
  name: string,
  logs: FakeResource,
  key: FakeResource | undefined,
  protect: boolean,
): { resources: FakeResource[]; bucket: FakeResource } {
  const b = bucket(name, {}, { protect });
  const arn = String(b.props.arn);
  const statements = [
    tlsStatement(arn),
    ...(key ? [wrongKmsKeyStatement(arn, String(key.props.arn))] : []),
    perimeterStatement(arn, [API_ROLE, WORKER_ROLE, REPLICATION_ROLE]),
  ];
  return {
    bucket: b,
    resources: [
      b,
      ownership(b),
      publicAccessBlock(b),
      key ? sseKms(b, key) : sseS3(b),
      versioning(b),
      bucketPolicy(b, statements, key ? { extraDeps: { policy: [key.urn as string] } } : undefined),
      lifecycle(b),
      logging(b, logs),
      child(S3.cors, `${name}-cors`, b, {
        corsRules: [{ allowedMethods: ["PUT", "GET", "HEAD"], allowedOrigins: ["https://app.example.com"] }],
      }),
    ],
  };
}

function alb(logs: FakeResource): FakeResource {
  return {
    type: "aws:lb/loadBalancer:LoadBalancer",
    name: "api-alb",
    urn: urnFor("aws:lb/loadBalancer:LoadBalancer", "api-alb"),
    props: {
      loadBalancerType: "application",
      dropInvalidHeaderFields: true,
      accessLogs: { bucket: physicalName(logs), prefix: "alb", enabled: true },
    },
    propertyDependencies: { accessLogs: [logs.urn as string] },
  };
}

/** Our prod (`env: "prod"`: KMS, replica, protect) or dev (SSE-S3, no replica, no protect) S3 resources. */
export function hardenedSet(env: "prod" | "dev" = "prod"): HardenedSet {
  const prod = env === "prod";
  const resumesKey = prod ? kmsKey("resumes-key") : undefined;
  // The log bucket's policy names the source bucket ARNs: build the data buckets first, then the log buckets.
  const logsName = "access-logs";
  const logsPlaceholder = bucket(logsName);
  const resumes = hardenedDataBucket("resumes", logsPlaceholder, resumesKey, prod);
  const resources: FakeResource[] = [...(resumesKey ? [resumesKey] : []), ...resumes.resources];
  let replica: FakeResource | undefined;
  let replicaLogs: FakeResource | undefined;
  const logSources = [resumes.bucket];
  if (prod) {
    const replicaKey = kmsKey("replica-key");
    const replicaLogsPlaceholder = bucket("replica-access-logs");
    const rep = hardenedDataBucket("replica", replicaLogsPlaceholder, replicaKey, true);
    replica = rep.bucket;
    const replicaLogSet = hardenedLogBucket("replica-access-logs", [rep.bucket], false);
    replicaLogs = replicaLogSet[0];
    const role: FakeResource = {
      type: "aws:iam/role:Role",
      name: "replication-role",
      urn: urnFor("aws:iam/role:Role", "replication-role"),
      props: { arn: REPLICATION_ROLE },
    };
    const replication = child(
      S3.replication,
      "resumes-replication",
      resumes.bucket,
      {
        role: REPLICATION_ROLE,
        rules: [
          {
            id: "resumes",
            status: "Enabled",
            filter: { prefix: "resumes/" },
            deleteMarkerReplication: { status: "Enabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            destination: {
              bucket: String(rep.bucket.props.arn),
              encryptionConfiguration: { replicaKmsKeyId: String(replicaKey.props.arn) },
            },
          },
        ],
      },
      { extraDeps: { role: [role.urn as string], rules: [rep.bucket.urn as string, replicaKey.urn as string] } },
    );
    resources.push(replicaKey, role, ...rep.resources, ...replicaLogSet, replication);
  }
  const logSet = hardenedLogBucket(logsName, logSources, true);
  resources.push(...logSet, alb(logSet[0]));
  return { resources, resumes: resumes.bucket, logs: logSet[0], replica, replicaLogs };
}

/** The computed-only outputs of a v7 Bucket (deprecated inline settings read back from AWS, and identifiers). */
const BUCKET_COMPUTED = [
  "id",
  "arn",
  "policy",
  "versioning",
  "serverSideEncryptionConfiguration",
  "logging",
  "lifecycleRules",
  "replicationConfiguration",
  "acl",
  "grants",
];

/**
 * The same set as a preview of a new stack shows it. `outputs` (what stack policies see): auto-names, ARNs,
 * documents and key ids unknown; the computed inline outputs of every v7 Bucket unknown; property dependencies
 * known. `inputs` (what resource policies see): the same, except that a Bucket's inputs carry no computed
 * outputs at all and its auto-name is known (the provider's Check fills it in).
 */
export function asPreview(resources: FakeResource[], view: "outputs" | "inputs" = "outputs"): FakeResource[] {
  return resources.map((r) => {
    const props: Record<string, unknown> = { ...r.props };
    if (r.type === S3.bucket && view === "inputs") {
      for (const key of BUCKET_COMPUTED) delete props[key];
    } else if (r.type === S3.bucket) {
      for (const key of [
        "bucket",
        "id",
        "arn",
        "policy",
        "versioning",
        "serverSideEncryptionConfiguration",
        "logging",
        "lifecycleRules",
        "replicationConfiguration",
        "acl",
        "grants",
      ]) {
        props[key] = UNKNOWN;
      }
    } else if (r.type.startsWith("aws:s3/")) {
      if ("bucket" in props) props.bucket = UNKNOWN;
      if ("policy" in props) props.policy = UNKNOWN;
      if ("targetBucket" in props) props.targetBucket = UNKNOWN;
      if (Array.isArray(props.rules)) {
        props.rules = (props.rules as Record<string, unknown>[]).map((rule) => {
          const copy: Record<string, unknown> = { ...rule };
          const defaults = copy.applyServerSideEncryptionByDefault as Record<string, unknown> | undefined;
          if (defaults?.kmsMasterKeyId)
            copy.applyServerSideEncryptionByDefault = { ...defaults, kmsMasterKeyId: UNKNOWN };
          if (copy.destination) copy.destination = { ...(copy.destination as object), bucket: UNKNOWN };
          return copy;
        });
      }
    } else if (r.type === "aws:lb/loadBalancer:LoadBalancer") {
      props.accessLogs = { ...(props.accessLogs as object), bucket: UNKNOWN };
    } else if ("arn" in props) {
      props.arn = UNKNOWN;
    }
    return { ...r, props };
  });
}

/** Replaces one resource (by name) in a list. */
export function replace(resources: FakeResource[], name: string, next: FakeResource | undefined): FakeResource[] {
  const out: FakeResource[] = [];
  for (const r of resources) {
    if (r.name !== name) out.push(r);
    else if (next) out.push(next);
  }
  return out;
}

/** Removes every resource with one of the names. */
export function without(resources: FakeResource[], ...names: string[]): FakeResource[] {
  return resources.filter((r) => !names.includes(r.name as string));
}

export function waiverFor(resource: string): { waivers: { resource: string; justification: string }[] } {
  return { waivers: [{ resource, justification: WAIVER_JUSTIFICATION }] };
}
