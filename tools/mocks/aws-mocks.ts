/**
 * Realistic outputs for resources and invokes under `pulumi.runtime.setMocks`: ARNs in each service's format,
 * ids, auto-names, the awsx VPC's outputs, caller identity, region and partition. Values are derived from a hash of
 * the resource's type and name, so a run is reproducible (reports and docs generated from it do not churn).
 * Shared by the unit tests and the offline plan tool; uses only the public Mocks interface.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { ELB_LOG_DELIVERY_ACCOUNT_BY_REGION } from "../../policies/lib/elb-log-delivery";

export const MOCK_ACCOUNT_ID = "123456789012";

export function partitionOf(region: string): { partition: string; dnsSuffix: string } {
  if (region.startsWith("cn-")) return { partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" };
  if (region.startsWith("us-gov-")) return { partition: "aws-us-gov", dnsSuffix: "amazonaws.com" };
  return { partition: "aws", dnsSuffix: "amazonaws.com" };
}

function hash(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

function uuidFrom(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type State = Record<string, unknown>;

interface Context {
  type: string;
  name: string;
  inputs: State;
  region: string;
  account: string;
  partition: string;
  dnsSuffix: string;
  /** Deterministic hex digits for this resource. */
  hex: string;
}

/** Pulumi auto-naming: the logical name plus a random suffix (deterministic here). */
function autoName(c: Context, key = "name", separator = "-"): string {
  const explicit = c.inputs[key];
  if (typeof explicit === "string" && explicit) return explicit;
  const prefix = c.inputs[`${key}Prefix`];
  if (typeof prefix === "string" && prefix) return `${prefix}${c.hex.slice(0, 7)}`;
  return `${c.name}${separator}${c.hex.slice(0, 7)}`;
}

function arn(c: Context, service: string, resource: string, regional = true, account = true): string {
  return `arn:${c.partition}:${service}:${regional ? c.region : ""}:${account ? c.account : ""}:${resource}`;
}

type OutputRule = (c: Context) => { id: string; state: State };

function bucketOutputs(c: Context) {
  const bucket = autoName(c, "bucket");
  return {
    id: bucket,
    state: {
      bucket,
      arn: `arn:${c.partition}:s3:::${bucket}`,
      bucketDomainName: `${bucket}.s3.${c.dnsSuffix}`,
      bucketRegionalDomainName: `${bucket}.s3.${c.region}.${c.dnsSuffix}`,
      region: c.region,
      hostedZoneId: "Z3AQBSTGFYJSTF",
      forceDestroy: c.inputs.forceDestroy ?? false,
    },
  };
}

function securityGroupRuleOutputs(c: Context) {
  const id = `sgr-${c.hex.slice(0, 17)}`;
  return { id, state: { securityGroupRuleId: id, arn: arn(c, "ec2", `security-group-rule/${id}`) } };
}

function subnetIds(c: Context, kind: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `subnet-${hash(c.hex, kind, String(i)).slice(0, 17)}`);
}

function awsxVpcOutputs(c: Context) {
  const azCount = typeof c.inputs.numberOfAvailabilityZones === "number" ? c.inputs.numberOfAvailabilityZones : 3;
  const vpcId = `vpc-${c.hex.slice(0, 17)}`;
  const privateSubnetIds = subnetIds(c, "private", azCount);
  const publicSubnetIds = subnetIds(c, "public", azCount);
  const privateRouteTables = privateSubnetIds.map((_, i) => `rtb-${hash(c.hex, "private-rt", String(i)).slice(0, 17)}`);
  const publicRouteTable = `rtb-${hash(c.hex, "public-rt").slice(0, 17)}`;
  return {
    id: vpcId,
    state: {
      vpcId,
      vpc: { id: vpcId, arn: arn(c, "ec2", `vpc/${vpcId}`), cidrBlock: c.inputs.cidrBlock ?? "10.0.0.0/16" },
      privateSubnetIds,
      publicSubnetIds,
      isolatedSubnetIds: [],
      routeTables: [...privateRouteTables, publicRouteTable].map((id) => ({ id, vpcId })),
      routeTableAssociations: [
        ...privateSubnetIds.map((subnetId, i) => ({ subnetId, routeTableId: privateRouteTables[i] })),
        ...publicSubnetIds.map((subnetId) => ({ subnetId, routeTableId: publicRouteTable })),
      ],
      natGateways: [],
      eips: [],
      vpcEndpoints: [],
    },
  };
}

const RULES: Record<string, OutputRule> = {
  "aws:s3/bucket:Bucket": bucketOutputs,
  "aws:s3/bucketV2:BucketV2": bucketOutputs,
  "aws:kms/key:Key": (c) => {
    const keyId = uuidFrom(c.hex);
    return { id: keyId, state: { keyId, arn: arn(c, "kms", `key/${keyId}`) } };
  },
  "aws:kms/alias:Alias": (c) => {
    const name = autoName(c);
    return { id: name, state: { name, arn: arn(c, "kms", name), targetKeyArn: c.inputs.targetKeyId } };
  },
  "aws:iam/role:Role": (c) => {
    const name = autoName(c);
    const path = typeof c.inputs.path === "string" ? c.inputs.path : "/";
    return {
      id: name,
      state: {
        name,
        path,
        arn: arn(c, "iam", `role${path}${name}`, false),
        uniqueId: `AROA${c.hex.slice(0, 17).toUpperCase()}`,
      },
    };
  },
  "aws:iam/policy:Policy": (c) => {
    const name = autoName(c);
    const policyArn = arn(c, "iam", `policy/${name}`, false);
    return { id: policyArn, state: { name, arn: policyArn, policyId: `ANPA${c.hex.slice(0, 17).toUpperCase()}` } };
  },
  "aws:iam/rolePolicy:RolePolicy": (c) => {
    const name = autoName(c);
    return { id: `${String(c.inputs.role)}:${name}`, state: { name } };
  },
  "aws:ecs/cluster:Cluster": (c) => {
    const name = autoName(c);
    return { id: arn(c, "ecs", `cluster/${name}`), state: { name, arn: arn(c, "ecs", `cluster/${name}`) } };
  },
  "aws:ecs/service:Service": (c) => {
    const name = autoName(c);
    const cluster = String(c.inputs.cluster ?? "cluster")
      .split("/")
      .pop();
    return {
      id: arn(c, "ecs", `service/${cluster}/${name}`),
      state: { name, arn: arn(c, "ecs", `service/${cluster}/${name}`) },
    };
  },
  "aws:ecs/taskDefinition:TaskDefinition": (c) => {
    const family = String(c.inputs.family ?? c.name);
    return {
      id: family,
      state: {
        family,
        revision: 1,
        arn: arn(c, "ecs", `task-definition/${family}:1`),
        arnWithoutRevision: arn(c, "ecs", `task-definition/${family}`),
      },
    };
  },
  "aws:cloudwatch/logGroup:LogGroup": (c) => {
    const name = autoName(c);
    return { id: name, state: { name, arn: arn(c, "logs", `log-group:${name}`) } };
  },
  "aws:lb/loadBalancer:LoadBalancer": (c) => {
    const name = autoName(c).slice(0, 32);
    const suffix = `app/${name}/${c.hex.slice(0, 16)}`;
    return {
      id: arn(c, "elasticloadbalancing", `loadbalancer/${suffix}`),
      state: {
        name,
        arn: arn(c, "elasticloadbalancing", `loadbalancer/${suffix}`),
        arnSuffix: suffix,
        dnsName: `${name}-${parseInt(c.hex.slice(0, 8), 16)}.${c.region}.elb.${c.dnsSuffix}`,
        zoneId: "Z35SXDOTRQ7X7K",
      },
    };
  },
  "aws:lb/targetGroup:TargetGroup": (c) => {
    const name = autoName(c).slice(0, 32);
    const suffix = `targetgroup/${name}/${c.hex.slice(0, 16)}`;
    return {
      id: arn(c, "elasticloadbalancing", suffix),
      state: { name, arn: arn(c, "elasticloadbalancing", suffix), arnSuffix: suffix },
    };
  },
  "aws:lb/listener:Listener": (c) => {
    const listenerArn = arn(c, "elasticloadbalancing", `listener/app/lb/${c.hex.slice(0, 16)}/${c.hex.slice(16, 32)}`);
    return { id: listenerArn, state: { arn: listenerArn } };
  },
  "aws:ec2/securityGroup:SecurityGroup": (c) => {
    const id = `sg-${c.hex.slice(0, 17)}`;
    return { id, state: { name: autoName(c), arn: arn(c, "ec2", `security-group/${id}`), ownerId: c.account } };
  },
  "aws:ec2/vpcEndpoint:VpcEndpoint": (c) => {
    const id = `vpce-${c.hex.slice(0, 17)}`;
    return { id, state: { arn: arn(c, "ec2", `vpc-endpoint/${id}`), prefixListId: `pl-${c.hex.slice(17, 25)}` } };
  },
  "aws:ec2/flowLog:FlowLog": (c) => {
    const id = `fl-${c.hex.slice(0, 17)}`;
    return { id, state: { arn: arn(c, "ec2", `vpc-flow-log/${id}`) } };
  },
  "aws:wafv2/webAcl:WebAcl": (c) => {
    const id = uuidFrom(c.hex);
    const name = autoName(c);
    return { id, state: { name, arn: arn(c, "wafv2", `regional/webacl/${name}/${id}`), capacity: 700 } };
  },
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": (c) => {
    // The provider's id is the cluster name.
    const cluster = String(c.inputs.clusterName ?? c.name);
    return { id: cluster, state: {} };
  },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": securityGroupRuleOutputs,
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": securityGroupRuleOutputs,
  "aws:wafv2/webAclAssociation:WebAclAssociation": (c) => ({
    // The provider's id is "<web ACL ARN>,<resource ARN>".
    id: `${String(c.inputs.webAclArn)},${String(c.inputs.resourceArn)}`,
    state: {},
  }),
  "aws:appautoscaling/target:Target": (c) => {
    const resourceId = String(c.inputs.resourceId ?? `service/cluster/${c.name}`);
    return {
      id: resourceId,
      state: { arn: arn(c, "application-autoscaling", `scalable-target/0ec2${c.hex.slice(0, 28)}`) },
    };
  },
  "aws:appautoscaling/policy:Policy": (c) => {
    const name = autoName(c);
    return {
      id: name,
      state: { name, arn: arn(c, "autoscaling", `scalingPolicy:${uuidFrom(c.hex)}:resource/ecs/${name}`) },
    };
  },
  "awsx:ec2:Vpc": awsxVpcOutputs,
};

/** `aws:s3/bucketPolicy:BucketPolicy` → `s3`, for default ARNs of types without a rule. */
function serviceOf(type: string): string {
  return type.split(":")[1]?.split("/")[0] ?? "unknown";
}

export interface AwsMocksOptions {
  /** `aws:region` of the stack. Default `us-east-1`. */
  readonly region?: string;
  /** Default `123456789012`. */
  readonly accountId?: string;
}

/**
 * The mocks. Unmocked invokes throw: a test or plan that silently got `{}` for a data source would check a program
 * that never runs for real.
 */
export class AwsMocks implements pulumi.runtime.Mocks {
  readonly region: string;
  readonly accountId: string;
  /** Explicit providers' ids → their region, so resources created through them get ARNs in that region. */
  private readonly providerRegions = new Map<string, string>();

  constructor(options: AwsMocksOptions = {}) {
    this.region = options.region ?? "us-east-1";
    this.accountId = options.accountId ?? MOCK_ACCOUNT_ID;
  }

  private regionFor(inputs: State, provider: string | undefined): string {
    if (typeof inputs.region === "string" && inputs.region) return inputs.region;
    const providerId = provider?.split("::").pop();
    return (providerId && this.providerRegions.get(providerId)) || this.region;
  }

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: State } {
    const inputs = (args.inputs ?? {}) as State;
    if (args.type.startsWith("pulumi:providers:")) {
      const id = `${args.name}-provider-${hash(args.type, args.name).slice(0, 8)}`;
      if (typeof inputs.region === "string") this.providerRegions.set(id, inputs.region);
      return { id, state: inputs };
    }
    const region = this.regionFor(inputs, args.provider);
    const context: Context = {
      type: args.type,
      name: args.name,
      inputs,
      region,
      account: this.accountId,
      ...partitionOf(region),
      hex: hash(args.type, args.name, region),
    };
    const rule = RULES[args.type];
    if (rule) {
      const { id, state } = rule(context);
      return { id, state: { ...inputs, ...state } };
    }
    if (args.custom === false) return { id: undefined, state: inputs };
    const id = `${args.name}-${context.hex.slice(0, 8)}`;
    return {
      id,
      state: {
        ...inputs,
        arn: arn(context, serviceOf(args.type), `${args.type.split(":").pop()?.toLowerCase()}/${id}`),
      },
    };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const inputs = (args.inputs ?? {}) as State;
    const region = this.regionFor(inputs, args.provider);
    const { partition, dnsSuffix } = partitionOf(region);
    switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return {
          id: this.accountId,
          accountId: this.accountId,
          arn: `arn:${partition}:sts::${this.accountId}:assumed-role/deployer/session`,
          userId: "AROAEXAMPLEDEPLOYER:session",
        };
      case "aws:index/getRegion:getRegion":
        return { id: region, name: region, region, endpoint: `ec2.${region}.${dnsSuffix}`, description: region };
      case "aws:index/getPartition:getPartition":
        return { id: partition, partition, dnsSuffix, reverseDnsPrefix: dnsSuffix.split(".").reverse().join(".") };
      case "aws:index/getAvailabilityZones:getAvailabilityZones": {
        const names = ["a", "b", "c"].map((s) => `${region}${s}`);
        return { id: region, names, zoneIds: names.map((_, i) => `use1-az${i + 1}`), groupNames: [region] };
      }
      case "aws:elb/getServiceAccount:getServiceAccount": {
        const account = ELB_LOG_DELIVERY_ACCOUNT_BY_REGION[region];
        if (!account) throw new Error(`mock: no Elastic Load Balancing log-delivery account known for ${region}`);
        return { id: account, arn: `arn:${partition}:iam::${account}:root` };
      }
      default:
        throw new Error(`mock: no mock for invoke ${args.token}; add one to tools/mocks/aws-mocks.ts`);
    }
  }
}
