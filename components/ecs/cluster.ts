import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The capacity providers every cluster offers its services. */
export const FARGATE_CAPACITY_PROVIDERS = ["FARGATE", "FARGATE_SPOT"] as const;

export interface EcsClusterArgs {
  /** `enabled` or `enhanced` (per-task and per-container metrics, at a higher CloudWatch cost). Default `"enabled"`. */
  readonly containerInsights?: "enabled" | "enhanced";
}

/**
 * An ECS cluster for Fargate services: Container Insights on, FARGATE and FARGATE_SPOT associated (services pick
 * their own strategy; the cluster default is on-demand FARGATE).
 */
export class EcsCluster extends pulumi.ComponentResource {
  public readonly cluster: aws.ecs.Cluster;
  public readonly name: pulumi.Output<string>;
  public readonly arn: pulumi.Output<string>;
  /** Services with a capacity-provider strategy must be created after this association. */
  public readonly capacityProviders: aws.ecs.ClusterCapacityProviders;

  constructor(name: string, args: EcsClusterArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    super("starscreen:ecs:Cluster", name, {}, opts);
    const containerInsights = args.containerInsights ?? "enabled";
    this.cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      { settings: [{ name: "containerInsights", value: containerInsights }] },
      { parent: this },
    );
    this.name = this.cluster.name;
    this.arn = this.cluster.arn;
    this.capacityProviders = new aws.ecs.ClusterCapacityProviders(
      `${name}-capacity-providers`,
      {
        clusterName: this.cluster.name,
        capacityProviders: [...FARGATE_CAPACITY_PROVIDERS],
        defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
      },
      { parent: this },
    );
    this.registerOutputs({ name: this.name, arn: this.arn });
  }
}
