import { describe, expect, it } from "vitest";
import { elbWafAssociated } from "../../../policies/elb/elb-waf-associated";
import { runPolicy, UNKNOWN, type FakeResource } from "../../helpers/policy-harness";
import { loadBalancer, ourStack, res, T } from "../logging/our-stack";

function association(resourceArn: unknown, deps?: string[], type: string = T.webAclAssociation): FakeResource {
  return res(
    type,
    `assoc-${Math.random().toString(36).slice(2, 8)}`,
    { resourceArn, webAclArn: "arn:acl" },
    deps ? { propertyDependencies: { resourceArn: deps } } : {},
  );
}

describe("elb-waf-associated (prod only)", () => {
  it("passes our prod stack (association related through propertyDependencies)", async () => {
    expect((await runPolicy(elbWafAssociated, ourStack("prod"))).violations).toEqual([]);
  });

  for (const type of [T.lb, T.alb]) {
    it(`reports an internet-facing ALB without an association (${type})`, async () => {
      const alb = loadBalancer("prod", {}, {}, type);
      const run = await runPolicy(elbWafAssociated, [alb]);
      expect(run.violations).toEqual([
        {
          urn: alb.urn,
          message: expect.stringMatching(
            /Internet-facing application load balancer "prod-alb" has no WAF web ACL association/,
          ),
        },
      ]);
    });
  }

  it("relates by value when there are no property dependencies (arn or id)", async () => {
    const alb = loadBalancer("prod");
    expect((await runPolicy(elbWafAssociated, [alb, association(alb.props.arn)])).violations).toEqual([]);
    const byId = loadBalancer("prod", { arn: "arn:other" });
    expect((await runPolicy(elbWafAssociated, [byId, association(byId.props.id)])).violations).toEqual([]);
    expect((await runPolicy(elbWafAssociated, [alb, association("arn:something-else")])).violations).toHaveLength(1);
  });

  it("accepts a WAF Classic regional association", async () => {
    const alb = loadBalancer("prod");
    const run = await runPolicy(elbWafAssociated, [
      alb,
      association(UNKNOWN, [alb.urn], "aws:wafregional/webAclAssociation:WebAclAssociation"),
    ]);
    expect(run.violations).toEqual([]);
    expect(run.unknown).toBeUndefined();
  });

  it("does not use an association whose dependencies point at another resource", async () => {
    const alb = loadBalancer("prod");
    const stage = res("aws:apigateway/stage:Stage", "stage", { arn: alb.props.arn });
    const run = await runPolicy(elbWafAssociated, [alb, stage, association(alb.props.arn, [stage.urn])]);
    expect(run.violations).toHaveLength(1);
  });

  it("skips internal, network and gateway load balancers", async () => {
    const run = await runPolicy(elbWafAssociated, [
      loadBalancer("prod", { internal: true }),
      loadBalancer("dev", { loadBalancerType: "network" }),
      res(T.lb, "gw", { loadBalancerType: "gateway" }),
    ]);
    expect(run.violations).toEqual([]);
  });

  it("reports each uncovered ALB once and covers each related one", async () => {
    const a = loadBalancer("prod");
    const b = res(T.alb, "second", { loadBalancerType: "application", arn: "arn:b", id: "arn:b" });
    const c = res(T.lb, "third", { arn: "arn:c" });
    const run = await runPolicy(elbWafAssociated, [a, b, c, association(undefined, [a.urn]), association("arn:c")]);
    expect(run.violations.map((v) => v.urn)).toEqual([b.urn]);
  });

  it("is skipped in dev", async () => {
    expect((await runPolicy(elbWafAssociated, [loadBalancer("dev")], { environment: "dev" })).violations).toEqual([]);
  });

  it("propagates an unknown ARN only when value matching needs it", async () => {
    const alb = loadBalancer("prod", { arn: UNKNOWN, id: UNKNOWN });
    expect((await runPolicy(elbWafAssociated, [alb, association(UNKNOWN, [alb.urn])])).unknown).toBeUndefined();
    expect((await runPolicy(elbWafAssociated, [alb, association("arn:x")])).unknown).toBeDefined();
  });
});
