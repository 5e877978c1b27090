import { stackGuardrail } from "./lib/guardrail";
import { appliedWaivers } from "./lib/waivers";

/**
 * Makes every waiver visible. Guardrails that skip a waived resource record it; this advisory stack policy, which
 * runs last, reports each one with its justification so that a waiver is never silent in a preview or a plan.
 */
export const waiversInEffect = stackGuardrail(
  {
    name: "waivers-in-effect",
    description: "Every waiver that exempted a resource from a guardrail is reported with its justification.",
    enforcementLevel: "advisory",
    severity: "low",
    service: "meta",
    controls: {},
    // A waiver on this policy would hide every other waiver: it cannot be waived.
    waivable: false,
    remediationSteps:
      "Nothing to fix: review that each waiver is still justified, and remove it from the policy-pack config when it is not.",
  },
  (resources, _context, report) => {
    const known = new Set(resources.map((r) => r.urn));
    // A snapshot, so the list cannot change while it is read.
    for (const waiver of [...appliedWaivers()]) {
      report(
        `WAIVED ${waiver.policy} for ${waiver.urn} (waiver "${waiver.pattern}"): ${waiver.justification}. ` +
          `Suppressed finding: ${waiver.message}`,
        known.has(waiver.urn) ? waiver.urn : "",
      );
    }
  },
);
