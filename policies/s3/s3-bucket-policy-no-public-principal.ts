import { resourceGuardrail } from "../lib/guardrail";
import { parsePolicyDocument, statementLabel, type NormalizedStatement, type PrincipalMap } from "../lib/iam-document";
import { bucketPolicyInput } from "./bucket-policy-inputs";
import { knobStrings } from "./shared";

/**
 * Condition keys whose fixed value makes a `Principal: "*"` grant non-public. The first eight are the keys of
 * the Amazon S3 user guide's "The meaning of public" (a policy granting only to fixed values of them is not
 * public); `aws:PrincipalOrgID`, `aws:PrincipalAccount` and `aws:PrincipalArn` limit the caller to a fixed
 * organization, account or principal and are added as equally narrowing.
 */
export const DEFAULT_NARROWING_CONDITION_KEYS: readonly string[] = [
  "aws:SourceIp",
  "aws:SourceArn",
  "aws:SourceVpc",
  "aws:SourceVpce",
  "aws:SourceOwner",
  "aws:SourceAccount",
  "s3:x-amz-server-side-encryption-aws-kms-key-id",
  "aws:userid",
  "aws:PrincipalOrgID",
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
];

/** Operators that restrict to the listed values (negated and `...IfExists` forms are true when the key is absent). */
const POSITIVE_OPERATORS = new Set([
  "stringequals",
  "stringequalsignorecase",
  "stringlike",
  "arnequals",
  "arnlike",
  "ipaddress",
]);

function isFixedValue(key: string, value: string): boolean {
  const v = value.trim();
  if (v === "" || v.includes("*") || v.includes("?") || v.includes("${")) return false;
  // A CIDR of /0 is everyone.
  if (key === "aws:sourceip" && /\/0$/.test(v)) return false;
  return true;
}

/** The condition entries that narrow the statement (`Operator key`), given the narrowing keys (lower case). */
export function narrowingConditions(s: NormalizedStatement, keys: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const [operator, entries] of Object.entries(s.conditions)) {
    let op = operator.toLowerCase();
    if (op.startsWith("forallvalues:")) continue; // true when the key is absent
    if (op.startsWith("foranyvalue:")) op = op.slice("foranyvalue:".length);
    if (op.endsWith("ifexists") || !POSITIVE_OPERATORS.has(op)) continue;
    for (const [key, values] of Object.entries(entries)) {
      const k = key.toLowerCase();
      if (keys.has(k) && values.length > 0 && values.every((v) => isFixedValue(k, v))) out.push(`${operator} ${key}`);
    }
  }
  return out;
}

/** `Principal "*"` / `Principal {"AWS":"*"}` when the principal block admits everyone; `undefined` otherwise. */
export function publicPrincipalText(principals: PrincipalMap | undefined): string | undefined {
  if (!principals) return undefined;
  if (principals["*"]?.includes("*")) return 'Principal "*"';
  for (const [type, ids] of Object.entries(principals)) {
    if (ids.includes("*")) return `Principal {"${type}": "*"}`;
  }
  return undefined;
}

function conditionList(s: NormalizedStatement): string[] {
  return Object.entries(s.conditions).flatMap(([op, entries]) => Object.keys(entries).map((k) => `${op} ${k}`));
}

/**
 * No public bucket policy (FSBP S3.2/S3.3): an Allow statement with Principal `"*"` / `{AWS: "*"}` (or with
 * NotPrincipal, which allows everyone else) must carry a narrowing condition: a positive match on a fixed value
 * of one of the `narrowingConditionKeys`. Deny statements with `"*"` only restrict and are fine.
 */
export const s3BucketPolicyNoPublicPrincipal = resourceGuardrail(
  {
    name: "s3-bucket-policy-no-public-principal",
    description:
      'No S3 bucket policy statement allows Principal "*" (or uses NotPrincipal in an Allow) without a condition that narrows it to a fixed source, network, organization, account or principal.',
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "s3",
    controls: { awsFsbp: ["S3.2", "S3.3"], checkov: ["CKV_AWS_70"] },
    remediationSteps:
      'Grant to named principals (role ARNs, service principals) instead of "*", or add a condition with a fixed value of a narrowing key such as aws:SourceArn + aws:SourceAccount (service deliveries), aws:SourceVpce or aws:PrincipalOrgID.',
    configProperties: {
      narrowingConditionKeys: {
        type: "array",
        items: { type: "string" },
        default: [...DEFAULT_NARROWING_CONDITION_KEYS],
        description:
          'Condition keys whose fixed value (positive operator, no wildcard, no policy variable, no /0 CIDR) narrows a Principal "*" grant.',
      },
    },
  },
  (args, context, report) => {
    const input = bucketPolicyInput(args);
    if (!input) return;
    const statements = parsePolicyDocument(input.document);
    if (!statements) {
      report(`${input.label} cannot be parsed as a JSON policy document, so it cannot be shown not to be public.`);
      return;
    }
    const keys = new Set(
      knobStrings(context.config.narrowingConditionKeys, DEFAULT_NARROWING_CONDITION_KEYS).map((k) => k.toLowerCase()),
    );
    for (const s of statements) {
      if (s.effect !== "Allow") continue;
      const who = s.notPrincipals
        ? `every principal except NotPrincipal ${JSON.stringify(s.notPrincipals)}`
        : publicPrincipalText(s.principals);
      if (!who || narrowingConditions(s, keys).length > 0) continue;
      const conditions = conditionList(s);
      report(
        `${input.label} ${statementLabel(s)} allows ${who} without a narrowing condition` +
          (conditions.length > 0
            ? ` (its conditions ${conditions.join(", ")} do not narrow it to fixed values of ${[...keys].length} narrowing keys such as aws:SourceArn or aws:SourceVpce).`
            : "."),
      );
    }
  },
);
