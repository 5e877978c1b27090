import { describe, expect, it } from "vitest";
import { ecsGuardrails } from "../../../policies/ecs";
import { elbGuardrails } from "../../../policies/elb";
import { guardrailMetadata, type Guardrail } from "../../../policies/lib/guardrail";
import { loggingGuardrails } from "../../../policies/logging";
import { appliedWaivers } from "../../../policies/lib/waivers";
import { runPolicy } from "../../helpers/policy-harness";
import { DEV_HTTP_WAIVER, httpForwardListener, ourStack, type Env } from "./our-stack";

const policies: Guardrail[] = [...ecsGuardrails, ...elbGuardrails, ...loggingGuardrails];

function configFor(env: Env, policy: Guardrail): Record<string, unknown> {
  const config: Record<string, unknown> = { environment: env };
  if (env === "dev" && policy.name === "elb-http-redirects-to-https") config.waivers = [DEV_HTTP_WAIVER];
  return config;
}

describe("our stacks pass the ECS, load-balancer, network and logging guardrails", () => {
  for (const env of ["dev", "prod"] as const) {
    for (const policy of policies) {
      it(`${env}: ${policy.name} reports nothing`, async () => {
        const run = await runPolicy(policy, ourStack(env), configFor(env, policy));
        expect(run.unknown).toBeUndefined();
        expect(run.violations).toEqual([]);
      });
    }
  }

  it("dev: the forwarding HTTP listener is a violation without the waiver and waived (and recorded) with it", async () => {
    const policy = elbGuardrails.find((p) => p.name === "elb-http-redirects-to-https")!;
    const listener = httpForwardListener("dev");
    const bare = await runPolicy(policy, listener, { environment: "dev" });
    expect(bare.violations).toHaveLength(1);
    expect(bare.violations[0].message).toMatch(/HTTP listener "dev-http" \(port 80\) serves requests over plain HTTP/);
    const waived = await runPolicy(policy, listener, configFor("dev", policy));
    expect(waived.violations).toEqual([]);
    expect(appliedWaivers()).toEqual([
      expect.objectContaining({ policy: "elb-http-redirects-to-https", urn: listener.urn, pattern: "*dev-http" }),
    ]);
  });

  it("every policy in these folders is built with metadata and listed once", () => {
    const names = policies.map((p) => guardrailMetadata(p).name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(
      [
        "cloudwatch-log-group-kms",
        "cloudwatch-log-group-retention",
        "cloudwatch-log-group-retention-one-year",
        "ecs-container-insights",
        "ecs-deployment-circuit-breaker",
        "ecs-deployment-rollback",
        "ecs-host-namespaces",
        "ecs-logging-configured",
        "ecs-no-plaintext-secrets",
        "ecs-no-public-ip",
        "ecs-not-privileged",
        "ecs-readonly-root-filesystem",
        "ecs-task-roles",
        "elb-access-logs",
        "elb-deletion-protection",
        "elb-drop-invalid-headers",
        "elb-http-redirects-to-https",
        "elb-tls-policy",
        "elb-waf-associated",
        "network-security-group-open-ingress",
        "s3-gateway-endpoint-policy",
        "vpc-flow-logs",
        "vpc-flow-logs-all-traffic",
      ].sort(),
    );
    for (const p of policies) {
      expect(p.description).toMatch(/\.$/);
      expect(p.remediationSteps).toBeTruthy();
    }
  });
});
