/**
 * The resources each stack file creates, pinned per type: an accidental addition (or a lost control) changes a
 * count here and must be acknowledged by updating this table.
 */
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../config";
import { buildStack } from "../../stack";
import { readStackFile } from "../../tools/stack-file";
import { startMockedRun } from "../helpers/pulumi-mocks";

async function countsOf(stack: "dev" | "prod"): Promise<Record<string, number>> {
  const { config } = readStackFile(`Pulumi.${stack}.yaml`);
  const run = await startMockedRun({ stack, config });
  buildStack(parseStackConfig(config));
  await run.settle();
  const counts: Record<string, number> = {};
  for (const r of run.resources()) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** Resources both stacks have in the same number. */
const COMMON = {
  "aws:appautoscaling/policy:Policy": 2,
  "aws:appautoscaling/target:Target": 2,
  "aws:cloudwatch/logGroup:LogGroup": 3,
  "aws:ec2/flowLog:FlowLog": 1,
  "aws:ec2/securityGroup:SecurityGroup": 3,
  "aws:ec2/vpcEndpoint:VpcEndpoint": 1,
  "aws:ecs/cluster:Cluster": 1,
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": 1,
  "aws:ecs/service:Service": 2,
  "aws:ecs/taskDefinition:TaskDefinition": 2,
  "aws:lb/loadBalancer:LoadBalancer": 1,
  "aws:lb/targetGroup:TargetGroup": 1,
  "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": 1,
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 7,
  "awsx:ec2:Vpc": 1,
  "starscreen:ecs:Cluster": 1,
  "starscreen:ecs:FargateService": 2,
  "starscreen:ecs:PublicLoadBalancer": 1,
  "starscreen:network:Network": 1,
  "starscreen:network:VpcFlowLogs": 1,
  "starscreen:storage:ResumesBucket": 1,
};

describe("resource counts", () => {
  it("dev: 76 resources", async () => {
    const counts = await countsOf("dev");
    expect(counts).toEqual({
      ...COMMON,
      "aws:iam/role:Role": 5,
      "aws:iam/rolePolicy:RolePolicy": 5,
      "aws:kms/alias:Alias": 1,
      "aws:kms/key:Key": 1,
      "aws:lb/listener:Listener": 1,
      "aws:s3/bucket:Bucket": 2,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 2,
      "aws:s3/bucketLogging:BucketLogging": 1,
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 2,
      "aws:s3/bucketPolicy:BucketPolicy": 2,
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 2,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 2,
      "aws:s3/bucketVersioning:BucketVersioning": 2,
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 2,
      "pulumi:providers:aws": 1,
      "starscreen:iam:ServiceRole": 5,
      "starscreen:storage:AccessLogBucket": 1,
      "starscreen:storage:EncryptionKey": 1,
      "starscreen:storage:HardenedBucket": 2,
    });
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(76);
  });

  it("prod: 114 resources (replication, a second region's log bucket, the storage keys, HTTPS and the WAF with its request log on top of dev)", async () => {
    const counts = await countsOf("prod");
    expect(counts).toEqual({
      ...COMMON,
      "aws:cloudwatch/logGroup:LogGroup": 4,
      "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": 1,
      "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": 1,
      "aws:iam/role:Role": 6,
      "aws:iam/rolePolicy:RolePolicy": 6,
      "aws:kms/alias:Alias": 3,
      "aws:kms/key:Key": 3,
      "aws:lb/listener:Listener": 2,
      "aws:s3/bucket:Bucket": 4,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 4,
      "aws:s3/bucketLogging:BucketLogging": 2,
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 4,
      "aws:s3/bucketPolicy:BucketPolicy": 4,
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 4,
      "aws:s3/bucketReplicationConfig:BucketReplicationConfig": 1,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 4,
      "aws:s3/bucketVersioning:BucketVersioning": 4,
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 3,
      "aws:wafv2/webAcl:WebAcl": 1,
      "aws:wafv2/webAclAssociation:WebAclAssociation": 1,
      "pulumi:providers:aws": 2,
      "starscreen:iam:ServiceRole": 6,
      "starscreen:network:WebAcl": 1,
      "starscreen:storage:AccessLogBucket": 2,
      "starscreen:storage:CrossRegionReplication": 1,
      "starscreen:storage:EncryptionKey": 3,
      "starscreen:storage:HardenedBucket": 4,
    });
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(114);
  });
});
