/**
 * Both stacks, synthesized under mocks, checked by the policy pack the way the engine would: resource policies see
 * each resource's inputs, stack policies every resource's outputs with parents and dependencies. Our stacks must
 * pass with zero mandatory violations; dev needs exactly one justified waiver (no certificate, so the HTTP
 * listener forwards).
 */
import type { PolicyPackConfig } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../config";
import { guardrails } from "../../policies/guardrails";
import { buildStack } from "../../stack";
import { readStackFile } from "../../tools/stack-file";
import { runResourcePolicy, runStackPolicy, type FakeResource } from "../helpers/policy-harness";
import { startMockedRun } from "../helpers/pulumi-mocks";

interface Finding {
  readonly policy: string;
  readonly level: string;
  readonly resource: string;
  readonly message: string;
}

/** The waiver the dev stack's pack config carries. */
const DEV_WAIVERS: PolicyPackConfig = {
  "elb-http-redirects-to-https": {
    waivers: [
      {
        resource: "api-lb-http-listener",
        justification:
          "dev has no ACM certificate: its load balancer serves plain HTTP to test traffic only; prod config requires a certificate",
      },
    ],
  },
};

async function findings(stack: "dev" | "prod", packConfig: PolicyPackConfig = {}): Promise<Finding[]> {
  const { config } = readStackFile(`Pulumi.${stack}.yaml`);
  const run = await startMockedRun({ stack, config });
  buildStack(parseStackConfig(config));
  await run.settle();
  const base = (r: (typeof run.capture.resources)[number]) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    protect: r.protect,
    parent: r.parent,
    dependencies: r.dependencies,
    propertyDependencies: r.propertyDependencies,
  });
  const inputs: FakeResource[] = run.resources().map((r) => ({ ...base(r), props: run.inputs(r) }));
  const outputs: FakeResource[] = run
    .resources()
    .map((r) => ({ ...base(r), props: { ...run.inputs(r), ...run.outputs(r), ...(r.id ? { id: r.id } : {}) } }));
  const found: Finding[] = [];
  for (const policy of guardrails) {
    const policyConfig = { environment: stack, ...((packConfig[policy.name] as object | undefined) ?? {}) };
    const runs =
      "validateStack" in policy
        ? [await runStackPolicy(policy, outputs, policyConfig)]
        : await Promise.all(inputs.map((r) => runResourcePolicy(policy, r, policyConfig)));
    for (const r of runs) {
      for (const v of r.violations) {
        found.push({
          policy: policy.name,
          level: String(policy.enforcementLevel),
          resource: v.urn?.split("::").pop() ?? "",
          message: v.message,
        });
      }
      expect(r.unknown, `${policy.name} read an unknown value`).toBeUndefined();
    }
  }
  return found;
}

const mandatory = (list: Finding[]) => list.filter((f) => f.level === "mandatory");

describe("the policy pack on our stacks", () => {
  it("finds no mandatory violation in prod", async () => {
    const list = await findings("prod");
    expect(mandatory(list)).toEqual([]);
  });

  it("finds in dev only the forwarding HTTP listener, and nothing once it is waived", async () => {
    expect(mandatory(await findings("dev")).map((f) => [f.policy, f.resource])).toEqual([
      ["elb-http-redirects-to-https", "api-lb-http-listener"],
    ]);
    expect(mandatory(await findings("dev", DEV_WAIVERS))).toEqual([]);
  });
});
