import { describe, expect, it } from "vitest";
import { elbAccessLogs } from "../../../policies/elb/elb-access-logs";
import { elbDeletionProtection } from "../../../policies/elb/elb-deletion-protection";
import { elbDropInvalidHeaders } from "../../../policies/elb/elb-drop-invalid-headers";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { loadBalancer, T } from "../logging/our-stack";

const TOKENS = [T.lb, T.alb];

describe("elb-drop-invalid-headers", () => {
  for (const type of TOKENS) {
    it(`passes our ALB and reports one that keeps invalid headers (${type})`, async () => {
      expect((await runPolicy(elbDropInvalidHeaders, loadBalancer("prod", {}, {}, type))).violations).toEqual([]);
      const run = await runPolicy(
        elbDropInvalidHeaders,
        loadBalancer("prod", { dropInvalidHeaderFields: false }, {}, type),
      );
      expect(run.violations.map((v) => v.message)).toEqual([
        expect.stringMatching(/Application load balancer "prod-alb" has dropInvalidHeaderFields false/),
      ]);
    });
  }

  it("treats an absent loadBalancerType as application and ignores NLB/GWLB", async () => {
    const implicit = await runPolicy(
      elbDropInvalidHeaders,
      loadBalancer("dev", { loadBalancerType: undefined, dropInvalidHeaderFields: undefined }),
    );
    expect(implicit.violations[0].message).toMatch(/dropInvalidHeaderFields unset \(false\)/);
    const others = await runPolicy(elbDropInvalidHeaders, [
      loadBalancer("dev", { loadBalancerType: "network", dropInvalidHeaderFields: undefined }),
      loadBalancer("prod", { loadBalancerType: "gateway", dropInvalidHeaderFields: undefined }),
    ]);
    expect(others.violations).toEqual([]);
  });

  it("propagates unknown values", async () => {
    expect(
      (await runPolicy(elbDropInvalidHeaders, loadBalancer("dev", { dropInvalidHeaderFields: UNKNOWN }))).unknown,
    ).toBeDefined();
  });
});

describe("elb-access-logs", () => {
  for (const type of TOKENS) {
    it(`passes our ALB and reports one without access logs (${type})`, async () => {
      expect((await runPolicy(elbAccessLogs, loadBalancer("dev", {}, {}, type))).violations).toEqual([]);
      const run = await runPolicy(elbAccessLogs, loadBalancer("dev", { accessLogs: undefined }, {}, type));
      expect(run.violations.map((v) => v.message)).toEqual([
        expect.stringMatching(/Application load balancer "dev-alb" has no accessLogs/),
      ]);
    });
  }

  it("reports disabled logs (a bucket alone does not enable them) and enabled logs without a bucket", async () => {
    const disabled = await runPolicy(elbAccessLogs, loadBalancer("dev", { accessLogs: { bucket: "logs" } }));
    expect(disabled.violations[0].message).toMatch(/accessLogs.enabled unset \(false\)/);
    const noBucket = await runPolicy(
      elbAccessLogs,
      loadBalancer("dev", { accessLogs: [{ enabled: true, bucket: " " }] }),
    );
    expect(noBucket.violations[0].message).toMatch(/enables access logs without a bucket/);
  });

  it("checks network load balancers and skips gateway load balancers", async () => {
    const nlb = await runPolicy(
      elbAccessLogs,
      loadBalancer("dev", { loadBalancerType: "network", accessLogs: { enabled: false, bucket: "b" } }),
    );
    expect(nlb.violations[0].message).toMatch(/Network load balancer "dev-alb" has accessLogs.enabled false/);
    const gwlb = await runPolicy(
      elbAccessLogs,
      loadBalancer("dev", { loadBalancerType: "gateway", accessLogs: undefined }),
    );
    expect(gwlb.violations).toEqual([]);
  });

  it("propagates unknown values", async () => {
    const run = await runPolicy(elbAccessLogs, loadBalancer("dev", { accessLogs: { enabled: true, bucket: UNKNOWN } }));
    expect(run.unknown).toMatch(/bucket/);
  });
});

describe("elb-deletion-protection (prod only)", () => {
  it("passes our prod ALB", async () => {
    expect((await runPolicy(elbDeletionProtection, loadBalancer("prod"))).violations).toEqual([]);
  });

  for (const type of TOKENS) {
    it(`reports a prod load balancer without deletion protection (${type})`, async () => {
      const run = await runPolicy(elbDeletionProtection, loadBalancer("dev", {}, {}, type), { environment: "prod" });
      expect(run.violations.map((v) => v.message)).toEqual([
        expect.stringMatching(/Load balancer "dev-alb" \(application\) has enableDeletionProtection false/),
      ]);
    });
  }

  it("defaults to prod (the strict reading) and skips dev stacks", async () => {
    const lb = loadBalancer("dev", { enableDeletionProtection: undefined });
    expect((await runPolicy(elbDeletionProtection, lb)).violations[0].message).toMatch(/unset \(false\)/);
    expect((await runPolicy(elbDeletionProtection, lb, { environment: "dev" })).violations).toEqual([]);
  });

  it("covers network load balancers too and honours a waiver", async () => {
    const nlb = loadBalancer("prod", { loadBalancerType: "network", enableDeletionProtection: false });
    expect((await runPolicy(elbDeletionProtection, nlb)).violations[0].message).toMatch(/\(network\)/);
    const waived = await runPolicy(elbDeletionProtection, nlb, {
      waivers: [{ resource: "prod-alb", justification: "Blue/green cut-over in change CHG-1234, restored after." }],
    });
    expect(waived.violations).toEqual([]);
  });
});
