/**
 * Every IAM document of a synthesized stack, as the access-matrix simulation needs them: each role's trust policy
 * and identity policies (inline `RolePolicy`, `inlinePolicies`, customer-managed `Policy` + attachment), each
 * bucket's policy and public access block, each KMS key's policy and each S3 VPC endpoint's policy, keyed by ARN.
 * Read from a mocked run (test/helpers/pulumi-mocks.ts), so the ARNs are the deterministic mock ARNs.
 *
 * Anything the simulation could not see is an error, not a silent gap: an AWS-managed policy attached to a role,
 * a policy document that is not JSON, a bucket policy for a bucket the stack does not create.
 */
import { parseStackConfig } from "../../config";
import { buildStack } from "../../stack";
import { readStackFile } from "../../tools/stack-file";
import { startMockedRun, type MockedRun } from "../helpers/pulumi-mocks";
import type { CapturedResource } from "../../tools/mocks/registration-capture";

/** An IAM policy document (parsed JSON). */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: PolicyStatementJson | PolicyStatementJson[];
}

export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly [key: string]: unknown;
}

/** A named policy attached to a role. `name` is the Pulumi logical name of the resource that carries it. */
export interface NamedPolicy {
  readonly name: string;
  readonly policy: PolicyDocument;
}

export interface RoleInfo {
  /** Pulumi logical name of the `aws:iam/role:Role`, e.g. `api-task-role`. */
  readonly logicalName: string;
  readonly arn: string;
  /** IAM role name (auto-named under mocks: `<logicalName>-<hex>`). */
  readonly name: string;
  readonly accountId: string;
  readonly trustPolicy: PolicyDocument;
  /** Service principals the trust policy names (`ecs-tasks.amazonaws.com`, ...). */
  readonly trustedServices: readonly string[];
  readonly identityPolicies: readonly NamedPolicy[];
}

export interface PublicAccessBlock {
  readonly blockPublicAcls: boolean;
  readonly blockPublicPolicy: boolean;
  readonly ignorePublicAcls: boolean;
  readonly restrictPublicBuckets: boolean;
}

export interface BucketInfo {
  /** Pulumi logical name of the `aws:s3/bucket:Bucket`, e.g. `resumes-bucket`. */
  readonly logicalName: string;
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  /** The account that owns the bucket (the stack's account). */
  readonly accountId: string;
  readonly policy?: PolicyDocument;
  /** Logical name of the `BucketPolicy` resource. */
  readonly policyResourceName?: string;
  readonly publicAccessBlock?: PublicAccessBlock;
}

export interface KeyInfo {
  /** Pulumi logical name of the `aws:kms/key:Key`, e.g. `resumes-key-key`. */
  readonly logicalName: string;
  readonly arn: string;
  readonly region: string;
  readonly accountId: string;
  readonly policy: PolicyDocument;
}

export interface EndpointInfo {
  readonly logicalName: string;
  /** `vpce-...`. */
  readonly id: string;
  /** e.g. `com.amazonaws.us-east-1.s3`. */
  readonly serviceName: string;
  readonly policy: PolicyDocument;
}

export interface StackPolicies {
  readonly accountId: string;
  /** The stack's region (`aws:region`). */
  readonly region: string;
  readonly roles: ReadonlyMap<string, RoleInfo>;
  readonly buckets: ReadonlyMap<string, BucketInfo>;
  readonly keys: ReadonlyMap<string, KeyInfo>;
  /** S3 VPC endpoints with a policy, keyed by endpoint id. */
  readonly s3Endpoints: ReadonlyMap<string, EndpointInfo>;
  /** Logical name → ARN of every resource that has one (for the matrix's `{{arn:<name>}}` placeholders). */
  readonly arnsByLogicalName: ReadonlyMap<string, string>;
}

function parseDocument(raw: unknown, where: string): PolicyDocument {
  if (typeof raw !== "string") throw new Error(`${where}: policy is not a JSON string (got ${JSON.stringify(raw)})`);
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (e) {
    throw new Error(`${where}: policy is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (typeof doc !== "object" || doc === null || !("Statement" in doc))
    throw new Error(`${where}: policy has no Statement`);
  return doc as PolicyDocument;
}

export function statementsOf(doc: PolicyDocument): PolicyStatementJson[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

function servicesIn(doc: PolicyDocument): string[] {
  const services: string[] = [];
  for (const s of statementsOf(doc)) {
    const principal = s.Principal as { Service?: string | string[] } | undefined;
    if (s.Effect === "Allow" && principal && typeof principal === "object" && principal.Service) {
      services.push(...[principal.Service].flat());
    }
  }
  return services;
}

/** `arn:aws:kms:us-east-1:123456789012:key/...` → `{ region, account }`. */
function arnParts(arn: string): { region: string; account: string } {
  const parts = arn.split(":");
  if (parts.length < 6) throw new Error(`not an ARN: ${arn}`);
  return { region: parts[3], account: parts[4] };
}

/** Collects the stack's IAM documents from a settled mocked run. */
export function collectStackPolicies(run: MockedRun, stack: { accountId: string; region: string }): StackPolicies {
  const label = (r: CapturedResource) => `${r.type} ${r.name}`;
  const roles = new Map<string, RoleInfo & { identityPolicies: NamedPolicy[] }>();
  const roleByName = new Map<string, RoleInfo & { identityPolicies: NamedPolicy[] }>();
  const arnsByLogicalName = new Map<string, string>();

  for (const r of run.resources()) {
    const arn = run.outputs(r).arn;
    if (typeof arn === "string" && r.custom) arnsByLogicalName.set(r.name, arn);
  }

  for (const r of run.resources("aws:iam/role:Role")) {
    const inputs = run.inputs(r);
    const outputs = run.outputs(r);
    const trustPolicy = parseDocument(inputs.assumeRolePolicy, `${label(r)} assumeRolePolicy`);
    const managed = (inputs.managedPolicyArns ?? []) as string[];
    if (managed.length > 0) {
      throw new Error(
        `${label(r)}: managedPolicyArns ${managed.join(", ")} cannot be simulated; attach inline or customer-managed policies`,
      );
    }
    const inline = ((inputs.inlinePolicies ?? []) as { name?: string; policy?: string }[]).map((p, i) => ({
      name: `${r.name}/inline/${p.name ?? i}`,
      policy: parseDocument(p.policy, `${label(r)} inlinePolicies[${i}]`),
    }));
    const info = {
      logicalName: r.name,
      arn: outputs.arn as string,
      name: outputs.name as string,
      accountId: arnParts(outputs.arn as string).account,
      trustPolicy,
      trustedServices: servicesIn(trustPolicy),
      identityPolicies: inline,
    };
    roles.set(info.arn, info);
    roleByName.set(info.name, info);
  }
  const roleNamed = (name: unknown, where: string) => {
    const role = typeof name === "string" ? roleByName.get(name) : undefined;
    if (!role) throw new Error(`${where}: role ${JSON.stringify(name)} is not a role of the stack`);
    return role;
  };
  for (const r of run.resources("aws:iam/rolePolicy:RolePolicy")) {
    const inputs = run.inputs(r);
    roleNamed(inputs.role, label(r)).identityPolicies.push({
      name: r.name,
      policy: parseDocument(inputs.policy, label(r)),
    });
  }
  const customerPolicies = new Map<string, NamedPolicy>();
  for (const r of run.resources("aws:iam/policy:Policy")) {
    customerPolicies.set(run.outputs(r).arn as string, {
      name: r.name,
      policy: parseDocument(run.inputs(r).policy, label(r)),
    });
  }
  for (const r of run.resources("aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
    const inputs = run.inputs(r);
    const policy = customerPolicies.get(inputs.policyArn as string);
    if (!policy)
      throw new Error(
        `${label(r)}: policy ${inputs.policyArn} is not a customer-managed policy of the stack and cannot be simulated`,
      );
    roleNamed(inputs.role, label(r)).identityPolicies.push(policy);
  }

  const buckets = new Map<
    string,
    BucketInfo & { policy?: PolicyDocument; policyResourceName?: string; publicAccessBlock?: PublicAccessBlock }
  >();
  const bucketByName = new Map<
    string,
    BucketInfo & { policy?: PolicyDocument; policyResourceName?: string; publicAccessBlock?: PublicAccessBlock }
  >();
  for (const r of [...run.resources("aws:s3/bucket:Bucket"), ...run.resources("aws:s3/bucketV2:BucketV2")]) {
    const outputs = run.outputs(r);
    const info = {
      logicalName: r.name,
      name: outputs.bucket as string,
      arn: outputs.arn as string,
      region: outputs.region as string,
      accountId: stack.accountId,
    };
    buckets.set(info.arn, info);
    bucketByName.set(info.name, info);
  }
  const bucketNamed = (name: unknown, where: string) => {
    const bucket = typeof name === "string" ? bucketByName.get(name) : undefined;
    if (!bucket) throw new Error(`${where}: bucket ${JSON.stringify(name)} is not a bucket of the stack`);
    return bucket;
  };
  for (const r of run.resources("aws:s3/bucketPolicy:BucketPolicy")) {
    const inputs = run.inputs(r);
    const bucket = bucketNamed(inputs.bucket, label(r));
    if (bucket.policy)
      throw new Error(
        `${label(r)}: bucket ${bucket.name} has two bucket policies (${bucket.policyResourceName}, ${r.name})`,
      );
    bucket.policy = parseDocument(inputs.policy, label(r));
    bucket.policyResourceName = r.name;
  }
  for (const r of run.resources("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")) {
    const inputs = run.inputs(r);
    bucketNamed(inputs.bucket, label(r)).publicAccessBlock = {
      blockPublicAcls: inputs.blockPublicAcls === true,
      blockPublicPolicy: inputs.blockPublicPolicy === true,
      ignorePublicAcls: inputs.ignorePublicAcls === true,
      restrictPublicBuckets: inputs.restrictPublicBuckets === true,
    };
  }

  const keys = new Map<string, KeyInfo>();
  for (const r of run.resources("aws:kms/key:Key")) {
    const arn = run.outputs(r).arn as string;
    const { region, account } = arnParts(arn);
    keys.set(arn, {
      logicalName: r.name,
      arn,
      region,
      accountId: account,
      policy: parseDocument(run.inputs(r).policy, label(r)),
    });
  }

  const s3Endpoints = new Map<string, EndpointInfo>();
  for (const r of run.resources("aws:ec2/vpcEndpoint:VpcEndpoint")) {
    const inputs = run.inputs(r);
    const serviceName = String(inputs.serviceName ?? "");
    if (!/\.s3$/.test(serviceName)) continue;
    if (inputs.policy === undefined) continue;
    const id = r.id ?? run.outputs(r).id;
    if (typeof id !== "string") throw new Error(`${label(r)}: no endpoint id under mocks`);
    s3Endpoints.set(id, { logicalName: r.name, id, serviceName, policy: parseDocument(inputs.policy, label(r)) });
  }

  return { accountId: stack.accountId, region: stack.region, roles, buckets, keys, s3Endpoints, arnsByLogicalName };
}

/** The prod stack (`Pulumi.prod.yaml`) built under mocks, and its IAM documents. Call once per process. */
export async function synthesizeStackPolicies(stackName = "prod"): Promise<StackPolicies> {
  const { config } = readStackFile(`Pulumi.${stackName}.yaml`);
  const run = await startMockedRun({ stack: stackName, config });
  const stackConfig = parseStackConfig(config);
  buildStack(stackConfig);
  await run.settle();
  return collectStackPolicies(run, { accountId: run.mocks.accountId, region: stackConfig.region });
}
