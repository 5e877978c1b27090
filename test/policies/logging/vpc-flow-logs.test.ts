import { describe, expect, it } from "vitest";
import { vpcFlowLogs } from "../../../policies/logging/vpc-flow-logs";
import { vpcFlowLogsAllTraffic } from "../../../policies/logging/vpc-flow-logs-all-traffic";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { awsxVpc, flowLog, ourStack, res, T } from "./our-stack";

const plainVpc = (name: string, id: string, extra = {}) => res(T.vpc, name, { cidrBlock: "10.0.0.0/16", id }, extra);

describe("vpc-flow-logs", () => {
  it("passes our stacks (awsx VPC, flow log related through propertyDependencies.vpcId)", async () => {
    for (const env of ["dev", "prod"] as const) {
      expect((await runPolicy(vpcFlowLogs, ourStack(env))).violations).toEqual([]);
    }
  });

  it("reports an awsx VPC without a flow log, on the component", async () => {
    const vpc = awsxVpc("prod");
    const run = await runPolicy(vpcFlowLogs, [vpc]);
    expect(run.violations).toEqual([
      {
        urn: vpc.urn,
        message: expect.stringMatching(
          /VPC "prod-vpc" has no flow log: rejected and accepted connections are not recorded/,
        ),
      },
    ]);
  });

  it("relates an awsx VPC by its vpcId output when the flow log has no dependencies", async () => {
    expect(
      (await runPolicy(vpcFlowLogs, [awsxVpc("prod"), flowLog("prod", {}, { propertyDependencies: {} })])).violations,
    ).toEqual([]);
    const other = await runPolicy(vpcFlowLogs, [
      awsxVpc("prod"),
      flowLog("prod", { vpcId: "vpc-0other" }, { propertyDependencies: {} }),
    ]);
    expect(other.violations).toHaveLength(1);
  });

  it("treats an awsx component and its visible child VPC as one VPC", async () => {
    const component = awsxVpc("prod");
    const child = plainVpc("prod-vpc-child", "vpc-0abc", { parent: component.urn });
    // related to the component by dependency
    expect((await runPolicy(vpcFlowLogs, [component, child, flowLog("prod")])).violations).toEqual([]);
    // related to the child by dependency
    const toChild = flowLog("prod", {}, { propertyDependencies: { vpcId: [child.urn] } });
    expect((await runPolicy(vpcFlowLogs, [component, child, toChild])).violations).toEqual([]);
    // related to the child's id by value
    const byChildId = flowLog("prod", { vpcId: "vpc-0child" }, { propertyDependencies: {} });
    const component2 = awsxVpc("prod", { vpcId: UNKNOWN });
    const child2 = plainVpc("prod-vpc-child", "vpc-0child", { parent: component2.urn });
    const run = await runPolicy(vpcFlowLogs, [component2, child2, byChildId]);
    expect(run.violations).toEqual([]);
    // none: reported once, on the component
    const none = await runPolicy(vpcFlowLogs, [component, child]);
    expect(none.violations.map((v) => v.urn)).toEqual([component.urn]);
  });

  it("reports a plain VPC without a flow log and relates plain VPCs by id", async () => {
    const a = plainVpc("a", "vpc-a");
    const b = plainVpc("b", "vpc-b");
    const log = res(T.flowLog, "log-a", { vpcId: "vpc-a", trafficType: "REJECT" });
    const run = await runPolicy(vpcFlowLogs, [a, b, log]);
    expect(run.violations.map((v) => v.urn)).toEqual([b.urn]);
  });

  it("reports a VPC whose flow logs record only accepted traffic", async () => {
    const run = await runPolicy(vpcFlowLogs, [awsxVpc("prod"), flowLog("prod", { trafficType: "ACCEPT" })]);
    expect(run.violations[0].message).toMatch(
      /has flow logs with trafficType "ACCEPT" only: rejected traffic is not recorded/,
    );
    const unset = await runPolicy(vpcFlowLogs, [awsxVpc("prod"), flowLog("prod", { trafficType: undefined })]);
    expect(unset.violations[0].message).toMatch(/trafficType unset only/);
  });

  it("sees every flow log of a VPC: a REJECT log matched by value counts beside an ACCEPT log related by dependency", async () => {
    const accept = flowLog("prod", { trafficType: "ACCEPT" });
    const reject = res(T.flowLog, "rejects", { vpcId: "vpc-0abc", trafficType: "REJECT" });
    expect((await runPolicy(vpcFlowLogs, [awsxVpc("prod"), accept, reject])).violations).toEqual([]);
    expect((await runPolicy(vpcFlowLogs, [awsxVpc("prod"), accept])).violations).toHaveLength(1);
  });

  it("ignores flow logs of subnets and ENIs and flow logs whose dependencies point elsewhere", async () => {
    const subnetLog = res(T.flowLog, "subnet-log", { subnetId: "subnet-1", trafficType: "ALL" });
    const elsewhere = flowLog("prod", {}, { propertyDependencies: { vpcId: [urnFor("x")] } });
    const run = await runPolicy(vpcFlowLogs, [
      awsxVpc("prod"),
      subnetLog,
      elsewhere,
      res("aws:ec2/subnet:Subnet", "x", {}),
    ]);
    expect(run.violations).toHaveLength(1);
  });

  it("propagates unknown values only where value matching needs them", async () => {
    expect(
      (await runPolicy(vpcFlowLogs, [awsxVpc("prod", { vpcId: UNKNOWN }), flowLog("prod", { vpcId: UNKNOWN })]))
        .unknown,
    ).toBeUndefined();
    const run = await runPolicy(vpcFlowLogs, [
      awsxVpc("prod", { vpcId: UNKNOWN }),
      flowLog("prod", {}, { propertyDependencies: {} }),
    ]);
    expect(run.unknown).toBeDefined();
  });

  it("honours a waiver", async () => {
    const run = await runPolicy(vpcFlowLogs, [awsxVpc("prod")], {
      waivers: [{ resource: "prod-vpc", justification: "Shared VPC; flow logs are owned by the network account." }],
    });
    expect(run.violations).toEqual([]);
  });
});

describe("vpc-flow-logs-all-traffic (advisory)", () => {
  it("passes ALL, and ACCEPT plus REJECT", async () => {
    expect(vpcFlowLogsAllTraffic.enforcementLevel).toBe("advisory");
    expect((await runPolicy(vpcFlowLogsAllTraffic, ourStack("prod"))).violations).toEqual([]);
    const pair = [
      awsxVpc("prod"),
      flowLog("prod", { trafficType: "REJECT" }),
      res(T.flowLog, "accepts", { trafficType: "ACCEPT", vpcId: "vpc-0abc" }),
    ];
    expect((await runPolicy(vpcFlowLogsAllTraffic, pair)).violations).toEqual([]);
  });

  it("reports REJECT-only flow logs", async () => {
    const run = await runPolicy(vpcFlowLogsAllTraffic, [awsxVpc("prod"), flowLog("prod", { trafficType: "reject" })]);
    expect(run.violations[0].message).toMatch(/VPC "prod-vpc" records only rejected traffic/);
  });

  it("leaves VPCs without a reject-capturing flow log to the mandatory policy", async () => {
    const run = await runPolicy(vpcFlowLogsAllTraffic, [awsxVpc("prod"), flowLog("prod", { trafficType: "ACCEPT" })]);
    expect(run.violations).toEqual([]);
  });
});

function urnFor(name: string): string {
  return `urn:pulumi:test::starscreen-infra::aws:ec2/subnet:Subnet::${name}`;
}
