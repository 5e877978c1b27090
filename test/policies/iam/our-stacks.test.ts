import { describe, expect, it } from "vitest";
import { iamGuardrails } from "../../../policies/iam";
import { kmsGuardrails } from "../../../policies/kms";
import { guardrailMetadata } from "../../../policies/lib/guardrail";
import { IAM } from "../../../policies/lib/resource-types";
import { runPolicy, type FakeResource } from "../../helpers/policy-harness";
import { apiPolicy, asJson, ourStack, type Env } from "./fixtures";

const ALL = [...iamGuardrails, ...kmsGuardrails];

async function violationsOf(resources: FakeResource[], env: Env): Promise<string[]> {
  const out: string[] = [];
  for (const policy of ALL) {
    const run = await runPolicy(policy, resources, { environment: env });
    expect(run.unknown, policy.name).toBeUndefined();
    out.push(...run.violations.map((v) => `${policy.name}: ${v.message}`));
  }
  return out;
}

describe("our stacks' roles, keys and IAM documents", () => {
  it("lists every IAM and KMS guardrail once", () => {
    const names = ALL.map((p) => guardrailMetadata(p).name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([
      "iam-no-wildcard-actions",
      "iam-no-notaction-allow",
      "iam-no-star-resource",
      "iam-actions-exist",
      "iam-no-static-credentials",
      "iam-no-admin-managed-policies",
      "iam-no-aws-managed-policies",
      "iam-trust-no-wildcard-principal",
      "iam-trust-confused-deputy",
      "kms-key-rotation",
      "kms-deletion-window",
      "kms-key-policy-no-wildcards",
    ]);
  });

  it.each(["dev", "prod"] as const)("%s passes every IAM/KMS guardrail, advisory ones included", async (env) => {
    const stack = ourStack(env);
    expect(stack.length).toBeGreaterThan(8);
    expect(await violationsOf(stack, env)).toEqual([]);
  });

  it("fails when one grant is wrong (the fixture is checked, not ignored)", async () => {
    const stack = ourStack("prod");
    const bad = structuredClone(apiPolicy("prod")) as { Statement: { Action: string[] }[] };
    bad.Statement[0].Action.push("s3:HeadObject");
    stack.push({ type: IAM.rolePolicy, name: "api-extra", props: { policy: asJson(bad) } });
    expect(await violationsOf(stack, "prod")).toEqual([
      expect.stringMatching(
        /^iam-actions-exist: Role policy statement "ResumeObjects": "s3:HeadObject" .*"s3:GetObject"/,
      ),
    ]);
  });

  it("prod's 30-day window is required in prod, dev's 7-day window fails there", async () => {
    const devKeysInProd = ourStack("dev").filter((r) => r.type.startsWith("aws:kms/"));
    const messages = await violationsOf(devKeysInProd, "prod");
    expect(messages).toHaveLength(2);
    expect(messages.every((m) => m.startsWith("kms-deletion-window:"))).toBe(true);
  });
});
