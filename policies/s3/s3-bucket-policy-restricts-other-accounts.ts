import { resourceGuardrail } from "../lib/guardrail";
import { parsePolicyDocument, statementLabel } from "../lib/iam-document";
import { bucketPolicyInput } from "./bucket-policy-inputs";
import { globMatches, knobStrings } from "./shared";

/** The actions FSBP S3.6 forbids granting to other accounts (its `blacklistedActionPatterns`). */
export const DEFAULT_BLOCKED_ACTIONS: readonly string[] = [
  "s3:DeleteBucketPolicy",
  "s3:PutBucketAcl",
  "s3:PutBucketPolicy",
  "s3:PutEncryptionConfiguration",
  "s3:PutObjectAcl",
];

/** The account of an AWS principal (`*` for everyone), or `undefined` when it names none (unique ids). */
function accountOf(principal: string): string | undefined {
  if (principal === "*") return "*";
  if (/^\d{12}$/.test(principal)) return principal;
  const m = /^arn:[^:]+:(?:iam|sts)::(\d{12}|\*):/.exec(principal);
  return m ? m[1] : undefined;
}

/**
 * FSBP S3.6: a bucket policy must not allow principals of other AWS accounts (or everyone) to change the bucket's
 * policy, ACLs or encryption. Principals are "other accounts" unless their account is in `trustedAccountIds`
 * (put the stack's own account there when its roles are granted such actions in a bucket policy). Conditions are
 * not considered, as in the Security Hub control. Wildcards (`s3:*`, `s3:Put*`, `*`) and NotAction count.
 */
export const s3BucketPolicyRestrictsOtherAccounts = resourceGuardrail(
  {
    name: "s3-bucket-policy-restricts-other-accounts",
    description:
      "No S3 bucket policy allows principals of other AWS accounts (or everyone) to delete or put the bucket policy, put bucket or object ACLs, or put the encryption configuration, directly or through wildcard actions.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    controls: { awsFsbp: ["S3.6"] },
    remediationSteps:
      "Remove the blocked actions (and wildcards that include them) from Allow statements for other accounts' principals; grant other accounts only the object actions they need, on the prefixes they need.",
    configProperties: {
      trustedAccountIds: {
        type: "array",
        items: { type: "string", pattern: "^\\d{12}$" },
        default: [],
        description: "Account IDs whose principals are not 'other accounts' (usually the stack's own account).",
      },
      blockedActions: {
        type: "array",
        items: { type: "string" },
        default: [...DEFAULT_BLOCKED_ACTIONS],
        description: "Actions other accounts must not be allowed (FSBP S3.6 blacklistedActionPatterns).",
      },
    },
  },
  (args, context, report) => {
    const input = bucketPolicyInput(args);
    if (!input) return;
    const statements = parsePolicyDocument(input.document);
    if (!statements) return; // unreadable documents are reported by s3-bucket-policy-no-public-principal
    const trusted = new Set(knobStrings(context.config.trustedAccountIds, []));
    const blocked = knobStrings(context.config.blockedActions, DEFAULT_BLOCKED_ACTIONS);
    for (const s of statements) {
      if (s.effect !== "Allow") continue;
      const principals = s.principals ?? {};
      const aws = [...(principals["*"] ?? []), ...(principals.AWS ?? [])];
      const others = aws.filter((p) => {
        const account = accountOf(p);
        return account === undefined || !trusted.has(account);
      });
      if (s.notPrincipals) others.push(`NotPrincipal ${JSON.stringify(s.notPrincipals)}`);
      if (others.length === 0) continue;
      const granted =
        s.actions.length > 0
          ? blocked.filter((b) => s.actions.some((a) => globMatches(a, b)))
          : s.notActions.length > 0
            ? blocked.filter((b) => !s.notActions.some((a) => globMatches(a, b)))
            : [];
      if (granted.length === 0) continue;
      report(
        `${input.label} ${statementLabel(s)} allows ${others.map((o) => (o.startsWith("NotPrincipal") ? o : `"${o}"`)).join(", ")} (other accounts) to perform ${granted.join(", ")}` +
          (s.actions.length > 0 ? ` (through ${JSON.stringify(s.actions)}).` : " (through NotAction)."),
      );
    }
  },
);
