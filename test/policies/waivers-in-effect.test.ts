import { describe, expect, it } from "vitest";
import { resourceGuardrail } from "../../policies/lib/guardrail";
import { appliedWaivers } from "../../policies/lib/waivers";
import { waiversInEffect } from "../../policies/waivers-in-effect";
import { runResourcePolicy, runStackPolicy, urnFor } from "../helpers/policy-harness";

const alwaysFails = resourceGuardrail(
  {
    name: "test-always-fails",
    description: "Fails every resource.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "test",
    controls: {},
    remediationSteps: "None.",
  },
  (_resource, _context, report) => report("this resource is not allowed"),
);

const BUCKET = { type: "aws:s3/bucket:Bucket", name: "logs", props: {} };
const URN = urnFor(BUCKET.type, BUCKET.name);
const JUSTIFICATION = "Accepted by the security team until 2027-01-31 (ticket SEC-42).";

describe("waivers", () => {
  it("suppress a finding only with a justification of at least 20 characters", async () => {
    expect(
      (await runResourcePolicy(alwaysFails, BUCKET, { waivers: [{ resource: "logs", justification: "short" }] }))
        .violations,
    ).toHaveLength(1);
    const waived = await runResourcePolicy(alwaysFails, BUCKET, {
      waivers: [{ resource: "lo*", justification: JUSTIFICATION }],
    });
    expect(waived.violations).toEqual([]);
    expect(appliedWaivers()).toEqual([
      {
        policy: "test-always-fails",
        urn: URN,
        pattern: "lo*",
        justification: JUSTIFICATION,
        message: "this resource is not allowed",
      },
    ]);
  });

  it("are reported by waivers-in-effect, which itself cannot be waived", async () => {
    await runResourcePolicy(alwaysFails, BUCKET, { waivers: [{ resource: URN, justification: JUSTIFICATION }] });
    expect(waiversInEffect.configSchema?.properties).not.toHaveProperty("waivers");
    const report = await runStackPolicy(waiversInEffect, [BUCKET], {
      waivers: [{ resource: "*", justification: JUSTIFICATION }],
    });
    expect(report.violations).toEqual([
      {
        message: `WAIVED test-always-fails for ${URN} (waiver "${URN}"): ${JUSTIFICATION}. Suppressed finding: this resource is not allowed`,
        urn: URN,
      },
    ]);
  });
});
