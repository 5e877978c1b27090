import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { resourceGuardrail } from "../lib/guardrail";
import { stringList } from "../lib/iam-document";
import { iamDocuments, statementRef } from "./documents";
import { isNarrowedBy } from "./shared";

const SERVICE_PRINCIPALS: PolicyConfigJSONSchema = {
  type: "array",
  items: { type: "string" },
  default: ["ecs-tasks.amazonaws.com", "s3.amazonaws.com"],
  description:
    "Service principals whose trust statements must carry a source condition (aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths).",
};

const SOURCE_KEYS = ["aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths"];

/**
 * Cross-service confused deputy: a role that trusts a service principal without `aws:SourceAccount` /
 * `aws:SourceArn` can be assumed by that service on behalf of any customer who names the role ARN. Advisory: AWS
 * accepts the trust, and not every service sets the source keys.
 */
export const iamTrustConfusedDeputy = resourceGuardrail(
  {
    name: "iam-trust-confused-deputy",
    description:
      "Role trust statements for service principals such as `ecs-tasks.amazonaws.com` and `s3.amazonaws.com` should carry an `aws:SourceAccount` or `aws:SourceArn` condition.",
    enforcementLevel: "advisory",
    severity: "medium",
    service: "iam",
    controls: {},
    remediationSteps:
      'Add `Condition: {StringEquals: {"aws:SourceAccount": "<account id>"}}` (and `ArnLike aws:SourceArn` where the service sets it) to the trust statement.',
    configProperties: { servicePrincipals: SERVICE_PRINCIPALS },
  },
  (resource, context, report) => {
    const watched = new Set(stringList(context.config.servicePrincipals).map((s) => s.toLowerCase()));
    for (const doc of iamDocuments(resource.type, resource.props)) {
      if (doc.kind !== "trust") continue;
      for (const statement of doc.statements ?? []) {
        if (statement.effect !== "Allow") continue;
        const services = Object.entries(statement.principals ?? {})
          .filter(([type]) => type.toLowerCase() === "service")
          .flatMap(([, ids]) => ids)
          .filter((id) => watched.has(id.toLowerCase()));
        if (services.length === 0 || isNarrowedBy(statement, SOURCE_KEYS)) continue;
        report(
          `${statementRef(doc, statement)} trusts service ${services.map((s) => `"${s}"`).join(", ")} without an aws:SourceAccount or aws:SourceArn condition (confused deputy).`,
        );
      }
    }
  },
);
