import { resourceGuardrail } from "../lib/guardrail";
import { prepareCatalogue, quoteList, type ActionLookup } from "./catalogue";
import { iamDocuments, statementRef } from "./documents";

function explain(found: Exclude<ActionLookup, { kind: "found" }>, catalogueVersion: string): string {
  switch (found.kind) {
    case "malformed":
      return `"${found.action}" is not an IAM action (expected "service:Action" or "*")`;
    case "unknown-service":
      return `"${found.action}" names service prefix "${found.service}", which is not in the IAM catalogue (iam-data ${catalogueVersion})${
        found.suggestion ? `; did you mean "${found.suggestion}"?` : ""
      }`;
    case "unknown-action":
      if (found.authorisedBy) {
        return `"${found.action}" is not an IAM action; that operation is authorised by ${quoteList(found.authorisedBy)}`;
      }
      return `"${found.action}" is not an IAM action of service "${found.service}" (iam-data ${catalogueVersion})${
        found.suggestion ? `; the closest real action is "${found.suggestion}"` : ""
      }`;
    case "no-match":
      return `action pattern "${found.action}" matches no IAM action (iam-data ${catalogueVersion})`;
  }
}

/**
 * Every action and action pattern (in `Action` and `NotAction`, Allow and Deny) of every IAM document must exist in
 * AWS's catalogue. A misspelt or invented action (`s3:HeadObject`) grants nothing in an Allow, and silently fails
 * to deny in a Deny: both hide a real mistake. Case-insensitive, as IAM is.
 */
export const iamActionsExist = resourceGuardrail(
  {
    name: "iam-actions-exist",
    description:
      "Every action and action pattern in IAM documents (identity, trust, bucket, key, VPC endpoint and other resource policies) must exist in the IAM action catalogue.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "iam",
    controls: {},
    remediationSteps:
      "Replace the unknown action with the IAM action that authorises the operation (e.g. `s3:HeadObject` is authorised by `s3:GetObject`; `s3:ListObjectsV2` by `s3:ListBucket`). Look actions up in the Service Authorization Reference.",
  },
  async (resource, _context, report) => {
    const docs = iamDocuments(resource.type, resource.props).filter((d) => d.statements);
    const all = docs.flatMap((d) => (d.statements ?? []).flatMap((s) => [...s.actions, ...s.notActions]));
    if (all.length === 0) return;
    const catalogue = await prepareCatalogue(all);
    for (const doc of docs) {
      for (const statement of doc.statements ?? []) {
        for (const [field, actions] of [
          ["Action", statement.actions],
          ["NotAction", statement.notActions],
        ] as const) {
          for (const action of actions) {
            const found = catalogue.lookup(action);
            if (found.kind === "found") continue;
            const where = field === "Action" ? "" : " (in NotAction)";
            report(`${statementRef(doc, statement)}${where}: ${explain(found, catalogue.version)}.`);
          }
        }
      }
    }
  },
);
