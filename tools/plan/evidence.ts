/**
 * Evidence for the compliance report: which resources a guardrail is about, a one-line statement of what each
 * resource's configuration shows (the lifecycle rule and its days, the TLS-deny statement...), and the stack's
 * data-erasure window computed from the buckets' versioning, lifecycle and replication as planned.
 */
import type { DataErasure, ErasureCopy, ReportPolicy, ReportResource } from "./report-types";
import { asList, at, isRecord, parseJson } from "./values";

const S3 = "aws:s3/";
const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const VERSIONING_TYPES = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];
const LIFECYCLE_TYPES = [
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
];
const REPLICATION_TYPES = ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"];

/** Resource types a guardrail is about, by its name (specific first) and then by its service tag. */
const RELATED_BY_NAME: [RegExp, (type: string) => boolean][] = [
  [/lifecycle/, (t) => t.startsWith(S3) && /lifecycle/i.test(t)],
  [/versioning/, (t) => BUCKET_TYPES.includes(t) || VERSIONING_TYPES.includes(t)],
  [/tls|secure-transport|bucket-policy/, (t) => /bucketPolicy:/.test(t)],
  [/account-public-access/, (t) => /accountPublicAccessBlock/i.test(t)],
  [/access-point/, (t) => /aws:s3(control)?\/accessPoint/i.test(t)],
  [/public-access/, (t) => /bucketPublicAccessBlock/i.test(t)],
  [/ownership|public-acl|acl/, (t) => /OwnershipControls|bucketAcl/i.test(t)],
  [/encryption|bucket-key/, (t) => /ServerSideEncryption/i.test(t)],
  [/access-logging/, (t) => /bucketLogging/i.test(t)],
  [/replication/, (t) => REPLICATION_TYPES.includes(t)],
  [/protected|data-bucket/, (t) => BUCKET_TYPES.includes(t)],
  [/^kms-/, (t) => t.startsWith("aws:kms/key:")],
  [/static-credentials/, (t) => /aws:iam\/(user|accessKey|userLoginProfile)/.test(t)],
  [/trust/, (t) => t === "aws:iam/role:Role"],
  [
    /^iam-/,
    (t) => /aws:iam\/(role|rolePolicy|policy|userPolicy|groupPolicy|rolePolicyAttachment|policyAttachment):/.test(t),
  ],
  [/container-insights/, (t) => t.startsWith("aws:ecs/cluster:")],
  [/circuit-breaker|rollback|public-ip/, (t) => t.startsWith("aws:ecs/service:")],
  [/^ecs-/, (t) => t.startsWith("aws:ecs/taskDefinition:")],
  [/waf/, (t) => t.startsWith("aws:wafv2/")],
  [/https|tls-policy/, (t) => /aws:(lb|alb)\/listener:/.test(t)],
  [/^elb-/, (t) => /aws:(lb|alb|elb)\/loadBalancer:/.test(t)],
  [/log-group/, (t) => t.startsWith("aws:cloudwatch/logGroup:")],
  [/flow-log/, (t) => t.startsWith("aws:ec2/flowLog:")],
  [/security-group|ingress/, (t) => /securityGroup|SecurityGroupIngressRule/i.test(t)],
  [/endpoint/, (t) => /vpcEndpoint/i.test(t)],
];

const RELATED_BY_SERVICE: Record<string, (type: string) => boolean> = {
  s3: (t) => t.startsWith(S3),
  iam: (t) => t.startsWith("aws:iam/"),
  kms: (t) => t.startsWith("aws:kms/"),
  ecs: (t) => t.startsWith("aws:ecs/"),
  elb: (t) => /^aws:(lb|alb|elb|wafv2)\//.test(t),
  logging: (t) => t.startsWith("aws:cloudwatch/") || t.startsWith("aws:ec2/flowLog"),
  network: (t) => t.startsWith("aws:ec2/") || t.startsWith("aws:vpc/") || t.startsWith("awsx:ec2"),
};

export function relatedTo(policy: Pick<ReportPolicy, "name" | "service">): (type: string) => boolean {
  const byName = RELATED_BY_NAME.find(([re]) => re.test(policy.name));
  if (byName) return byName[1];
  return RELATED_BY_SERVICE[policy.service] ?? (() => false);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

function bucketLabel(r: ReportResource): string {
  return str(r.outputs.bucket) ?? str(r.inputs.bucket) ?? r.name;
}

function statementsOf(doc: unknown): Record<string, unknown>[] {
  return asList(at(parseJson(doc), "Statement")).filter(isRecord);
}

function lifecycleRuleText(rule: Record<string, unknown>): string {
  const parts: string[] = [];
  const prefix = str(at(rule, "filter", "prefix")) ?? str(at(rule, "filter", "and", "prefix")) ?? str(rule.prefix);
  const days = num(at(rule, "expiration", "days"));
  if (days !== undefined) parts.push(`expire current objects after ${days} days`);
  if (at(rule, "expiration", "expiredObjectDeleteMarker") === true) parts.push("remove expired delete markers");
  const noncurrent =
    num(at(rule, "noncurrentVersionExpiration", "noncurrentDays")) ??
    num(at(rule, "noncurrentVersionExpiration", "days"));
  if (noncurrent !== undefined) parts.push(`delete noncurrent versions after ${noncurrent} days`);
  const abort =
    num(at(rule, "abortIncompleteMultipartUpload", "daysAfterInitiation")) ??
    num(rule.abortIncompleteMultipartUploadDays);
  if (abort !== undefined) parts.push(`abort incomplete multipart uploads after ${abort} days`);
  const status = str(rule.status) ?? (rule.enabled === false ? "Disabled" : "Enabled");
  return `rule "${str(rule.id) ?? "(unnamed)"}" (${status}${prefix ? `, prefix ${prefix}` : ""}): ${parts.join(", ") || "no actions"}`;
}

type Extractor = (r: ReportResource) => string | undefined;

const EVIDENCE: [RegExp, Extractor][] = [
  [
    /^aws:s3\/bucket(V2)?:/,
    (r) => {
      const flags = [r.protect ? "protect" : "", r.retainOnDelete ? "retainOnDelete" : ""].filter(Boolean);
      return `bucket ${bucketLabel(r)}${flags.length ? ` (${flags.join(", ")})` : " (not protected)"}${r.inputs.forceDestroy === true ? ", forceDestroy" : ""}`;
    },
  ],
  [
    /^aws:s3\/bucketVersioning/,
    (r) => `versioning ${str(at(r.inputs, "versioningConfiguration", "status")) ?? "unset"}`,
  ],
  [
    /^aws:s3\/bucketServerSideEncryptionConfiguration/,
    (r) => {
      const rule = at(r.inputs, "rules", 0) ?? at(r.inputs, "rule");
      const alg = str(at(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm")) ?? "unset";
      const key = str(at(rule, "applyServerSideEncryptionByDefault", "kmsMasterKeyId"));
      return `default encryption ${alg}${key ? ` with key ${key}` : ""}${at(rule, "bucketKeyEnabled") === true ? ", bucket key on" : ""}`;
    },
  ],
  [
    /^aws:s3\/bucketPublicAccessBlock/,
    (r) => {
      const flags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
      const on = flags.filter((f) => r.inputs[f] === true);
      return on.length === 4
        ? "all four public-access-block flags on"
        : `public-access-block flags on: ${on.join(", ") || "none"}`;
    },
  ],
  [
    /^aws:s3\/bucketOwnershipControls/,
    (r) => `object ownership ${str(at(r.inputs, "rule", "objectOwnership")) ?? "unset"}`,
  ],
  [
    /^aws:s3\/bucketPolicy/,
    (r) => {
      const statements = statementsOf(r.inputs.policy);
      if (statements.length === 0)
        return typeof r.inputs.policy === "string" ? "policy document (not parsed)" : "policy unknown at plan time";
      const tls = statements.filter(
        (s) => s.Effect === "Deny" && JSON.stringify(s.Condition ?? {}).includes('"aws:SecureTransport":"false"'),
      );
      const sids = statements.map((s) => `${str(s.Effect)} ${str(s.Sid) ?? "(no Sid)"}`);
      return `${tls.length ? `TLS-deny statement ${tls.map((s) => `"${str(s.Sid) ?? "(no Sid)"}"`).join(", ")}; ` : "no TLS-deny statement; "}statements: ${sids.join(", ")}`;
    },
  ],
  [
    /^aws:s3\/bucketLifecycleConfiguration/,
    (r) => asList(r.inputs.rules).filter(isRecord).map(lifecycleRuleText).join("; ") || "no rules",
  ],
  [
    /^aws:s3\/bucketLogging/,
    (r) =>
      `server access logs to ${str(r.inputs.targetBucket) ?? "?"}${r.inputs.targetPrefix ? ` under ${str(r.inputs.targetPrefix)}` : ""}`,
  ],
  [
    /^aws:s3\/bucketReplicationConfig/,
    (r) =>
      asList(r.inputs.rules)
        .filter(isRecord)
        .map(
          (rule) =>
            `rule "${str(rule.id) ?? "(unnamed)"}" (${str(rule.status) ?? "?"}) → ${str(at(rule, "destination", "bucket")) ?? "?"}, delete markers ${str(at(rule, "deleteMarkerReplication", "status")) ?? "not replicated"}${at(rule, "sourceSelectionCriteria", "sseKmsEncryptedObjects", "status") === "Enabled" ? ", SSE-KMS objects replicated" : ""}`,
        )
        .join("; ") || "no rules",
  ],
  [
    /^aws:s3\/bucketCorsConfiguration/,
    (r) => `CORS origins ${asList(at(r.inputs, "corsRules", 0, "allowedOrigins")).join(", ")}`,
  ],
  [
    /^aws:kms\/key:/,
    (r) =>
      `rotation ${r.inputs.enableKeyRotation === true ? "on" : "off"}, deletion window ${str(r.inputs.deletionWindowInDays) ?? "default (30)"} days${r.protect ? ", protect" : ""}; key policy statements: ${
        statementsOf(r.inputs.policy)
          .map((s) => str(s.Sid) ?? "(no Sid)")
          .join(", ") || "default"
      }`,
  ],
  [
    /^aws:iam\/role:/,
    (r) => {
      const trust = statementsOf(r.inputs.assumeRolePolicy).map((s) => JSON.stringify(s.Principal ?? {}));
      return `trusted by ${trust.join(", ") || "?"}`;
    },
  ],
  [
    /^aws:iam\/(rolePolicy|policy|userPolicy|groupPolicy):/,
    (r) =>
      statementsOf(r.inputs.policy)
        .map((s) => `${str(s.Effect)} ${asList(s.Action).join(", ")} on ${asList(s.Resource).join(", ")}`)
        .join("; ") || "policy unknown at plan time",
  ],
  [
    /^aws:ecs\/cluster:/,
    (r) =>
      `container insights ${
        asList(r.inputs.settings)
          .filter(isRecord)
          .filter((s) => s.name === "containerInsights")
          .map((s) => str(s.value))
          .join(", ") || "not set"
      }`,
  ],
  [
    /^aws:ecs\/service:/,
    (r) =>
      `public IP ${at(r.inputs, "networkConfiguration", "assignPublicIp") === true ? "assigned" : "not assigned"}, circuit breaker ${at(r.inputs, "deploymentCircuitBreaker", "enable") === true ? `on${at(r.inputs, "deploymentCircuitBreaker", "rollback") === true ? " with rollback" : ""}` : "off"}`,
  ],
  [
    /^aws:ecs\/taskDefinition:/,
    (r) => {
      const containers = asList(parseJson(r.inputs.containerDefinitions)).filter(isRecord);
      return (
        containers
          .map(
            (c) =>
              `${str(c.name)}: root fs ${c.readonlyRootFilesystem === true ? "read-only" : "writable"}, logs ${str(at(c, "logConfiguration", "logDriver")) ?? "none"}, ${asList(c.secrets).length} secret reference(s), ${asList(c.environment).length} plain variable(s)${c.privileged === true ? ", privileged" : ""}`,
          )
          .join("; ") || "container definitions unknown at plan time"
      );
    },
  ],
  [
    /^aws:(lb|alb)\/listener:/,
    (r) =>
      `${str(r.inputs.protocol) ?? "HTTP"} ${str(r.inputs.port) ?? ""}${r.inputs.sslPolicy ? ` (${str(r.inputs.sslPolicy)})` : ""}, default action ${asList(
        r.inputs.defaultActions,
      )
        .filter(isRecord)
        .map((a) => `${str(a.type)}${a.type === "redirect" ? ` to ${str(at(a, "redirect", "protocol"))}` : ""}`)
        .join(", ")}`,
  ],
  [
    /^aws:(lb|alb)\/loadBalancer:/,
    (r) =>
      `drop invalid headers ${r.inputs.dropInvalidHeaderFields === true ? "on" : "off"}, access logs ${at(r.inputs, "accessLogs", "enabled") === true ? `to ${str(at(r.inputs, "accessLogs", "bucket"))}` : "off"}, deletion protection ${r.inputs.enableDeletionProtection === true ? "on" : "off"}`,
  ],
  [
    /^aws:wafv2\/webAclAssociation:/,
    (r) => `web ACL ${str(r.inputs.webAclArn) ?? "?"} on ${str(r.inputs.resourceArn) ?? "?"}`,
  ],
  [
    /^aws:cloudwatch\/logGroup:/,
    (r) =>
      `retention ${str(r.inputs.retentionInDays) ?? "never expires"} days, ${r.inputs.kmsKeyId ? `KMS key ${str(r.inputs.kmsKeyId)}` : "no KMS key"}`,
  ],
  [
    /^aws:ec2\/flowLog:/,
    (r) => `flow log (${str(r.inputs.trafficType) ?? "?"}) for ${str(r.inputs.vpcId) ?? str(r.inputs.subnetId) ?? "?"}`,
  ],
  [
    /^aws:ec2\/vpcEndpoint:/,
    (r) =>
      `${str(r.inputs.vpcEndpointType) ?? "Gateway"} endpoint for ${str(r.inputs.serviceName) ?? "?"}${r.inputs.policy ? ", with a policy" : ", no policy"}`,
  ],
];

/** One line describing what the resource's planned configuration shows. */
export function evidenceFor(r: ReportResource): string | undefined {
  const extractor = EVIDENCE.find(([re]) => re.test(r.type));
  if (!extractor) return undefined;
  try {
    return extractor[1](r);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------- data erasure

interface BucketFacts {
  readonly resource: ReportResource;
  versioned: boolean;
  currentExpirationDays?: number;
  noncurrentExpirationDays?: number;
  dataPrefixRule: boolean;
}

function linkedBucket(r: ReportResource, buckets: ReportResource[], key = "bucket"): ReportResource | undefined {
  const deps = r.propertyDependencies[key] ?? [];
  const byDep = buckets.find((b) => deps.includes(b.urn));
  if (byDep) return byDep;
  const value = str(r.inputs[key]);
  if (!value) return undefined;
  return buckets.find((b) => [b.id, str(b.outputs.bucket), str(b.outputs.id), str(b.outputs.arn)].includes(value));
}

function prefixOf(rule: Record<string, unknown>): string {
  return str(at(rule, "filter", "prefix")) ?? str(at(rule, "filter", "and", "prefix")) ?? str(rule.prefix) ?? "";
}

function minDefined(values: (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length ? Math.min(...defined) : undefined;
}

/** How long a resume the app deletes can survive across versions, the replica and lifecycle processing. */
export function dataErasure(
  resources: ReportResource[],
  stackOutputs: Record<string, unknown>,
  dataPrefix = "resumes/",
): DataErasure | undefined {
  const buckets = resources.filter((r) => BUCKET_TYPES.includes(r.type));
  if (buckets.length === 0) return undefined;
  const facts = new Map<string, BucketFacts>(
    buckets.map((b) => [b.urn, { resource: b, versioned: false, dataPrefixRule: false }]),
  );
  for (const b of buckets) {
    const f = facts.get(b.urn)!;
    if (at(b.inputs, "versioning", "enabled") === true) f.versioned = true;
  }
  for (const r of resources) {
    if (VERSIONING_TYPES.includes(r.type)) {
      const b = linkedBucket(r, buckets);
      if (b && str(at(r.inputs, "versioningConfiguration", "status")) === "Enabled") facts.get(b.urn)!.versioned = true;
    }
    if (LIFECYCLE_TYPES.includes(r.type)) {
      const b = linkedBucket(r, buckets);
      if (!b) continue;
      const f = facts.get(b.urn)!;
      const rules = asList(r.inputs.rules)
        .filter(isRecord)
        .filter((rule) => (str(rule.status) ?? "Enabled") === "Enabled");
      const applies = (rule: Record<string, unknown>) => {
        const p = prefixOf(rule);
        return p === "" || dataPrefix.startsWith(p) || p.startsWith(dataPrefix);
      };
      if (rules.some((rule) => prefixOf(rule) === dataPrefix)) f.dataPrefixRule = true;
      f.currentExpirationDays = minDefined(rules.filter(applies).map((rule) => num(at(rule, "expiration", "days"))));
      f.noncurrentExpirationDays = minDefined(
        rules
          .filter(applies)
          .map(
            (rule) =>
              num(at(rule, "noncurrentVersionExpiration", "noncurrentDays")) ??
              num(at(rule, "noncurrentVersionExpiration", "days")),
          ),
      );
    }
  }
  const replications = resources.filter((r) => REPLICATION_TYPES.includes(r.type));
  const sources = new Set<string>();
  for (const rep of replications) {
    const b = linkedBucket(rep, buckets);
    if (b) sources.add(b.urn);
  }
  // Replication destinations are copies of a source, not sources themselves (they carry the same lifecycle).
  const destinations = new Set<string>();
  for (const rep of replications) {
    for (const rule of asList(rep.inputs.rules).filter(isRecord)) {
      const arn = str(at(rule, "destination", "bucket"));
      const dest = buckets.find((b) => arn !== undefined && str(b.outputs.arn) === arn);
      if (dest) destinations.add(dest.urn);
    }
  }
  for (const f of facts.values())
    if (f.dataPrefixRule && !destinations.has(f.resource.urn)) sources.add(f.resource.urn);
  if (sources.size === 0) {
    const exported = str(stackOutputs.bucketName);
    const b = buckets.find((x) => str(x.outputs.bucket) === exported);
    if (b) sources.add(b.urn);
  }
  if (sources.size === 0) return undefined;

  const deletedWindow = (f: BucketFacts): { days?: number; text: string } => {
    if (!f.versioned) return { days: 0, text: "unversioned: a delete removes the object at once" };
    if (f.noncurrentExpirationDays === undefined) {
      return {
        text: "versioned with no noncurrent-version expiration: a deleted resume stays as a noncurrent version forever",
      };
    }
    return {
      days: f.noncurrentExpirationDays + 1,
      text: `versioned: a delete leaves a noncurrent version, erased after ${f.noncurrentExpirationDays} days (+1 day for lifecycle processing)`,
    };
  };

  const copies: ErasureCopy[] = [];
  for (const urn of sources) {
    const f = facts.get(urn)!;
    const w = deletedWindow(f);
    copies.push({
      bucket: bucketLabel(f.resource),
      urn,
      role: "source",
      versioned: f.versioned,
      currentExpirationDays: f.currentExpirationDays,
      noncurrentExpirationDays: f.noncurrentExpirationDays,
      windowDays: w.days,
      explanation: w.text,
    });
    for (const rep of replications.filter((r) => linkedBucket(r, buckets)?.urn === urn)) {
      for (const rule of asList(rep.inputs.rules).filter(isRecord)) {
        if ((str(rule.status) ?? "Enabled") !== "Enabled") continue;
        const destArn = str(at(rule, "destination", "bucket"));
        const destDeps = rep.propertyDependencies.rules ?? [];
        const dest =
          buckets.find((b) => str(b.outputs.arn) === destArn) ??
          buckets.find((b) => b.urn !== urn && destDeps.includes(b.urn));
        if (!dest || copies.some((c) => c.urn === dest.urn)) continue;
        const df = facts.get(dest.urn)!;
        const deletes = str(at(rule, "deleteMarkerReplication", "status")) === "Enabled";
        let days: number | undefined;
        let text: string;
        if (deletes) {
          const dw = deletedWindow(df);
          days = dw.days;
          text = `delete markers replicate; ${dw.text}`;
        } else if (df.currentExpirationDays === undefined) {
          text = "deletes do not replicate and the replica never expires current objects: the copy stays forever";
        } else if (df.versioned && df.noncurrentExpirationDays === undefined) {
          text = "deletes do not replicate; the replica's copy expires but its noncurrent version stays forever";
        } else {
          days = df.currentExpirationDays + (df.versioned ? (df.noncurrentExpirationDays ?? 0) : 0) + 1;
          text = `deletes do not replicate: the replica's copy lives until it expires (${df.currentExpirationDays} days${df.versioned ? ` + ${df.noncurrentExpirationDays} noncurrent days` : ""} + 1 day for lifecycle processing)`;
        }
        copies.push({
          bucket: bucketLabel(dest),
          urn: dest.urn,
          role: "replica",
          versioned: df.versioned,
          currentExpirationDays: df.currentExpirationDays,
          noncurrentExpirationDays: df.noncurrentExpirationDays,
          deletesReplicated: deletes,
          windowDays: days,
          explanation: text,
        });
      }
    }
  }
  const forever = copies.some((c) => c.windowDays === undefined);
  const windowDays = forever ? undefined : Math.max(...copies.map((c) => c.windowDays ?? 0));
  const declared = num(stackOutputs.dataErasureWindowDays);
  return {
    windowDays,
    copies,
    declaredWindowDays: declared,
    consistent: declared === undefined ? undefined : declared === windowDays,
  };
}
