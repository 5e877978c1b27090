/**
 * Managed-policy attachments of any kind, read the same way by `iam-no-admin-managed-policies` and
 * `iam-no-aws-managed-policies`.
 */
import { IAM } from "../lib/resource-types";
import { asArray, isRecord } from "../lib/values";

export interface PolicyAttachmentRef {
  /** The attached policy's ARN as written. */
  readonly arn: string;
  /** Where it was found, e.g. `policyArn` or `managedPolicyArns[1]`. */
  readonly property: string;
}

const SINGLE_ARN_TYPES: ReadonlySet<string> = new Set([
  IAM.rolePolicyAttachment,
  IAM.userPolicyAttachment,
  IAM.groupPolicyAttachment,
  IAM.policyAttachment,
]);

const ARN_LIST_TYPES: Readonly<Record<string, string>> = {
  [IAM.role]: "managedPolicyArns",
  "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "policyArns",
  "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": "policyArns",
  "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": "policyArns",
};

/** Every managed-policy ARN a resource attaches. Non-string entries are skipped. */
export function attachedPolicyArns(type: string, props: unknown): PolicyAttachmentRef[] {
  if (!isRecord(props)) return [];
  if (SINGLE_ARN_TYPES.has(type)) {
    return typeof props.policyArn === "string" ? [{ arn: props.policyArn, property: "policyArn" }] : [];
  }
  const listProp = ARN_LIST_TYPES[type];
  if (!listProp) return [];
  return asArray(props[listProp]).flatMap((arn, i) =>
    typeof arn === "string" ? [{ arn, property: `${listProp}[${i}]` }] : [],
  );
}

/** The policy name of an AWS-managed policy ARN (`arn:<partition>:iam::aws:policy/<path/>Name`), else `undefined`. */
export function awsManagedPolicyName(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/i.exec(arn.trim());
  return m ? m[1] : undefined;
}

/** `AdministratorAccess` (and its `AdministratorAccess-*` variants), `PowerUserAccess`, any `*FullAccess*`. */
export function isAdminLikePolicyName(name: string): boolean {
  return /^AdministratorAccess/i.test(name) || /^PowerUserAccess$/i.test(name) || /FullAccess/i.test(name);
}
