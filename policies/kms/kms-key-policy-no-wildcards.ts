import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { resourceGuardrail } from "../lib/guardrail";
import { isWildcardAction, stringList } from "../lib/iam-document";
import { iamDocuments, statementRef } from "../iam/documents";
import { describePrincipal, hasWildcardPrincipal, isNarrowedBy } from "../iam/shared";
import { KEY_POLICY_TYPES } from "./shared";

/**
 * Condition keys that tie a wildcard principal to an account or organisation. `kms:ViaService` alone is not one:
 * it names the service that calls KMS, not whose behalf it calls for (another account's S3 bucket could use the key).
 */
export const DEFAULT_NARROWING_KEYS = [
  "kms:CallerAccount",
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:SourceAccount",
  "aws:SourceArn",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
];

const NARROWING_KEYS: PolicyConfigJSONSchema = {
  type: "array",
  items: { type: "string" },
  default: DEFAULT_NARROWING_KEYS,
  description:
    "Condition keys that, with a positive operator (StringEquals/StringLike/ArnEquals/ArnLike, not IfExists) and a non-wildcard value, narrow an Allow statement whose Principal is `*`.",
};

/**
 * A key policy is the root of access to a KMS key. No Allow statement may use a wildcard action (`kms:*`,
 * `kms:Create*`, `*`), and none may allow Principal `*` / `{AWS: "*"}` unless a condition ties it to an account or
 * organisation. The account-root admin statement stays allowed when its actions are spelled out.
 */
export const kmsKeyPolicyNoWildcards = resourceGuardrail(
  {
    name: "kms-key-policy-no-wildcards",
    description:
      "KMS key policies must not allow wildcard actions, nor Principal `*` without a condition that ties it to an account or organisation.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "kms",
    controls: { checkov: ["CKV_AWS_33"], cdkNag: ["AwsSolutions-IAM5"] },
    remediationSteps:
      "Spell out the KMS actions each statement grants (the account-root statement lists the admin actions, e.g. kms:PutKeyPolicy, kms:ScheduleKeyDeletion...). Name principals by ARN, or add `kms:CallerAccount` / `aws:PrincipalOrgID` conditions to a `*` principal.",
    configProperties: { narrowingConditionKeys: NARROWING_KEYS },
  },
  (resource, context, report) => {
    if (!KEY_POLICY_TYPES.has(resource.type)) return;
    const keys = stringList(context.config.narrowingConditionKeys);
    for (const doc of iamDocuments(resource.type, resource.props)) {
      if (!doc.statements) {
        report(`Key policy of "${resource.name}" is not a readable IAM policy document, so it cannot be checked.`);
        continue;
      }
      for (const statement of doc.statements) {
        if (statement.effect !== "Allow") continue;
        const ref = statementRef(doc, statement);
        for (const action of statement.actions) {
          if (isWildcardAction(action)) report(`${ref} allows wildcard action "${action}"; spell out the KMS actions.`);
        }
        if (hasWildcardPrincipal(statement.principals) && !isNarrowedBy(statement, keys)) {
          report(
            `${ref} allows Principal ${describePrincipal(statement.principals)} without a condition that ties it to an account or organisation (one of ${keys.join(", ")}).`,
          );
        }
      }
    }
  },
);
