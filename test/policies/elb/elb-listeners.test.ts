import { describe, expect, it } from "vitest";
import { elbHttpRedirectsToHttps } from "../../../policies/elb/elb-http-redirects-to-https";
import { elbTlsPolicy } from "../../../policies/elb/elb-tls-policy";
import { TLS12_PLUS_POLICIES } from "../../../policies/elb/shared";
import { appliedWaivers } from "../../../policies/lib/waivers";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { DEV_HTTP_WAIVER, httpForwardListener, httpRedirectListener, httpsListener, T } from "../logging/our-stack";

const TOKENS = [T.listener, T.albListener];

describe("elb-http-redirects-to-https", () => {
  for (const type of TOKENS) {
    it(`passes an HTTP listener that redirects to HTTPS, and an HTTPS listener (${type})`, async () => {
      const run = await runPolicy(elbHttpRedirectsToHttps, [
        httpRedirectListener("prod", {}, type),
        httpsListener("prod", {}, type),
      ]);
      expect(run.violations).toEqual([]);
    });

    it(`reports an HTTP listener that forwards (${type})`, async () => {
      const listener = httpForwardListener("prod", {}, type);
      const run = await runPolicy(elbHttpRedirectsToHttps, listener);
      expect(run.violations).toEqual([
        {
          urn: listener.urn,
          message: expect.stringMatching(
            /HTTP listener "prod-http" \(port 80\) serves requests over plain HTTP \(default action "forward"\)/,
          ),
        },
      ]);
    });
  }

  it("reports in every environment: dev needs its waiver", async () => {
    const listener = httpForwardListener("dev");
    expect((await runPolicy(elbHttpRedirectsToHttps, listener, { environment: "dev" })).violations).toHaveLength(1);
    const waived = await runPolicy(elbHttpRedirectsToHttps, listener, { waivers: [DEV_HTTP_WAIVER] });
    expect(waived.violations).toEqual([]);
    expect(appliedWaivers().map((w) => [w.policy, w.urn])).toEqual([["elb-http-redirects-to-https", listener.urn]]);
  });

  it("does not accept a waiver without a real justification", async () => {
    const run = await runPolicy(elbHttpRedirectsToHttps, httpForwardListener("dev"), {
      waivers: [{ resource: "*dev-http", justification: "because" }],
    });
    expect(run.violations).toHaveLength(1);
  });

  it("reports a redirect that keeps HTTP or goes to plain HTTP", async () => {
    const keep = await runPolicy(
      elbHttpRedirectsToHttps,
      httpRedirectListener("prod", {
        defaultActions: [{ type: "redirect", redirect: { statusCode: "HTTP_301", port: "8080" } }],
      }),
    );
    expect(keep.violations[0].message).toMatch(/redirects to protocol unset .*it must redirect to HTTPS/);
    const http = await runPolicy(
      elbHttpRedirectsToHttps,
      httpRedirectListener("prod", {
        defaultActions: [{ type: "redirect", redirect: [{ protocol: "HTTP", statusCode: "HTTP_302" }] }],
      }),
    );
    expect(http.violations[0].message).toMatch(/redirects to protocol "HTTP"/);
  });

  it("reports fixed responses and missing actions; accepts lower-case values", async () => {
    const fixed = await runPolicy(
      elbHttpRedirectsToHttps,
      httpForwardListener("prod", {
        defaultActions: [{ type: "fixed-response", fixedResponse: { statusCode: "200" } }],
      }),
    );
    expect(fixed.violations[0].message).toMatch(/default action "fixed-response"/);
    const none = await runPolicy(elbHttpRedirectsToHttps, httpForwardListener("prod", { defaultActions: undefined }));
    expect(none.violations[0].message).toMatch(/default action none/);
    const lower = await runPolicy(
      elbHttpRedirectsToHttps,
      httpRedirectListener("prod", {
        protocol: "http",
        defaultActions: [{ type: "REDIRECT", redirect: { protocol: "https" } }],
      }),
    );
    expect(lower.violations).toEqual([]);
  });

  it("treats a listener without protocol as HTTP (provider default) unless it has no port (Gateway LB)", async () => {
    const implicit = await runPolicy(elbHttpRedirectsToHttps, httpForwardListener("prod", { protocol: undefined }));
    expect(implicit.violations).toHaveLength(1);
    const gateway = httpForwardListener("prod", { protocol: undefined });
    delete gateway.props.port;
    expect((await runPolicy(elbHttpRedirectsToHttps, gateway)).violations).toEqual([]);
  });

  it("ignores TCP/TLS/HTTPS listeners and other types", async () => {
    const run = await runPolicy(elbHttpRedirectsToHttps, [
      httpForwardListener("prod", { protocol: "TCP" }),
      httpForwardListener("prod", { protocol: "TLS" }),
      { type: T.lb, props: { protocol: "HTTP" } },
    ]);
    expect(run.violations).toEqual([]);
  });

  it("propagates unknown values and survives odd shapes", async () => {
    expect(
      (await runPolicy(elbHttpRedirectsToHttps, httpForwardListener("prod", { protocol: UNKNOWN }))).unknown,
    ).toBeDefined();
    const odd = await runPolicy(
      elbHttpRedirectsToHttps,
      httpForwardListener("prod", { defaultActions: [null, 1, { type: 3 }, { type: "redirect", redirect: "x" }] }),
    );
    expect(odd.violations).toHaveLength(1);
  });
});

describe("elb-tls-policy", () => {
  for (const type of TOKENS) {
    it(`passes our HTTPS listener (${type})`, async () => {
      expect((await runPolicy(elbTlsPolicy, httpsListener("prod", {}, type))).violations).toEqual([]);
    });

    it(`reports an HTTPS listener without sslPolicy (${type})`, async () => {
      const run = await runPolicy(elbTlsPolicy, httpsListener("prod", { sslPolicy: undefined }, type));
      expect(run.violations.map((v) => v.message)).toEqual([
        expect.stringMatching(
          /HTTPS listener "prod-https" sets no sslPolicy: AWS applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0/,
        ),
      ]);
    });
  }

  for (const weak of [
    "ELBSecurityPolicy-2016-08",
    "ELBSecurityPolicy-TLS-1-1-2017-01",
    "ELBSecurityPolicy-FS-2018-06",
    "ELBSecurityPolicy-TLS13-1-0-2021-06",
    "ELBSecurityPolicy-TLS13-1-1-2021-06",
    "ELBSecurityPolicy-TLS13-1-0-PQ-2025-09",
  ]) {
    it(`reports ${weak}`, async () => {
      const run = await runPolicy(elbTlsPolicy, httpsListener("prod", { sslPolicy: weak }));
      expect(run.violations[0].message).toMatch(
        new RegExp(`uses sslPolicy "${weak}", which is not an allowed TLS 1.2\\+ policy`),
      );
    });
  }

  it("accepts every TLS 1.2+ policy and checks TLS (NLB) listeners too", async () => {
    for (const policy of TLS12_PLUS_POLICIES) {
      expect((await runPolicy(elbTlsPolicy, httpsListener("prod", { sslPolicy: policy }))).violations).toEqual([]);
    }
    expect(TLS12_PLUS_POLICIES.every((p) => /-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/.test(p))).toBe(true);
    const tls = await runPolicy(
      elbTlsPolicy,
      httpsListener("prod", { protocol: "TLS", port: 8443, sslPolicy: "ELBSecurityPolicy-2016-08" }),
    );
    expect(tls.violations[0].message).toMatch(/^TLS listener/);
  });

  it("ignores HTTP and TCP listeners", async () => {
    const run = await runPolicy(elbTlsPolicy, [
      httpForwardListener("prod"),
      httpsListener("prod", { protocol: "TCP", sslPolicy: undefined }),
    ]);
    expect(run.violations).toEqual([]);
  });

  it("honours the allowedSslPolicies knob", async () => {
    const listener = httpsListener("prod", { sslPolicy: "ELBSecurityPolicy-TLS-1-2-2017-01" });
    expect((await runPolicy(elbTlsPolicy, listener)).violations).toEqual([]);
    const strict = await runPolicy(elbTlsPolicy, listener, {
      allowedSslPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06"],
    });
    expect(strict.violations).toHaveLength(1);
  });

  it("propagates unknown values", async () => {
    expect((await runPolicy(elbTlsPolicy, httpsListener("prod", { sslPolicy: UNKNOWN }))).unknown).toMatch(/sslPolicy/);
  });
});
