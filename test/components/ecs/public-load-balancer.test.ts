import * as aws from "@pulumi/aws";
import { beforeAll, describe, expect, it } from "vitest";
import { EcsCluster } from "../../../components/ecs/cluster";
import { PublicLoadBalancer, type PublicLoadBalancerArgs } from "../../../components/ecs/public-load-balancer";
import { startMockedRun, valueOf, type MockedRun } from "../../helpers/pulumi-mocks";

const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b";
const LISTENER = "aws:lb/listener:Listener";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

function args(grant: aws.s3.BucketPolicy, extra: Partial<PublicLoadBalancerArgs>): PublicLoadBalancerArgs {
  return {
    vpcId: "vpc-0abc1234def567890",
    subnetIds: ["subnet-public-a", "subnet-public-b"],
    targetPort: 8000,
    healthCheckPath: "/health",
    accessLogs: { bucket: "access-logs-bucket", prefix: "alb", grant },
    ...extra,
  };
}

describe("PublicLoadBalancer with a certificate", () => {
  let run: MockedRun;
  let lb: PublicLoadBalancer;
  let grant: aws.s3.BucketPolicy;
  beforeAll(async () => {
    run = await startMockedRun({ stack: "prod" });
    grant = new aws.s3.BucketPolicy("log-grant", { bucket: "access-logs-bucket", policy: "{}" });
    lb = new PublicLoadBalancer("api-lb", args(grant, { certificateArn: CERTIFICATE }));
    await run.settle();
  });

  it("is an internet-facing ALB in the public subnets that drops invalid headers, logs access and refuses deletion", () => {
    const alb = run.one("aws:lb/loadBalancer:LoadBalancer", "api-lb-alb");
    const sgId = run.one("aws:ec2/securityGroup:SecurityGroup", "api-lb-sg").id;
    expect(run.inputs(alb)).toEqual({
      loadBalancerType: "application",
      internal: false,
      ipAddressType: "ipv4",
      subnets: ["subnet-public-a", "subnet-public-b"],
      securityGroups: [sgId],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: true,
      idleTimeout: 60,
      accessLogs: { bucket: "access-logs-bucket", prefix: "alb", enabled: true },
    });
    expect(alb.dependencies).toContain(run.one("aws:s3/bucketPolicy:BucketPolicy", "log-grant").urn);
  });

  it("opens exactly 443 and 80 to the internet, on its own security group", () => {
    const sgId = run.one("aws:ec2/securityGroup:SecurityGroup", "api-lb-sg").id;
    const rules = run.resources(INGRESS).map((r) => run.inputs(r));
    expect(rules).toEqual([
      {
        securityGroupId: sgId,
        cidrIpv4: "0.0.0.0/0",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "HTTPS from the internet",
      },
      {
        securityGroupId: sgId,
        cidrIpv4: "0.0.0.0/0",
        ipProtocol: "tcp",
        fromPort: 80,
        toPort: 80,
        description: "HTTP from the internet",
      },
    ]);
  });

  it("serves HTTPS with TLS 1.3/1.2 only and redirects HTTP to HTTPS", () => {
    const albArn = run.outputs(run.one("aws:lb/loadBalancer:LoadBalancer")).arn;
    const tgArn = run.outputs(run.one("aws:lb/targetGroup:TargetGroup")).arn;
    expect(run.inputs(run.one(LISTENER, "api-lb-https-listener"))).toEqual({
      loadBalancerArn: albArn,
      protocol: "HTTPS",
      port: 443,
      certificateArn: CERTIFICATE,
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      defaultActions: [{ type: "forward", targetGroupArn: tgArn }],
    });
    expect(run.inputs(run.one(LISTENER, "api-lb-http-listener"))).toEqual({
      loadBalancerArn: albArn,
      protocol: "HTTP",
      port: 80,
      defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    });
  });

  it("health-checks task IPs on the configured path", () => {
    expect(run.inputs(run.one("aws:lb/targetGroup:TargetGroup", "api-lb-targets"))).toEqual({
      vpcId: "vpc-0abc1234def567890",
      targetType: "ip",
      protocol: "HTTP",
      protocolVersion: "HTTP1",
      port: 8000,
      deregistrationDelay: 30,
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        path: "/health",
        matcher: "200-399",
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
    });
  });

  it("has an https URL", async () => {
    const dns = run.outputs(run.one("aws:lb/loadBalancer:LoadBalancer")).dnsName;
    expect(await valueOf(lb.url)).toBe(`https://${dns}`);
    expect(lb.listeners).toHaveLength(2);
  });

  it("refuses a certificate together with plain HTTP, and neither", () => {
    expect(
      () => new PublicLoadBalancer("both", args(grant, { certificateArn: CERTIFICATE, allowPlainHttp: true })),
    ).toThrow("PublicLoadBalancer both: certificateArn and allowPlainHttp conflict");
    expect(() => new PublicLoadBalancer("neither", args(grant, {}))).toThrow(
      "PublicLoadBalancer neither: give certificateArn (HTTPS), or set allowPlainHttp to serve plain HTTP (dev only)",
    );
  });
});

describe("EcsCluster", () => {
  it("turns on Container Insights and offers FARGATE and FARGATE_SPOT", async () => {
    const run = await startMockedRun({ stack: "prod" });
    const cluster = new EcsCluster("ecs");
    await run.settle();
    expect(run.inputs(run.one("aws:ecs/cluster:Cluster", "ecs-cluster"))).toEqual({
      settings: [{ name: "containerInsights", value: "enabled" }],
    });
    expect(
      run.inputs(run.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "ecs-capacity-providers")),
    ).toEqual({
      clusterName: await valueOf(cluster.name),
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
    });
  });
});

describe("PublicLoadBalancer without a certificate (dev)", () => {
  let run: MockedRun;
  let lb: PublicLoadBalancer;
  beforeAll(async () => {
    run = await startMockedRun({ stack: "dev" });
    const grant = new aws.s3.BucketPolicy("log-grant", { bucket: "access-logs-bucket", policy: "{}" });
    lb = new PublicLoadBalancer("api-lb", args(grant, { allowPlainHttp: true, deletionProtection: false }));
    await run.settle();
  });

  it("has no HTTPS listener; the HTTP listener forwards and only port 80 is open", async () => {
    expect(run.resources(LISTENER).map((l) => l.name)).toEqual(["api-lb-http-listener"]);
    const tgArn = run.outputs(run.one("aws:lb/targetGroup:TargetGroup")).arn;
    expect(run.inputs(run.one(LISTENER)).defaultActions).toEqual([{ type: "forward", targetGroupArn: tgArn }]);
    expect(run.resources(INGRESS).map((r) => run.inputs(r).fromPort)).toEqual([80]);
    expect(run.inputs(run.one("aws:lb/loadBalancer:LoadBalancer")).enableDeletionProtection).toBe(false);
    expect(await valueOf(lb.url)).toMatch(/^http:\/\//);
  });
});
