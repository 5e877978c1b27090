import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { permissionStatements } from "../iam/app-permissions";
import { ServiceRole } from "../iam/service-role";

export interface VpcFlowLogsArgs {
  /** The VPC whose traffic is recorded (for an awsx VPC, its `vpcId` output). */
  readonly vpcId: pulumi.Input<string>;
  /** Name of the CloudWatch log group to create, e.g. `/starscreen/prod/vpc-flow-logs`. */
  readonly logGroupName: string;
  /** Days the flow logs are kept. */
  readonly retentionInDays: number;
  /** Customer-managed KMS key for the log group (its policy must let `logs.<region>.amazonaws.com` use it). */
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  readonly partition: pulumi.Input<string>;
  readonly region: string;
  /** What to record. Default `"ALL"` (accepted and rejected traffic). */
  readonly trafficType?: "ALL" | "ACCEPT" | "REJECT";
  /** Seconds over which flows are aggregated: 60 or 600. Default `60`. */
  readonly maxAggregationInterval?: 60 | 600;
}

/**
 * VPC flow logs into an encrypted CloudWatch log group with retention, delivered by a role that only
 * `vpc-flow-logs.amazonaws.com` may assume, for this account's flow logs only, and that may only write to that group.
 */
export class VpcFlowLogs extends pulumi.ComponentResource {
  public readonly logGroup: aws.cloudwatch.LogGroup;
  public readonly logGroupName: pulumi.Output<string>;
  public readonly role: ServiceRole;
  public readonly flowLog: aws.ec2.FlowLog;

  constructor(name: string, args: VpcFlowLogsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const trafficType = args.trafficType ?? "ALL";
    const maxAggregationInterval = args.maxAggregationInterval ?? 60;
    if (!Number.isInteger(args.retentionInDays) || args.retentionInDays < 1) {
      throw new Error(`VpcFlowLogs ${name}: retentionInDays must be an integer >= 1, got ${args.retentionInDays}`);
    }
    super("starscreen:network:VpcFlowLogs", name, {}, opts);

    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-log-group`,
      { name: args.logGroupName, retentionInDays: args.retentionInDays, kmsKeyId: args.kmsKeyArn },
      { parent: this },
    );
    this.logGroupName = this.logGroup.name;

    this.role = new ServiceRole(
      `${name}-delivery`,
      {
        service: "vpc-flow-logs.amazonaws.com",
        accountId: args.accountId,
        description: `Delivers VPC flow logs to ${args.logGroupName}`,
        sourceArnLike: pulumi.interpolate`arn:${args.partition}:ec2:${args.region}:${args.accountId}:vpc-flow-log/*`,
      },
      { parent: this },
    );
    const policy = this.role.attachPolicy(
      permissionStatements("flow-logs", {
        region: args.region,
        resources: { ownLogStreams: [pulumi.interpolate`${this.logGroup.arn}:*`], ownLogGroup: [this.logGroup.arn] },
      }),
    );

    this.flowLog = new aws.ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId: args.vpcId,
        trafficType,
        logDestinationType: "cloud-watch-logs",
        logDestination: this.logGroup.arn,
        iamRoleArn: this.role.arn,
        maxAggregationInterval,
      },
      // Flow-log creation checks that the role can deliver.
      { parent: this, dependsOn: [policy] },
    );
    this.registerOutputs({ logGroupName: this.logGroupName });
  }
}
