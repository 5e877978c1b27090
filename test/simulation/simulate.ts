/**
 * Runs access-matrix rows through @cloud-copilot/iam-simulate (AGPL: tests only) against a synthesized stack's
 * policies. Shared by access-matrix.test.ts and the report (render-access-matrix.ts).
 *
 * For each row: the principal's identity policies (a stack role's inline/attached policies, or a synthetic
 * principal's assumed policy), the resource policy of the resource (the bucket's policy for S3 buckets and
 * objects, the key policy for KMS keys, the trust policy for roles), the stack's S3 gateway endpoint policy for S3
 * requests of principals inside the VPC, and S3 Block Public Access from the bucket's public access block. Same-
 * versus cross-account semantics come from the principal's and the resource's accounts.
 */
import {
  anonymousPrincipal,
  getDenialReasons,
  getGrantReasons,
  runSimulation,
  type Simulation,
} from "@cloud-copilot/iam-simulate";
import {
  ACCESS_MATRIX,
  PRINCIPALS,
  RESOURCES_OUTSIDE_THE_STACK,
  type AccessCase,
  type Decision,
  type PrincipalId,
  type PrincipalSpec,
} from "./access-matrix";
import { statementsOf, type PolicyDocument, type RoleInfo, type StackPolicies } from "./stack-policies";

/** Where a statement lives: `identity:<RolePolicy name>`, `bucket:<bucket>`, `key:<key>`, `trust:<role>`, `endpoint:<vpce>`. */
export type PolicyLabel = string;

export interface StatementRef {
  readonly policy: PolicyLabel;
  /** The statement's Sid, or `#<1-based index>` when it has none. */
  readonly sid: string;
}

export interface ResolvedRequest {
  /** The principal as shown to reviewers: a role ARN, `anonymous`, or a service principal. */
  readonly principalDisplay: string;
  readonly action: string;
  readonly resource: string;
  /** Context the row asked for (resolved), without what the runner adds. */
  readonly caseContext: Readonly<Record<string, string>>;
  /** Everything sent to the simulator (before the encryption-context key shim). */
  readonly fullContext: Readonly<Record<string, string>>;
  readonly resourceAccount: string;
  readonly identityPolicies: readonly PolicyLabel[];
  readonly resourcePolicy?: PolicyLabel;
  readonly endpointPolicies: readonly PolicyLabel[];
  readonly blockPublicAccess: boolean;
}

export interface CaseOutcome {
  readonly index: number;
  readonly case: AccessCase;
  readonly request?: ResolvedRequest;
  /** Why the row could not be simulated (an unresolved principal or resource, a simulator validation error). */
  readonly error?: string;
  readonly decision?: Decision;
  /** Statements that granted the request (only when Allowed), in stack terms. */
  readonly grants: readonly StatementRef[];
  /** Explicit Deny statements that matched. */
  readonly explicitDenials: readonly StatementRef[];
  /** Policy types with no Allow for the request (the simulator's implicit denial reasons: identity, resource, vpce...). */
  readonly implicitDenials: readonly string[];
  /** Policies that block a request the core policies would allow (the simulator's `blockedBy`). */
  readonly blockedBy: readonly string[];
  /** Context keys the simulator dropped as not applicable to the action (should be none). */
  readonly ignoredContextKeys: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------
// The encryption-context shim.
//
// iam-simulate 0.1.173 matches variable condition keys only when the variable part follows a "/" (like
// aws:RequestTag/${TagKey}); `kms:EncryptionContext:${EncryptionContextKey}` has a ":" there, so a request's
// `kms:EncryptionContext:aws:s3:arn` is dropped as "not applicable" and every condition on it fails. Until it is
// fixed (access-matrix.test.ts has a canary), the runner renames that key, in the request and in every policy of
// the simulation alike, to a String-typed global key the simulator does accept. The operators and values are kept,
// so the evaluation is the same.
export const ENCRYPTION_CONTEXT_PREFIX = "kms:EncryptionContext:";
const SHIM_PREFIX = "aws:RequestTag/kms-encryption-context:";

function shimKey(key: string): string {
  return key.toLowerCase().startsWith(ENCRYPTION_CONTEXT_PREFIX.toLowerCase())
    ? SHIM_PREFIX + key.slice(ENCRYPTION_CONTEXT_PREFIX.length)
    : key;
}

function unshimKey(key: string): string {
  return key.startsWith(SHIM_PREFIX) ? ENCRYPTION_CONTEXT_PREFIX + key.slice(SHIM_PREFIX.length) : key;
}

export function shimPolicy(doc: PolicyDocument): PolicyDocument {
  return {
    ...doc,
    Statement: statementsOf(doc).map((s) => {
      const condition = s.Condition as Record<string, Record<string, unknown>> | undefined;
      if (!condition) return s;
      const renamed: Record<string, Record<string, unknown>> = {};
      for (const [op, entries] of Object.entries(condition)) {
        renamed[op] = Object.fromEntries(Object.entries(entries).map(([k, v]) => [shimKey(k), v]));
      }
      return { ...s, Condition: renamed };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Resolution of placeholders, principals and resources.

export function resolvePlaceholders(text: string, stack: StackPolicies): string {
  return text.replace(/\{\{([a-zA-Z]+)(?::([^}]+))?\}\}/g, (whole, kind: string, arg: string | undefined) => {
    if (kind === "account" && !arg) return stack.accountId;
    if (kind === "region" && !arg) return stack.region;
    if (!arg) throw new Error(`unknown placeholder ${whole}`);
    const arn = stack.arnsByLogicalName.get(arg);
    if (kind === "arn") {
      if (!arn) throw new Error(`resource ${arg} not found in the stack (placeholder ${whole})`);
      return arn;
    }
    const bucket = [...stack.buckets.values()].find((b) => b.logicalName === arg);
    const key = [...stack.keys.values()].find((k) => k.logicalName === arg);
    if (kind === "name") {
      if (!bucket) throw new Error(`bucket ${arg} not found in the stack (placeholder ${whole})`);
      return bucket.name;
    }
    if (kind === "region") {
      const region = bucket?.region ?? key?.region;
      if (!region) throw new Error(`bucket or key ${arg} not found in the stack (placeholder ${whole})`);
      return region;
    }
    throw new Error(`unknown placeholder ${whole}`);
  });
}

/** The stack role a `stack-role` principal names: logical name `<role>-role` (or `<role>`), trusted by the service. */
export function findStackRole(stack: StackPolicies, role: string, service: string): RoleInfo {
  const all = [...stack.roles.values()];
  const matches = all.filter((r) => r.logicalName === `${role}-role` || r.logicalName === role);
  if (matches.length === 0) {
    const present =
      all.map((r) => `${r.logicalName} (${r.trustedServices.join(", ") || "no service"})`).join(", ") || "none";
    throw new Error(
      `role ${role} not found in the stack: expected an aws:iam/role:Role named ${role}-role trusted by ${service}; roles in the stack: ${present}`,
    );
  }
  if (matches.length > 1) throw new Error(`role ${role} is ambiguous: ${matches.map((m) => m.logicalName).join(", ")}`);
  const found = matches[0];
  if (!found.trustedServices.includes(service)) {
    throw new Error(
      `role ${role} (${found.logicalName}) is trusted by ${found.trustedServices.join(", ") || "no service"}, not ${service}`,
    );
  }
  return found;
}

function accountOfArn(arn: string): string {
  return arn.split(":")[4] ?? "";
}

function roleNameOfArn(arn: string): string {
  return arn
    .split(":")
    .slice(5)
    .join(":")
    .replace(/^role\/(.*\/)?/, "");
}

interface ResolvedPrincipal {
  readonly requestPrincipal: Simulation["request"]["principal"];
  readonly display: string;
  readonly account?: string;
  readonly identityPolicies: { name: string; policy: PolicyDocument; label?: PolicyLabel }[];
  readonly context: Record<string, string>;
  readonly viaS3Endpoint: boolean;
}

function resolvePrincipal(stack: StackPolicies, id: PrincipalId): ResolvedPrincipal {
  const spec: PrincipalSpec = PRINCIPALS[id];
  switch (spec.kind) {
    case "stack-role": {
      const role = findStackRole(stack, spec.role, spec.service);
      return {
        requestPrincipal: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${spec.session}`,
        display: role.arn,
        account: role.accountId,
        identityPolicies: role.identityPolicies.map((p) => ({
          name: p.name,
          policy: p.policy,
          label: `identity:${p.name}`,
        })),
        context: sessionContext(role.arn),
        viaS3Endpoint: spec.viaS3Endpoint,
      };
    }
    case "synthetic": {
      const arn = resolvePlaceholders(spec.arn, stack);
      const account = accountOfArn(arn);
      const isRoot = /:root$/.test(arn);
      if (!isRoot && !spec.session) throw new Error(`synthetic principal ${id} names a role but no session`);
      return {
        requestPrincipal: isRoot ? arn : `arn:aws:sts::${account}:assumed-role/${roleNameOfArn(arn)}/${spec.session}`,
        display: arn,
        account,
        identityPolicies: [
          { name: `assumed-identity-policy-of-${id}`, policy: resolvePolicyPlaceholders(spec.identityPolicy, stack) },
        ],
        context: isRoot ? { ...sessionContext(arn), "aws:PrincipalType": "Account" } : sessionContext(arn),
        viaS3Endpoint: spec.viaS3Endpoint,
      };
    }
    case "service": {
      const service = resolvePlaceholders(spec.service, stack);
      return {
        requestPrincipal: service,
        display: service,
        identityPolicies: [],
        context: { "aws:PrincipalServiceName": service, "aws:PrincipalIsAWSService": "true" },
        viaS3Endpoint: false,
      };
    }
    case "anonymous":
      return {
        requestPrincipal: anonymousPrincipal,
        display: "anonymous",
        identityPolicies: [],
        context: {},
        viaS3Endpoint: false,
      };
  }
}

function sessionContext(roleArn: string): Record<string, string> {
  return {
    "aws:PrincipalArn": roleArn,
    "aws:PrincipalAccount": accountOfArn(roleArn),
    "aws:PrincipalType": "AssumedRole",
    "aws:PrincipalIsAWSService": "false",
  };
}

interface ResolvedResource {
  readonly account: string;
  readonly policy?: { doc: PolicyDocument; label: PolicyLabel };
  readonly blockPublicAccess: boolean;
  readonly s3: boolean;
}

/** A resource the stack refers to but does not create (access-matrix.ts RESOURCES_OUTSIDE_THE_STACK). */
function outsideResource(stack: StackPolicies, arn: string) {
  const found = RESOURCES_OUTSIDE_THE_STACK.find((r) => resolvePlaceholders(r.arn, stack) === arn);
  return (
    found && {
      account: resolvePlaceholders(found.account, stack),
      policy: found.policy && resolvePolicyPlaceholders(found.policy, stack),
    }
  );
}

function resolveResource(stack: StackPolicies, arn: string, principalAccount: string | undefined): ResolvedResource {
  if (arn === "*") return { account: principalAccount ?? stack.accountId, blockPublicAccess: false, s3: false };
  const s3 = arn.match(/^arn:[^:]+:s3:::([^/]+)(\/.*)?$/);
  if (s3) {
    const bucket = [...stack.buckets.values()].find((b) => b.name === s3[1]);
    if (!bucket) {
      const outside = outsideResource(stack, `arn:aws:s3:::${s3[1]}`);
      if (!outside) throw new Error(`bucket ${s3[1]} is neither in the stack nor in RESOURCES_OUTSIDE_THE_STACK`);
      return { account: outside.account, blockPublicAccess: false, s3: true };
    }
    if (!bucket.publicAccessBlock)
      throw new Error(`bucket ${bucket.logicalName} has no public access block in the stack`);
    return {
      account: bucket.accountId,
      policy: bucket.policy ? { doc: bucket.policy, label: `bucket:${bucket.logicalName}` } : undefined,
      blockPublicAccess: bucket.publicAccessBlock.restrictPublicBuckets,
      s3: true,
    };
  }
  if (/^arn:[^:]+:kms:[^:]*:[^:]*:key\//.test(arn)) {
    const key = stack.keys.get(arn);
    if (key)
      return {
        account: key.accountId,
        policy: { doc: key.policy, label: `key:${key.logicalName}` },
        blockPublicAccess: false,
        s3: false,
      };
    const outside = outsideResource(stack, arn);
    if (!outside?.policy)
      throw new Error(`KMS key ${arn} is neither in the stack nor in RESOURCES_OUTSIDE_THE_STACK with a key policy`);
    return {
      account: outside.account,
      policy: { doc: outside.policy, label: `outside:${arn}` },
      blockPublicAccess: false,
      s3: false,
    };
  }
  if (/^arn:[^:]+:iam::[^:]*:role\//.test(arn)) {
    const role = stack.roles.get(arn);
    if (!role) throw new Error(`role ${arn} is not a role of the stack`);
    return {
      account: role.accountId,
      policy: { doc: role.trustPolicy, label: `trust:${role.logicalName}` },
      blockPublicAccess: false,
      s3: false,
    };
  }
  // Log streams, ECR repositories, secrets, parameters: no resource policy in the stack.
  return { account: accountOfArn(arn), blockPublicAccess: false, s3: false };
}

/** A policy with its `{{...}}` placeholders resolved (synthetic principals' and outside resources' policies). */
function resolvePolicyPlaceholders(doc: PolicyDocument, stack: StackPolicies): PolicyDocument {
  return JSON.parse(resolvePlaceholders(JSON.stringify(doc), stack)) as PolicyDocument;
}

// ---------------------------------------------------------------------------------------------------------------

function sidOf(statementId: string | undefined, index: number): string {
  return statementId ?? `#${index}`;
}

/** Builds the simulation for one row; throws when the row cannot be resolved against the stack. */
export function buildSimulation(
  stack: StackPolicies,
  c: AccessCase,
): { simulation: Simulation; request: ResolvedRequest } {
  const principal = resolvePrincipal(stack, c.principal);
  const resourceArn = resolvePlaceholders(c.resource, stack);
  const resource = resolveResource(stack, resourceArn, principal.account);
  const caseContext = Object.fromEntries(
    Object.entries(c.context ?? {}).map(([k, v]) => [k, resolvePlaceholders(v, stack)]),
  );
  const fullContext: Record<string, string> = { "aws:SecureTransport": "true", ...principal.context };
  if (c.action.startsWith("kms:") && principal.account) fullContext["kms:CallerAccount"] = principal.account;

  const endpoints = principal.viaS3Endpoint && c.action.startsWith("s3:") ? [...stack.s3Endpoints.values()] : [];
  if (principal.viaS3Endpoint && c.action.startsWith("s3:") && endpoints.length === 0) {
    throw new Error(
      `principal ${c.principal} reaches S3 through the VPC's S3 gateway endpoint, but the stack has no S3 endpoint with a policy`,
    );
  }
  if (endpoints.length > 1) throw new Error(`the stack has ${endpoints.length} S3 endpoints; the matrix expects one`);
  if (endpoints.length === 1) fullContext["aws:SourceVpce"] = endpoints[0].id;
  Object.assign(fullContext, caseContext);

  const simulation: Simulation = {
    request: {
      principal: principal.requestPrincipal,
      action: c.action,
      resource: { resource: resourceArn, accountId: resource.account },
      contextVariables: Object.fromEntries(Object.entries(fullContext).map(([k, v]) => [shimKey(k), v])),
    },
    identityPolicies: principal.identityPolicies.map((p) => ({ name: p.name, policy: shimPolicy(p.policy) })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resource.policy ? { resourcePolicy: shimPolicy(resource.policy.doc) } : {}),
    ...(endpoints.length > 0
      ? { vpcEndpointPolicies: endpoints.map((e) => ({ name: e.logicalName, policy: shimPolicy(e.policy) })) }
      : {}),
    ...(resource.s3 ? { additionalSettings: { s3: { blockPublicAccess: resource.blockPublicAccess } } } : {}),
  };
  const request: ResolvedRequest = {
    principalDisplay: principal.display,
    action: c.action,
    resource: resourceArn,
    caseContext,
    fullContext,
    resourceAccount: resource.account,
    identityPolicies: principal.identityPolicies.map((p) => p.label ?? `assumed:${p.name}`),
    resourcePolicy: resource.policy?.label,
    endpointPolicies: endpoints.map((e) => `endpoint:${e.logicalName}`),
    blockPublicAccess: resource.blockPublicAccess,
  };
  return { simulation, request };
}

/** Simulates one row. Resolution and validation problems come back as `error`, never thrown. */
export async function simulateCase(stack: StackPolicies, c: AccessCase, index: number): Promise<CaseOutcome> {
  const empty = {
    index,
    case: c,
    grants: [],
    explicitDenials: [],
    implicitDenials: [],
    blockedBy: [],
    ignoredContextKeys: [],
  };
  let built: ReturnType<typeof buildSimulation>;
  try {
    built = buildSimulation(stack, c);
  } catch (e) {
    return { ...empty, error: (e as Error).message };
  }
  const { simulation, request } = built;
  const result = await runSimulation(simulation, {});
  if (result.resultType === "error")
    return { ...empty, request, error: `simulator rejected the request: ${JSON.stringify(result.errors)}` };
  if (result.resultType !== "single")
    return { ...empty, request, error: `the resource ${request.resource} is a pattern; rows must name one resource` };
  const analysis = result.result.analysis;
  const identityLabels = new Map(simulation.identityPolicies.map((p, i) => [p.name, request.identityPolicies[i]]));
  const endpointLabel = (name: string) => `endpoint:${name}`;
  const grants: StatementRef[] = getGrantReasons(analysis).map((g) => {
    const sid = sidOf(g.statementId, g.statementIndex);
    switch (g.policyType) {
      case "identity":
        return { policy: identityLabels.get(g.policyIdentifier) ?? `identity:${g.policyIdentifier}`, sid };
      case "resource":
        return { policy: request.resourcePolicy ?? "resource:?", sid };
      case "vpce":
        return { policy: endpointLabel(g.policyIdentifier), sid };
      default:
        return { policy: `${g.policyType}:${"policyIdentifier" in g ? g.policyIdentifier : "?"}`, sid };
    }
  });
  const explicitDenials: StatementRef[] = [];
  const implicitDenials: string[] = [];
  for (const d of getDenialReasons(analysis)) {
    if (d.denialType !== "Explicit") {
      implicitDenials.push(d.policyType);
      continue;
    }
    const policy =
      d.policyType === "resource"
        ? (request.resourcePolicy ?? "resource:?")
        : d.policyType === "identity"
          ? (identityLabels.get(d.policyIdentifier ?? "") ?? `identity:${d.policyIdentifier}`)
          : d.policyType === "vpce"
            ? endpointLabel(d.policyIdentifier ?? "?")
            : d.policyType;
    explicitDenials.push({ policy, sid: sidOf(d.statementId, d.statementIndex) });
  }
  // S3 Block Public Access denies without a statement.
  if (analysis.blockedBy?.includes("s3-bpa"))
    explicitDenials.push({ policy: "s3-block-public-access", sid: "RestrictPublicBuckets" });
  return {
    ...empty,
    request,
    decision: result.overallResult,
    grants,
    explicitDenials,
    implicitDenials,
    blockedBy: analysis.blockedBy ?? [],
    ignoredContextKeys: (result.result.ignoredContextKeys ?? []).map(unshimKey),
  };
}

/** Simulates every row of the matrix, in order. */
export async function simulateMatrix(
  stack: StackPolicies,
  cases: readonly AccessCase[] = ACCESS_MATRIX,
): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = [];
  for (const [i, c] of cases.entries()) outcomes.push(await simulateCase(stack, c, i + 1));
  return outcomes;
}

/** Every Allow statement of the stack's identity, resource (bucket, key, trust) and S3 endpoint policies. */
export function allowStatements(stack: StackPolicies): StatementRef[] {
  const refs: StatementRef[] = [];
  const add = (policy: PolicyLabel, doc: PolicyDocument) =>
    statementsOf(doc).forEach((s, i) => {
      if (s.Effect === "Allow") refs.push({ policy, sid: sidOf(s.Sid, i + 1) });
    });
  for (const role of stack.roles.values()) {
    add(`trust:${role.logicalName}`, role.trustPolicy);
    for (const p of role.identityPolicies) add(`identity:${p.name}`, p.policy);
  }
  for (const bucket of stack.buckets.values()) if (bucket.policy) add(`bucket:${bucket.logicalName}`, bucket.policy);
  for (const key of stack.keys.values()) add(`key:${key.logicalName}`, key.policy);
  for (const endpoint of stack.s3Endpoints.values()) add(`endpoint:${endpoint.logicalName}`, endpoint.policy);
  return refs;
}

export function refKey(ref: StatementRef): string {
  return `${ref.policy}#${ref.sid}`;
}

/** A stable one-line description of a row (test names, uniqueness). */
export function caseTitle(c: AccessCase): string {
  const context = Object.entries(c.context ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  return `${c.principal} ${c.action} ${c.resource}${context ? ` [${context}]` : ""} → ${c.expect}`;
}
