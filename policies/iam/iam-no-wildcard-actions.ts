import { isWildcardAction } from "../lib/iam-document";
import { resourceGuardrail } from "../lib/guardrail";
import { describeDocument, iamDocuments, statementRef } from "./documents";

/**
 * No `*`, `service:*` or partial wildcard (`s3:Get*`, `s3:?etObject`) in an Allow statement of any IAM document:
 * identity, trust, bucket, key, VPC endpoint and other resource policies. A wildcard in a Deny only narrows access
 * and is fine. A document that cannot be read (not an object, not JSON) fails too: what cannot be read cannot be
 * shown to be free of wildcards.
 */
export const iamNoWildcardActions = resourceGuardrail(
  {
    name: "iam-no-wildcard-actions",
    description:
      "Allow statements in IAM documents (identity, trust, bucket, key, VPC endpoint and other resource policies) must list exact actions: no `*`, `service:*` or partial wildcards such as `s3:Get*`.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "iam",
    controls: {
      awsFsbp: ["IAM.1", "IAM.21"],
      cis: ["1.16"],
      cdkNag: ["AwsSolutions-IAM5"],
      checkov: ["CKV_AWS_1", "CKV_AWS_49", "CKV_AWS_62", "CKV_AWS_63"],
    },
    remediationSteps:
      "Replace each wildcard in the Allow statement with the exact actions the principal needs (see the Service Authorization Reference). Wildcards stay allowed in Deny statements.",
  },
  (resource, _context, report) => {
    for (const doc of iamDocuments(resource.type, resource.props)) {
      if (!doc.statements) {
        report(
          `${describeDocument(doc)} (${doc.property}) is not a readable IAM policy document, so it cannot be checked for wildcard actions.`,
        );
        continue;
      }
      for (const statement of doc.statements) {
        if (statement.effect !== "Allow") continue;
        for (const action of statement.actions) {
          if (isWildcardAction(action)) {
            report(
              `${statementRef(doc, statement)} allows wildcard action "${action}"; list the exact actions instead.`,
            );
          }
        }
      }
    }
  },
);
