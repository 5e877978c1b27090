import { describe, expect, it } from "vitest";
import { networkSecurityGroupOpenIngress as policy } from "../../../policies/logging/network-security-group-open-ingress";
import { runPolicy, UNKNOWN, urnFor, type FakeResource } from "../../helpers/policy-harness";
import { ingressRule, loadBalancer, ourStack, res, securityGroup, T } from "./our-stack";

const alb = () => loadBalancer("prod");
const albSg = () => securityGroup("prod", "alb");
const apiSg = () => securityGroup("prod", "api");

async function messages(resources: FakeResource[], config?: Record<string, unknown>) {
  const run = await runPolicy(policy, resources, config);
  expect(run.unknown).toBeUndefined();
  return run.violations;
}

describe("network-security-group-open-ingress", () => {
  it("passes our stacks (ALB group open on 80/443 over IPv4 and IPv6, API group only from the ALB group)", async () => {
    expect(await messages(ourStack("dev"))).toEqual([]);
    expect(await messages(ourStack("prod"))).toEqual([]);
  });

  it("reports SSH open to the internet on any group, naming the rule", async () => {
    const rule = ingressRule("prod", "alb-ssh", "alb", {
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 22,
      toPort: 22,
    });
    const out = await messages([alb(), albSg(), rule]);
    expect(out).toEqual([
      {
        urn: rule.urn,
        message: expect.stringMatching(
          /Security group rule "prod-alb-ssh" allows ingress from 0.0.0.0\/0 on tcp port 22: only ports 80, 443 may be open to the internet, and only on a load balancer's security group/,
        ),
      },
    ]);
  });

  it("reports all-traffic rules (protocol -1) and port ranges that include 80/443", async () => {
    const all = ingressRule("prod", "alb-all", "alb", { cidrIpv6: "::/0", ipProtocol: "-1" });
    const range = ingressRule("prod", "alb-range", "alb", {
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 80,
      toPort: 443,
    });
    const out = await messages([alb(), albSg(), all, range]);
    expect(out.map((v) => v.message)).toEqual([
      expect.stringMatching(/"prod-alb-all" allows ingress from ::\/0 on all protocols and ports/),
      expect.stringMatching(/"prod-alb-range" allows ingress from 0.0.0.0\/0 on tcp ports 80-443/),
    ]);
  });

  it("reports non-TCP/UDP protocols open to the internet", async () => {
    const icmp = ingressRule("prod", "alb-icmp", "alb", {
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "icmp",
      fromPort: -1,
      toPort: -1,
    });
    expect((await messages([alb(), albSg(), icmp]))[0].message).toMatch(/on protocol icmp/);
  });

  it("reports 443 open on a group that no load balancer uses", async () => {
    const rule = ingressRule("prod", "api-https", "api", {
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
    });
    const out = await messages([alb(), albSg(), apiSg(), rule]);
    expect(out.map((v) => v.message)).toEqual([
      expect.stringMatching(
        /"prod-api-https" allows ingress from 0.0.0.0\/0 on tcp port 443, but security group "prod-api-sg" is not a load balancer's security group/,
      ),
    ]);
    const noLb = await messages([
      albSg(),
      res(T.ingressRule, "orphan", {
        securityGroupId: "sg-0alb",
        cidrIpv4: "0.0.0.0/0",
        ipProtocol: "tcp",
        fromPort: 80,
        toPort: 80,
      }),
    ]);
    expect(noLb[0].message).toMatch(/"orphan" .* but its security group is not a load balancer's security group/);
  });

  it("reads inline ingress blocks on SecurityGroup (and DefaultSecurityGroup)", async () => {
    const open = securityGroup("prod", "alb", {
      ingress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
        { protocol: "tcp", fromPort: 8000, toPort: 8000, securityGroups: ["sg-0other"] },
        { protocol: "6", fromPort: 3389, toPort: 3389, cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"] },
      ],
    });
    const out = await messages([alb(), open]);
    expect(out).toEqual([
      {
        urn: open.urn,
        message: expect.stringMatching(
          /Security group "prod-alb-sg" inline ingress rule #3 allows ingress from 0.0.0.0\/0 on tcp port 3389/,
        ),
      },
    ]);
    const dflt = res("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default", {
      ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }],
    });
    expect((await messages([dflt]))[0].message).toMatch(/"default" inline ingress rule #1 .* all protocols and ports/);
  });

  it("reads SecurityGroupRule (type ingress only) and relates it by value when there are no dependencies", async () => {
    const https = res(T.securityGroupRule, "lb-https", {
      type: "ingress",
      securityGroupId: "sg-0alb",
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrBlocks: ["0.0.0.0/0"],
    });
    const egress = res(T.securityGroupRule, "lb-egress", {
      type: "egress",
      securityGroupId: "sg-0alb",
      protocol: "-1",
      fromPort: 0,
      toPort: 0,
      cidrBlocks: ["0.0.0.0/0"],
    });
    const lbByValue = loadBalancer("prod", {}, { propertyDependencies: {} });
    expect(await messages([lbByValue, albSg(), https, egress])).toEqual([]);
    const wrongGroup = res(T.securityGroupRule, "x-https", {
      type: "ingress",
      securityGroupId: "sg-0api",
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrBlocks: ["0.0.0.0/0"],
    });
    expect((await messages([lbByValue, albSg(), wrongGroup]))[0].message).toMatch(
      /"x-https" .* its security group is not a load balancer's/,
    );
  });

  it("relates inline groups to load balancers by id when the load balancer has no dependencies", async () => {
    const open = securityGroup("prod", "alb", {
      ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }],
    });
    expect(await messages([loadBalancer("prod", {}, { propertyDependencies: {} }), open])).toEqual([]);
    expect(
      (await messages([loadBalancer("prod", { securityGroups: ["sg-0zzz"] }, { propertyDependencies: {} }), open]))
        .length,
    ).toBe(1);
  });

  it("works with the aws:alb load balancer token", async () => {
    const rule = ingressRule("prod", "alb-https", "alb", {
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
    });
    expect(await messages([loadBalancer("prod", {}, {}, T.alb), albSg(), rule])).toEqual([]);
  });

  it("ignores rules that are not open to the internet", async () => {
    const rules = [
      ingressRule("prod", "a", "api", { cidrIpv4: "10.0.0.0/16", ipProtocol: "-1" }),
      ingressRule("prod", "b", "api", {
        referencedSecurityGroupId: "sg-0alb",
        ipProtocol: "tcp",
        fromPort: 8000,
        toPort: 8000,
      }),
      ingressRule("prod", "c", "api", { prefixListId: "pl-123", ipProtocol: "tcp", fromPort: 443, toPort: 443 }),
    ];
    expect(await messages([apiSg(), ...rules])).toEqual([]);
  });

  it("honours the allowedPorts knob and a waiver", async () => {
    const rule = ingressRule("prod", "alb-8443", "alb", {
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 8443,
      toPort: 8443,
    });
    expect(await messages([alb(), albSg(), rule])).toHaveLength(1);
    expect(await messages([alb(), albSg(), rule], { allowedPorts: [443, 8443] })).toEqual([]);
    const waived = await messages([alb(), albSg(), rule], {
      waivers: [{ resource: rule.urn, justification: "Partner integration port, IP allow-listing tracked in SEC-42." }],
    });
    expect(waived).toEqual([]);
  });

  it("propagates an unknown CIDR and does not read values that dependencies settled", async () => {
    const unknownCidr = ingressRule("prod", "u", "alb", {
      cidrIpv4: UNKNOWN,
      ipProtocol: "tcp",
      fromPort: 22,
      toPort: 22,
    });
    expect((await runPolicy(policy, [alb(), albSg(), unknownCidr])).unknown).toBeDefined();
    const settled = ingressRule("prod", "s", "alb", {
      securityGroupId: UNKNOWN,
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
    });
    const lb = loadBalancer("prod", { securityGroups: [UNKNOWN] });
    const group = securityGroup("prod", "alb", { id: UNKNOWN });
    const run = await runPolicy(policy, [lb, group, settled]);
    expect(run.unknown).toBeUndefined();
    expect(run.violations).toEqual([]);
  });

  it("never throws on odd shapes", async () => {
    const odd: FakeResource[] = [
      securityGroup("prod", "odd", { ingress: "x" }),
      securityGroup("prod", "odd2", { ingress: [null, 5, { cidrBlocks: "0.0.0.0/0", protocol: null }] }),
      res(T.ingressRule, "odd3", { cidrIpv4: ["0.0.0.0/0"], ipProtocol: 6, fromPort: "443", toPort: "443" }),
      res(T.securityGroupRule, "odd4", { type: 7 }),
      { type: T.ingressRule, props: {}, urn: urnFor(T.ingressRule, "odd5") },
    ];
    const out = await messages(odd);
    expect(out.map((v) => v.urn)).toEqual([urnFor(T.securityGroup, "prod-odd2-sg"), urnFor(T.ingressRule, "odd3")]);
  });
});
