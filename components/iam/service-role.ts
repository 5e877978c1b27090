import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, serviceTrustPolicy, type PolicyStatement } from "./policy-document";

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
  private readonly baseName: string;

  constructor(name: string, args: ServiceRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("starscreen:iam:ServiceRole", name, {}, opts);
    this.baseName = name;
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

  /**
   * Attaches the role's permissions as one inline policy, `<name>-policy`, with exactly these statements (build
   * them with `permissionStatements` from app-permissions.ts). Throws on an empty list: a role with an empty
   * policy document is an error in IAM. Call once per role.
   */
  attachPolicy(statements: readonly PolicyStatement[]): aws.iam.RolePolicy {
    if (statements.length === 0)
      throw new Error(`ServiceRole ${this.baseName}: attachPolicy needs at least one statement`);
    return new aws.iam.RolePolicy(
      `${this.baseName}-policy`,
      { role: this.role.name, policy: policyDocument(statements) },
      { parent: this },
    );
  }
}
