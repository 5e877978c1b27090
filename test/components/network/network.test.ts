import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { Network, privateRouteTablesOf } from "../../../components/network/network";
import { startMockedRun, valueOf, type MockedRun } from "../../helpers/pulumi-mocks";

const OBJECTS = "arn:aws:s3:::resumes-bucket/resumes/*";
const LOGS_KEY = "arn:aws:kms:us-east-1:123456789012:key/logs";

function network(vpc: ConstructorParameters<typeof Network>[1]["vpc"]): Network {
  return new Network("network", {
    vpc,
    region: "us-east-1",
    accountId: "123456789012",
    partition: "aws",
    flowLogs: { logGroupName: "/starscreen/test/vpc-flow-logs", retentionInDays: 90, kmsKeyArn: LOGS_KEY },
    s3ObjectArns: [OBJECTS],
  });
}

describe("Network with a new awsx VPC", () => {
  let run: MockedRun;
  let net: Network;
  beforeAll(async () => {
    run = await startMockedRun({ stack: "test" });
    net = network({ kind: "new", cidrBlock: "10.20.0.0/16", availabilityZones: 3, natGateways: "onePerAz" });
    await run.settle();
  });

  it("asks awsx for the CIDR, the zones, a NAT gateway per zone and DNS", () => {
    const vpc = run.one("awsx:ec2:Vpc", "network-vpc");
    expect(vpc.remote).toBe(true);
    expect(run.inputs(vpc)).toEqual({
      cidrBlock: "10.20.0.0/16",
      numberOfAvailabilityZones: 3,
      subnetStrategy: "Auto",
      natGateways: { strategy: "OnePerAz" },
      enableDnsHostnames: true,
      enableDnsSupport: true,
    });
  });

  it("puts the S3 gateway endpoint on the private subnets' route tables only", async () => {
    const vpcOut = run.outputs(run.one("awsx:ec2:Vpc", "network-vpc"));
    const privateTables = vpcOut.routeTableAssociations
      .filter((a: { subnetId: string; routeTableId: string }) => vpcOut.privateSubnetIds.includes(a.subnetId))
      .map((a: { subnetId: string; routeTableId: string }) => a.routeTableId);
    const publicTables = vpcOut.routeTableAssociations
      .filter((a: { subnetId: string; routeTableId: string }) => vpcOut.publicSubnetIds.includes(a.subnetId))
      .map((a: { subnetId: string; routeTableId: string }) => a.routeTableId);
    expect(privateTables).toHaveLength(3);
    const endpoint = run.inputs(run.one("aws:ec2/vpcEndpoint:VpcEndpoint", "network-s3-endpoint"));
    expect(endpoint).toMatchObject({
      vpcId: vpcOut.vpcId,
      serviceName: "com.amazonaws.us-east-1.s3",
      vpcEndpointType: "Gateway",
    });
    expect(endpoint.routeTableIds).toEqual(privateTables);
    expect(endpoint.routeTableIds).not.toContain(publicTables[0]);
    expect(await valueOf(net.privateRouteTableIds)).toEqual(privateTables);
  });

  it("lets the endpoint reach only the stack's objects (with the app's actions) and ECR's layer bucket", () => {
    expect(run.json(run.one("aws:ec2/vpcEndpoint:VpcEndpoint"), "policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "StackBucketObjects",
          Effect: "Allow",
          Principal: "*",
          Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
          Resource: [OBJECTS],
          Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012" } },
        },
        {
          Sid: "EcrImageLayers",
          Effect: "Allow",
          Principal: "*",
          Action: ["s3:GetObject"],
          Resource: "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*",
        },
      ],
    });
  });

  it("records all VPC traffic in an encrypted log group with retention", () => {
    const vpcId = run.outputs(run.one("awsx:ec2:Vpc")).vpcId;
    const group = run.one("aws:cloudwatch/logGroup:LogGroup", "network-flow-logs-log-group");
    expect(run.inputs(group)).toEqual({
      name: "/starscreen/test/vpc-flow-logs",
      retentionInDays: 90,
      kmsKeyId: LOGS_KEY,
    });
    const flowLog = run.one("aws:ec2/flowLog:FlowLog", "network-flow-logs-flow-log");
    const role = run.one("aws:iam/role:Role", "network-flow-logs-delivery-role");
    expect(run.inputs(flowLog)).toEqual({
      vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: run.outputs(group).arn,
      iamRoleArn: run.outputs(role).arn,
      maxAggregationInterval: 60,
    });
    expect(flowLog.dependencies).toContain(
      run.one("aws:iam/rolePolicy:RolePolicy", "network-flow-logs-delivery-policy").urn,
    );
    expect(run.parentTypes(flowLog)).toEqual(["starscreen:network:VpcFlowLogs", "starscreen:network:Network"]);
  });

  it("delivers flow logs with a role only vpc-flow-logs.amazonaws.com may assume, writing only that group", () => {
    const trust = run.json(run.one("aws:iam/role:Role", "network-flow-logs-delivery-role"), "assumeRolePolicy")
      .Statement[0];
    expect(trust).toMatchObject({
      Principal: { Service: "vpc-flow-logs.amazonaws.com" },
      Condition: {
        StringEquals: { "aws:SourceAccount": "123456789012" },
        ArnLike: { "aws:SourceArn": "arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*" },
      },
    });
    const groupArn = run.outputs(run.one("aws:cloudwatch/logGroup:LogGroup")).arn;
    expect(
      run.json(run.one("aws:iam/rolePolicy:RolePolicy", "network-flow-logs-delivery-policy"), "policy").Statement,
    ).toEqual([
      {
        Sid: "WriteFlowLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${groupArn}:*`,
      },
      { Sid: "ListFlowLogStreams", Effect: "Allow", Action: ["logs:DescribeLogStreams"], Resource: groupArn },
      // DescribeLogGroups supports no resource-level permission.
      { Sid: "FindFlowLogGroup", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" },
    ]);
  });

  it("exposes the subnets awsx created", async () => {
    const vpcOut = run.outputs(run.one("awsx:ec2:Vpc"));
    expect(await valueOf(net.privateSubnetIds)).toEqual(vpcOut.privateSubnetIds);
    expect(await valueOf(net.publicSubnetIds)).toEqual(vpcOut.publicSubnetIds);
  });
});

describe("Network in an existing VPC", () => {
  let run: MockedRun;
  let net: Network;
  beforeAll(async () => {
    run = await startMockedRun({ stack: "test" });
    net = network({
      kind: "existing",
      vpcId: "vpc-0abc1234def567890",
      privateSubnetIds: ["subnet-0aaa1111bbb222333", "subnet-0ccc4444ddd555666"],
      publicSubnetIds: ["subnet-0eee7777fff888999", "subnet-0123456789abcdef0"],
      privateRouteTableIds: ["rtb-0abc1234def567890", "rtb-0def1234abc567890"],
    });
    await run.settle();
  });

  it("creates no VPC, and attaches flow logs and the endpoint to the given one", async () => {
    expect(run.resources("awsx:ec2:Vpc")).toEqual([]);
    expect(run.inputs(run.one("aws:ec2/flowLog:FlowLog")).vpcId).toBe("vpc-0abc1234def567890");
    expect(run.inputs(run.one("aws:ec2/vpcEndpoint:VpcEndpoint")).routeTableIds).toEqual([
      "rtb-0abc1234def567890",
      "rtb-0def1234abc567890",
    ]);
    expect(await valueOf(net.privateSubnetIds)).toEqual(["subnet-0aaa1111bbb222333", "subnet-0ccc4444ddd555666"]);
  });

  it("refuses fewer than two subnets of a kind", () => {
    expect(() =>
      network({
        kind: "existing",
        vpcId: "vpc-1",
        privateSubnetIds: ["subnet-1"],
        publicSubnetIds: ["subnet-2", "subnet-3"],
        privateRouteTableIds: ["rtb-1"],
      }),
    ).toThrow("Network network: an existing VPC needs at least two privateSubnetIds, got 1");
  });
});

describe("privateRouteTablesOf in a real deployment", () => {
  it("reads route-table associations that are resources with Output fields", async () => {
    const run = await startMockedRun({ stack: "test" });
    // In a real deployment awsx returns resource references; their fields are Outputs.
    const associations = [
      new aws.ec2.RouteTableAssociation("a1", { subnetId: "subnet-private-a", routeTableId: "rtb-private-a" }),
      new aws.ec2.RouteTableAssociation("a2", { subnetId: "subnet-private-b", routeTableId: "rtb-private-b" }),
      new aws.ec2.RouteTableAssociation("a3", { subnetId: "subnet-public-a", routeTableId: "rtb-public" }),
      new aws.ec2.RouteTableAssociation("a4", { subnetId: "subnet-private-c", routeTableId: "rtb-private-a" }),
    ];
    const ids = privateRouteTablesOf({
      privateSubnetIds: pulumi.output(["subnet-private-a", "subnet-private-b", "subnet-private-c"]),
      routeTableAssociations: pulumi.output(associations),
    });
    expect(await valueOf(ids)).toEqual(["rtb-private-a", "rtb-private-b"]);
    await run.settle();
  });
});
