/**
 * One index over a stack's resources for every S3 stack guardrail: buckets by URN and by name, each bucket's
 * settings resources (public access block, versioning, encryption, logging, lifecycle, replication, policy...),
 * the set of log buckets and the set of replication destinations. Built once per policy call in O(n); every
 * lookup afterwards is a map access, so a stack policy stays linear in the number of resources.
 *
 * How a settings resource is related to its bucket (the same for every kind):
 *  1. `propertyDependencies.bucket`: the bucket resource the `bucket` input was computed from. Known during
 *     preview, even for auto-named buckets whose name is still unknown.
 *  2. Otherwise the value: the child's `bucket` (a name, or an ARN) equals a bucket's `bucket`, `id` or `arn`.
 *  3. Otherwise, when that value is unknown, the child is "unresolved": asking for that kind of child on a bucket
 *     that has none rethrows the UnknownValueError (the policy cannot decide during preview), instead of
 *     reporting a missing setting that may well be there.
 *
 * A bucket is a LOG bucket when (a) it is the target of server access logging (BucketLogging / BucketLoggingV2
 * `targetBucket`, inline `logging`/`loggings` of another bucket), of load-balancer access or connection logs
 * (`aws:lb`/`aws:alb`/`aws:elb` LoadBalancer `accessLogs`/`connectionLogs`), of VPC flow logs with an S3
 * destination, or of a CloudTrail trail; or (b) its bucket policy has an Allow statement for a log-delivery
 * principal (`logging.s3.amazonaws.com`, `delivery.logs.amazonaws.com`,
 * `logdelivery.elasticloadbalancing.amazonaws.com`, or a regional ELB log-delivery account). A bucket that
 * logs to itself is not counted as a log target (that is reported by s3-access-logging instead).
 *
 * A bucket is a REPLICA when it is the destination of a replication rule (BucketReplicationConfig `rules[].
 * destination.bucket`, or an inline `replicationConfiguration(s)` of another bucket).
 */
import type { PolicyResource } from "@pulumi/policy";
import type { UnknownValueError } from "@pulumi/policy";
import { parsePolicyDocument, type NormalizedStatement } from "../lib/iam-document";
import { BUCKET_TYPES, S3 } from "../lib/resource-types";
import { asArray, isRecord } from "../lib/values";
import { bucketNameFromRef, ELB_LOG_DELIVERY_ACCOUNTS, LOG_DELIVERY_SERVICES, LOG_WRITERS, peek } from "./shared";

export type ChildKind =
  | "publicAccessBlock"
  | "ownership"
  | "encryption"
  | "versioning"
  | "logging"
  | "lifecycle"
  | "replication"
  | "policy"
  | "acl";

const CHILD_KINDS: Readonly<Record<string, ChildKind>> = {
  [S3.publicAccessBlock]: "publicAccessBlock",
  [S3.ownershipControls]: "ownership",
  [S3.encryption]: "encryption",
  [S3.encryptionV2]: "encryption",
  [S3.versioning]: "versioning",
  [S3.versioningV2]: "versioning",
  [S3.logging]: "logging",
  [S3.loggingV2]: "logging",
  [S3.lifecycle]: "lifecycle",
  [S3.lifecycleV2]: "lifecycle",
  [S3.replication]: "replication",
  [S3.policy]: "policy",
  [S3.acl]: "acl",
  [S3.aclV2]: "acl",
};

/** Human name of each settings resource kind, for messages. */
export const CHILD_KIND_LABEL: Readonly<Record<ChildKind, string>> = {
  publicAccessBlock: "BucketPublicAccessBlock",
  ownership: "BucketOwnershipControls",
  encryption: "BucketServerSideEncryptionConfiguration",
  versioning: "BucketVersioning",
  logging: "BucketLogging",
  lifecycle: "BucketLifecycleConfiguration",
  replication: "BucketReplicationConfig",
  policy: "BucketPolicy",
  acl: "BucketAcl",
};

export interface BucketNode {
  readonly resource: PolicyResource;
  /** `bucket "<logical name>"`, for messages. */
  readonly label: string;
  readonly children: Map<ChildKind, PolicyResource[]>;
}

/** One bucket policy document: where it comes from and its statements (`undefined` when unreadable). */
export interface BucketPolicyDocument {
  readonly source: PolicyResource;
  /** `BucketPolicy "x"` or `inline policy of bucket "y"`. */
  readonly label: string;
  readonly statements: NormalizedStatement[] | undefined;
}

interface Resolution {
  readonly nodes: BucketNode[];
  readonly unknown?: UnknownValueError;
}

function lower(value: string): string {
  return value.toLowerCase();
}

/** True when the statement allows a log-delivery service or a regional ELB log-delivery account. */
export function grantsLogDelivery(statements: readonly NormalizedStatement[] | undefined): boolean {
  if (!statements) return false;
  const services = new Set(LOG_DELIVERY_SERVICES.map(lower));
  return statements.some((s) => {
    if (s.effect !== "Allow" || !s.principals) return false;
    for (const [type, ids] of Object.entries(s.principals)) {
      if (type === "Service" && ids.some((id) => services.has(lower(id)))) return true;
      if (type === "AWS" && ids.some((id) => ELB_LOG_DELIVERY_ACCOUNTS.has(accountOf(id) ?? ""))) return true;
    }
    return false;
  });
}

/** The account in `123456789012` or `arn:<partition>:iam::123456789012:root`; `undefined` otherwise. */
function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const m = /^arn:[^:]+:iam::(\d{12}):root$/.exec(principal);
  return m ? m[1] : undefined;
}

const graphs = new WeakMap<readonly PolicyResource[], BucketGraph>();

export class BucketGraph {
  readonly buckets: BucketNode[] = [];
  private readonly byUrn = new Map<string, BucketNode>();
  private readonly byName = new Map<string, BucketNode>();
  private readonly unresolvedChildren = new Map<ChildKind, UnknownValueError>();
  private readonly logTargets = new Set<BucketNode>();
  private readonly selfLoggers = new Set<BucketNode>();
  private unresolvedLogTarget: UnknownValueError | undefined;
  private readonly replicaSet = new Set<BucketNode>();
  private unresolvedReplica: UnknownValueError | undefined;
  private readonly logBucketMemo = new Map<BucketNode, boolean>();

  /** The graph for this resource list (built once per list). */
  static of(resources: readonly PolicyResource[]): BucketGraph {
    let graph = graphs.get(resources);
    if (!graph) {
      graph = new BucketGraph(resources);
      graphs.set(resources, graph);
    }
    return graph;
  }

  constructor(resources: readonly PolicyResource[]) {
    const list = Array.isArray(resources) ? resources : [];
    for (const r of list) if (r && BUCKET_TYPES.includes(r.type)) this.addBucket(r);
    for (const r of list) {
      if (!r) continue;
      const kind = CHILD_KINDS[r.type];
      if (kind) this.addChild(r, kind);
    }
    for (const node of this.buckets) {
      this.addInlineLogging(node);
      this.addInlineReplication(node);
    }
    for (const r of list) {
      if (!r) continue;
      switch (r.type) {
        case LOG_WRITERS.lbLoadBalancer:
        case LOG_WRITERS.albLoadBalancer:
        case LOG_WRITERS.classicElb:
          this.addLoadBalancerLogs(r);
          break;
        case LOG_WRITERS.flowLog:
          this.addFlowLog(r);
          break;
        case LOG_WRITERS.trail:
          this.addLogTargets(this.resolve(r, "s3BucketName", () => r.props.s3BucketName));
          break;
        default:
          break;
      }
    }
  }

  /** The bucket node for a bucket URN. */
  node(urn: string): BucketNode | undefined {
    return this.byUrn.get(urn);
  }

  /**
   * The settings resources of one kind related to this bucket. Throws the UnknownValueError of an unresolved
   * child of that kind when the bucket has none (it may be this bucket's).
   */
  childrenOf(node: BucketNode, kind: ChildKind): PolicyResource[] {
    const found = node.children.get(kind) ?? [];
    if (found.length === 0) {
      const unknown = this.unresolvedChildren.get(kind);
      if (unknown) throw unknown;
    }
    return found;
  }

  /** True when some other bucket's or service's logs are delivered into this bucket (known targets only). */
  isLogTarget(node: BucketNode): boolean {
    return this.logTargets.has(node);
  }

  /** True when the bucket's server access logs are configured to be delivered into the bucket itself. */
  logsToItself(node: BucketNode): boolean {
    return this.selfLoggers.has(node);
  }

  /** Log target, or a bucket policy granting a log-delivery principal. May throw an UnknownValueError. */
  isLogBucket(node: BucketNode): boolean {
    const memo = this.logBucketMemo.get(node);
    if (memo !== undefined) return memo;
    let result = this.logTargets.has(node);
    if (!result) result = this.policyDocuments(node).some((d) => grantsLogDelivery(d.statements));
    if (!result && this.unresolvedLogTarget) throw this.unresolvedLogTarget;
    this.logBucketMemo.set(node, result);
    return result;
  }

  /** True when the bucket is a known replication destination (never throws; see isReplicationDestination). */
  isKnownReplicationDestination(node: BucketNode): boolean {
    return this.replicaSet.has(node);
  }

  /** True when the bucket is the destination of a replication rule. May throw an UnknownValueError. */
  isReplicationDestination(node: BucketNode): boolean {
    if (this.replicaSet.has(node)) return true;
    if (this.unresolvedReplica) throw this.unresolvedReplica;
    return false;
  }

  /**
   * The bucket's policy documents: every related BucketPolicy, or else the bucket's inline `policy`. Reading an
   * unknown document throws (the caller cannot decide during preview).
   */
  policyDocuments(node: BucketNode): BucketPolicyDocument[] {
    const split = this.childrenOf(node, "policy");
    if (split.length > 0) {
      return split.map((p) => ({
        source: p,
        label: `BucketPolicy "${p.name}"`,
        statements: parsePolicyDocument(p.props.policy),
      }));
    }
    const inline: unknown = node.resource.props.policy;
    if (inline === undefined || inline === null || inline === "") return [];
    return [
      { source: node.resource, label: `inline policy of ${node.label}`, statements: parsePolicyDocument(inline) },
    ];
  }

  private addBucket(r: PolicyResource): void {
    if (this.byUrn.has(r.urn)) return;
    const node: BucketNode = { resource: r, label: `bucket "${r.name}"`, children: new Map() };
    this.buckets.push(node);
    this.byUrn.set(r.urn, node);
    for (const key of ["bucket", "id", "arn"]) {
      const value = peek(() => r.props[key]);
      const name = value.known ? bucketNameFromRef(value.value) : undefined;
      if (name && !this.byName.has(name)) this.byName.set(name, node);
    }
  }

  /**
   * The buckets a property refers to: first through `propertyDependencies[prop]`, then by value. `read` returns
   * the value (a string, or a list of strings); it runs under `peek`, so an unknown value is returned, not thrown.
   */
  private resolve(r: PolicyResource, prop: string, read: () => unknown, exclude?: BucketNode): Resolution {
    const deps = isRecord(r.propertyDependencies) ? r.propertyDependencies[prop] : undefined;
    const fromDeps: BucketNode[] = [];
    if (Array.isArray(deps)) {
      for (const d of deps) {
        const n = d && typeof d.urn === "string" ? this.byUrn.get(d.urn) : undefined;
        if (n && n !== exclude && !fromDeps.includes(n)) fromDeps.push(n);
      }
    }
    if (fromDeps.length > 0) return { nodes: fromDeps };
    return this.resolveValue(read, exclude);
  }

  /** The buckets a value names (a name or ARN, or a list of them); an unknown value is returned, not thrown. */
  private resolveValue(read: () => unknown, exclude?: BucketNode): Resolution {
    const value = peek(read);
    if (!value.known) return { nodes: [], unknown: value.error };
    const nodes: BucketNode[] = [];
    for (const v of asArray(value.value)) {
      const name = bucketNameFromRef(v);
      const n = name ? this.byName.get(name) : undefined;
      if (n && n !== exclude && !nodes.includes(n)) nodes.push(n);
    }
    return { nodes };
  }

  private addChild(r: PolicyResource, kind: ChildKind): void {
    const owner = this.resolve(r, "bucket", () => r.props.bucket);
    const node = owner.nodes[0];
    if (node) {
      const list = node.children.get(kind);
      if (list) list.push(r);
      else node.children.set(kind, [r]);
    } else if (owner.unknown && !this.unresolvedChildren.has(kind)) {
      this.unresolvedChildren.set(kind, owner.unknown);
    }
    if (kind === "logging") {
      const targets = this.resolve(r, "targetBucket", () => r.props.targetBucket);
      this.addLogTargets(targets, node);
    } else if (kind === "replication") {
      this.addReplicas(this.resolve(r, "rules", () => destinationsOf(r.props.rules, "destination"), node));
    }
  }

  private addLogTargets(targets: Resolution, source?: BucketNode): void {
    for (const t of targets.nodes) {
      if (source && t === source) this.selfLoggers.add(t);
      else this.logTargets.add(t);
    }
    if (targets.unknown) this.unresolvedLogTarget ??= targets.unknown;
  }

  private addReplicas(destinations: Resolution): void {
    for (const d of destinations.nodes) this.replicaSet.add(d);
    if (destinations.unknown) this.unresolvedReplica ??= destinations.unknown;
  }

  /**
   * Inline `logging` (Bucket) / `loggings` (BucketV2). On a v7 Bucket these are computed outputs: when the program
   * did not set them they are entirely unknown during preview. A target set from another bucket of the stack
   * shows up in `propertyDependencies` even then, and a literal target is known, so an entirely unknown block
   * carries no target and is skipped; a known block with an unknown target is unresolved.
   */
  private addInlineLogging(node: BucketNode): void {
    const r = node.resource;
    for (const prop of ["logging", "loggings"]) {
      const deps = this.resolve(r, prop, () => undefined);
      if (deps.nodes.length > 0) {
        this.addLogTargets(deps, node);
        continue;
      }
      const block = peek(() => r.props[prop]);
      if (!block.known) continue;
      for (const b of asArray(block.value)) {
        if (isRecord(b))
          this.addLogTargets(
            this.resolveValue(() => b.targetBucket),
            node,
          );
      }
    }
  }

  /** Inline `replicationConfiguration` (Bucket) / `replicationConfigurations` (BucketV2); unknown blocks as above. */
  private addInlineReplication(node: BucketNode): void {
    const r = node.resource;
    for (const prop of ["replicationConfiguration", "replicationConfigurations"]) {
      const deps = this.resolve(r, prop, () => undefined, node);
      if (deps.nodes.length > 0) {
        this.addReplicas(deps);
        continue;
      }
      const block = peek(() => r.props[prop]);
      if (!block.known) continue;
      for (const b of asArray(block.value)) {
        if (!isRecord(b)) continue;
        this.addReplicas(
          this.resolveValue(
            () => [...destinationsOf(b.rules, "destination"), ...destinationsOf(b.rules, "destinations")],
            node,
          ),
        );
      }
    }
  }

  private addLoadBalancerLogs(r: PolicyResource): void {
    for (const prop of ["accessLogs", "connectionLogs"]) {
      const block = peek(() => r.props[prop]);
      // Logs explicitly disabled: the bucket is not receiving them.
      if (block.known && isRecord(block.value)) {
        const blockValue = block.value;
        const enabled = peek(() => blockValue.enabled);
        if (enabled.known && (enabled.value === false || enabled.value === "false")) continue;
      }
      const deps = this.resolve(r, prop, () => undefined);
      if (deps.nodes.length > 0) {
        this.addLogTargets(deps);
        continue;
      }
      // An entirely unknown block is a computed output the program did not set (see addInlineLogging).
      if (!block.known || !isRecord(block.value)) continue;
      const b = block.value;
      this.addLogTargets(this.resolveValue(() => b.bucket));
    }
  }

  private addFlowLog(r: PolicyResource): void {
    const type = peek(() => r.props.logDestinationType);
    if (type.known && type.value !== "s3") return;
    this.addLogTargets(this.resolve(r, "logDestination", () => r.props.logDestination));
  }
}

/** Every `rules[].<destinationProp>.bucket` value (destination as an object or a one-element list). */
function destinationsOf(rules: unknown, destinationProp: string): unknown[] {
  const out: unknown[] = [];
  for (const rule of asArray(rules)) {
    if (!isRecord(rule)) continue;
    for (const d of asArray(rule[destinationProp])) {
      if (isRecord(d)) out.push(d.bucket);
    }
  }
  return out;
}
