import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { actionsOn } from "../iam/app-permissions";
import { policyDocument, type PolicyStatement } from "../iam/policy-document";
import { VpcFlowLogs } from "./vpc-flow-logs";

/** A new VPC built by awsx, or an existing VPC's ids. */
export type NetworkVpc =
  | {
      readonly kind: "new";
      /** Default `10.0.0.0/16` when built from config. */
      readonly cidrBlock: string;
      /** At least 2. */
      readonly availabilityZones: number;
      /** `single` NAT gateway (cheap) or one per zone (survives a zone failure). */
      readonly natGateways: "single" | "onePerAz";
    }
  | {
      readonly kind: "existing";
      readonly vpcId: string;
      readonly privateSubnetIds: readonly string[];
      readonly publicSubnetIds: readonly string[];
      /** Route tables of the private subnets, for the S3 gateway endpoint. */
      readonly privateRouteTableIds: readonly string[];
    };

export interface NetworkArgs {
  readonly vpc: NetworkVpc;
  readonly region: string;
  readonly accountId: pulumi.Input<string>;
  readonly partition: pulumi.Input<string>;
  readonly flowLogs: {
    /** Log group name, e.g. `/starscreen/prod/vpc-flow-logs`. */
    readonly logGroupName: string;
    readonly retentionInDays: number;
    /** Customer-managed key for the log group. */
    readonly kmsKeyArn: pulumi.Input<string>;
  };
  /**
   * Object ARN patterns the tasks may reach through the S3 gateway endpoint (the resumes prefix), with the actions
   * the app roles use on them. ECR's layer bucket is always allowed (image pulls).
   */
  readonly s3ObjectArns: readonly pulumi.Input<string>[];
}

/**
 * The services' network: a VPC (awsx, or existing) with private subnets for the tasks and public subnets for the
 * load balancer, VPC flow logs (all traffic) into an encrypted log group, and an S3 gateway endpoint on the private
 * route tables, so task traffic to S3 never crosses a NAT gateway and can reach only the stack's bucket (and ECR's
 * image layers).
 */
export class Network extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly privateSubnetIds: pulumi.Output<string[]>;
  public readonly publicSubnetIds: pulumi.Output<string[]>;
  public readonly privateRouteTableIds: pulumi.Output<string[]>;
  /** The awsx VPC, when the network created one. */
  public readonly vpc?: awsx.ec2.Vpc;
  public readonly flowLogs: VpcFlowLogs;
  public readonly s3Endpoint: aws.ec2.VpcEndpoint;

  constructor(name: string, args: NetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const spec = args.vpc;
    networkProblem(name, args);
    super("starscreen:network:Network", name, {}, opts);
    if (spec.kind === "new") {
      const awsProvider = this.getProvider("aws:ec2/vpc:Vpc");
      this.vpc = new awsx.ec2.Vpc(
        `${name}-vpc`,
        {
          cidrBlock: spec.cidrBlock,
          numberOfAvailabilityZones: spec.availabilityZones,
          subnetStrategy: "Auto",
          natGateways: { strategy: spec.natGateways === "single" ? "Single" : "OnePerAz" },
          enableDnsHostnames: true,
          enableDnsSupport: true,
        },
        // awsx is a remote component: the SDK sends it only explicitly given providers, so hand it the AWS
        // provider this component inherited (with the stack's default tags).
        { parent: this, providers: awsProvider ? [awsProvider] : undefined },
      );
      this.vpcId = this.vpc.vpcId;
      this.privateSubnetIds = this.vpc.privateSubnetIds;
      this.publicSubnetIds = this.vpc.publicSubnetIds;
      this.privateRouteTableIds = privateRouteTablesOf(this.vpc);
    } else {
      this.vpcId = pulumi.output(spec.vpcId);
      this.privateSubnetIds = pulumi.output([...spec.privateSubnetIds]);
      this.publicSubnetIds = pulumi.output([...spec.publicSubnetIds]);
      this.privateRouteTableIds = pulumi.output([...spec.privateRouteTableIds]);
    }

    this.flowLogs = new VpcFlowLogs(
      `${name}-flow-logs`,
      {
        vpcId: this.vpcId,
        logGroupName: args.flowLogs.logGroupName,
        retentionInDays: args.flowLogs.retentionInDays,
        kmsKeyArn: args.flowLogs.kmsKeyArn,
        accountId: args.accountId,
        partition: args.partition,
        region: args.region,
      },
      { parent: this },
    );

    this.s3Endpoint = new aws.ec2.VpcEndpoint(
      `${name}-s3-endpoint`,
      {
        vpcId: this.vpcId,
        serviceName: `com.amazonaws.${args.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: this.privateRouteTableIds,
        policy: policyDocument(s3EndpointStatements(args)),
      },
      { parent: this },
    );
    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      publicSubnetIds: this.publicSubnetIds,
      privateRouteTableIds: this.privateRouteTableIds,
    });
  }
}

/** Throws (before anything registers) when the args cannot make a working network. */
function networkProblem(name: string, args: NetworkArgs): void {
  const spec = args.vpc;
  if (spec.kind === "new") {
    if (!Number.isInteger(spec.availabilityZones) || spec.availabilityZones < 2) {
      throw new Error(`Network ${name}: availabilityZones must be an integer >= 2, got ${spec.availabilityZones}`);
    }
  } else {
    for (const [key, ids] of [
      ["privateSubnetIds", spec.privateSubnetIds],
      ["publicSubnetIds", spec.publicSubnetIds],
    ] as const) {
      if (ids.length < 2)
        throw new Error(`Network ${name}: an existing VPC needs at least two ${key}, got ${ids.length}`);
    }
    if (spec.privateRouteTableIds.length === 0)
      throw new Error(`Network ${name}: an existing VPC needs privateRouteTableIds`);
  }
  if (args.s3ObjectArns.length === 0) throw new Error(`Network ${name}: s3ObjectArns must not be empty`);
}

/**
 * The S3 gateway endpoint's policy: the app's object actions on the stack's objects, for principals of this
 * account; and reads of the regional bucket ECR serves image layers from (ECR hands out pre-signed URLs for it,
 * so no principal condition applies there).
 */
export function s3EndpointStatements(
  args: Pick<NetworkArgs, "s3ObjectArns" | "accountId" | "partition" | "region">,
): PolicyStatement[] {
  if (args.s3ObjectArns.length === 0) throw new Error("s3EndpointStatements: s3ObjectArns must not be empty");
  return [
    {
      Sid: "StackBucketObjects",
      Effect: "Allow",
      Principal: "*",
      Action: actionsOn("resumeObjects"),
      Resource: [...args.s3ObjectArns],
      Condition: { StringEquals: { "aws:PrincipalAccount": args.accountId } },
    },
    {
      Sid: "EcrImageLayers",
      Effect: "Allow",
      Principal: "*",
      Action: ["s3:GetObject"],
      Resource: pulumi.interpolate`arn:${args.partition}:s3:::prod-${args.region}-starport-layer-bucket/*`,
    },
  ];
}

/**
 * The route tables of the awsx VPC's private subnets, from its route-table associations. Under mocks (and in
 * offline plans) the associations are plain `{ subnetId, routeTableId }` values; in a real deployment they are
 * RouteTableAssociation resources whose fields are Outputs. `pulumi.output` unwraps both.
 */
export function privateRouteTablesOf(
  vpc: Pick<awsx.ec2.Vpc, "privateSubnetIds" | "routeTableAssociations">,
): pulumi.Output<string[]> {
  return pulumi.all([vpc.privateSubnetIds, vpc.routeTableAssociations]).apply(([privateSubnets, associations]) =>
    pulumi
      .all(
        associations.map((a) =>
          pulumi.all([
            pulumi.output(a.subnetId as pulumi.Input<string | undefined>),
            pulumi.output(a.routeTableId as pulumi.Input<string>),
          ]),
        ),
      )
      .apply((pairs) => {
        const ids = pairs
          .filter(([subnet]) => subnet !== undefined && privateSubnets.includes(subnet))
          .map(([, table]) => table);
        return [...new Set(ids)];
      }),
  );
}
