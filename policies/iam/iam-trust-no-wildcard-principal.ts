import { hasConditions } from "../lib/iam-document";
import { resourceGuardrail } from "../lib/guardrail";
import { iamDocuments, statementRef } from "./documents";
import { describePrincipal, hasWildcardPrincipal } from "./shared";

/**
 * A role's trust policy names who may assume it. `Principal: "*"` (or `"*"` under any principal type) lets any
 * principal of any AWS account try, and the only thing left between the internet and the role is the condition
 * block. That is a violation with or without conditions: conditions on a wildcard trust are easy to get subtly
 * wrong (`...IfExists`, `ForAllValues:` and negated operators pass when a key is missing; `StringLike` patterns
 * over-match), and every legitimate case can name its principals instead (account root ARNs, role ARNs, service
 * principals, an OIDC provider). A real exception goes through a waiver with a written justification.
 */
export const iamTrustNoWildcardPrincipal = resourceGuardrail(
  {
    name: "iam-trust-no-wildcard-principal",
    description: 'Role trust policies must not allow `Principal: "*"` (or `{AWS: "*"}`), with or without conditions.',
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "iam",
    controls: { checkov: ["CKV_AWS_60"] },
    remediationSteps:
      "Name the principals that may assume the role: a service principal (`ecs-tasks.amazonaws.com`) with `aws:SourceAccount`/`aws:SourceArn`, specific role or account ARNs, or a federated identity provider.",
  },
  (resource, _context, report) => {
    for (const doc of iamDocuments(resource.type, resource.props)) {
      if (doc.kind !== "trust") continue;
      for (const statement of doc.statements ?? []) {
        if (statement.effect !== "Allow" || !hasWildcardPrincipal(statement.principals)) continue;
        const conditions = hasConditions(statement) ? " (conditions do not make a wildcard trust acceptable)" : "";
        report(
          `${statementRef(doc, statement)} lets Principal ${describePrincipal(statement.principals)} assume the role${conditions}; name the principals that may assume it.`,
        );
      }
    }
  },
);
