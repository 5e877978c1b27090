import { resourceGuardrail } from "../lib/guardrail";
import { iamDocuments, statementRef } from "./documents";
import { describePrincipal } from "./shared";

/**
 * `NotAction`, `NotResource` and `NotPrincipal` invert a list: with Effect Allow they grant everything except what
 * is named, including actions, resources and principals that do not exist yet. With Deny they are fine (they
 * narrow a deny, the usual "deny everything except" guard).
 */
export const iamNoNotActionAllow = resourceGuardrail(
  {
    name: "iam-no-notaction-allow",
    description:
      "Allow statements in IAM documents must not use `NotAction`, `NotResource` or `NotPrincipal`: they grant everything except what they name.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "iam",
    controls: {},
    remediationSteps:
      "Rewrite the Allow statement with `Action`, `Resource` and `Principal` listing exactly what is granted; keep `NotAction`/`NotResource`/`NotPrincipal` for Deny statements only.",
  },
  (resource, _context, report) => {
    for (const doc of iamDocuments(resource.type, resource.props)) {
      for (const statement of doc.statements ?? []) {
        if (statement.effect !== "Allow") continue;
        const ref = statementRef(doc, statement);
        if (statement.notActions.length > 0) {
          report(
            `${ref} uses NotAction [${statement.notActions.map((a) => `"${a}"`).join(", ")}] with Effect Allow, which grants every other action; list the allowed actions in Action.`,
          );
        }
        if (statement.notResources.length > 0) {
          report(
            `${ref} uses NotResource [${statement.notResources.map((r) => `"${r}"`).join(", ")}] with Effect Allow, which grants every other resource; list the allowed resources in Resource.`,
          );
        }
        if (statement.notPrincipals !== undefined) {
          report(
            `${ref} uses NotPrincipal ${describePrincipal(statement.notPrincipals)} with Effect Allow, which grants every other principal; name the allowed principals in Principal.`,
          );
        }
      }
    }
  },
);
