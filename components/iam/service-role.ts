import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "./policy-document";

export interface ServiceRoleArgs {
  /** The service principal that assumes the role, e.g. `ecs-tasks.amazonaws.com`. */
  readonly service: string;
  readonly accountId: pulumi.Input<string>;
  /** What the role is for, shown in the console. */
  readonly description: string;
  /** Narrows the trust to calls on behalf of matching resources (`aws:SourceArn`, ArnLike). Default none. */
  readonly sourceArnLike?: pulumi.Input<string>;
}

/**
 * An IAM role that one AWS service may assume on behalf of this account only, created without permissions.
 * Roles come before the buckets (whose data perimeter lists them); permissions are attached afterwards as inline
 * policies naming exact resources.
 */
export class ServiceRole extends pulumi.ComponentResource {
  public readonly role: aws.iam.Role;
  public readonly arn: pulumi.Output<string>;
  public readonly roleName: pulumi.Output<string>;

  constructor(name: string, args: ServiceRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("starscreen:iam:ServiceRole", name, {}, opts);
    this.role = new aws.iam.Role(
      `${name}-role`,
      {
        description: args.description,
        assumeRolePolicy: serviceTrustPolicy(args.service, args.accountId, args.sourceArnLike),
        maxSessionDuration: 3600,
      },
      { parent: this },
    );
    this.arn = this.role.arn;
    this.roleName = this.role.name;
    this.registerOutputs({ arn: this.arn });
  }
}
