import { describe, expect, it } from "vitest";
import { elbGuardrails } from "../../../policies/elb";
import { loggingGuardrails } from "../../../policies/logging";
import { runPolicy, stackResources, urnFor, type FakeResource } from "../../helpers/policy-harness";
import { res, T } from "./our-stack";

/** ~10,000 resources: VPCs with flow logs, ALBs with groups, rules and WAF associations, endpoints, half related by value. */
function syntheticStack(units: number): FakeResource[] {
  const out: FakeResource[] = [];
  for (let i = 0; i < units; i++) {
    const byValue = i % 2 === 0;
    const vpc = res(T.vpc, `vpc-${i}`, { id: `vpc-${i}` });
    const sg = res(T.securityGroup, `sg-${i}`, { id: `sg-${i}` });
    const lb = res(
      T.lb,
      `lb-${i}`,
      {
        loadBalancerType: "application",
        internal: false,
        securityGroups: [`sg-${i}`],
        arn: `arn:lb-${i}`,
        id: `arn:lb-${i}`,
      },
      byValue ? {} : { propertyDependencies: { securityGroups: [sg.urn] } },
    );
    const endpoint = res(T.vpcEndpoint, `vpce-${i}`, {
      serviceName: "com.amazonaws.us-east-1.s3",
      id: `vpce-${i}`,
      policy: '{"Statement":[]}',
    });
    out.push(
      vpc,
      res(
        T.flowLog,
        `fl-${i}`,
        { vpcId: `vpc-${i}`, trafficType: "ALL" },
        byValue ? {} : { propertyDependencies: { vpcId: [vpc.urn] } },
      ),
      sg,
      res(
        T.ingressRule,
        `in-${i}`,
        { securityGroupId: `sg-${i}`, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443 },
        byValue ? {} : { propertyDependencies: { securityGroupId: [sg.urn] } },
      ),
      lb,
      res(
        T.webAclAssociation,
        `waf-${i}`,
        { resourceArn: `arn:lb-${i}` },
        byValue ? {} : { propertyDependencies: { resourceArn: [lb.urn] } },
      ),
      endpoint,
      res(T.logGroup, `lg-${i}`, { retentionInDays: 30, kmsKeyId: "arn:key" }),
      res(T.listener, `ls-${i}`, { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }),
      res("aws:s3/bucket:Bucket", `b-${i}`, {}),
    );
  }
  return out;
}

describe("stack guardrails scale linearly", () => {
  const resources = stackResources(syntheticStack(1_000));

  it("builds 10,000 resources", () => {
    expect(resources.length).toBe(10_000);
  });
  const stackPolicies = [...elbGuardrails, ...loggingGuardrails].filter((p) => "validateStack" in p);

  for (const policy of stackPolicies) {
    it(`${policy.name}: 10,000 resources in well under 2 s, with no violation`, async () => {
      const started = performance.now();
      const run = await runPolicy(policy, resources as never);
      const elapsed = performance.now() - started;
      expect(run.violations).toEqual([]);
      expect(elapsed).toBeLessThan(500);
    });
  }

  it("still finds the one uncovered VPC among 10,000 resources", async () => {
    const stack = syntheticStack(1_000);
    stack.push(res(T.vpc, "lonely", { id: "vpc-lonely" }));
    const policy = loggingGuardrails.find((p) => p.name === "vpc-flow-logs")!;
    const run = await runPolicy(policy, stack);
    expect(run.violations.map((v) => v.urn)).toEqual([urnFor(T.vpc, "lonely")]);
  });
});
