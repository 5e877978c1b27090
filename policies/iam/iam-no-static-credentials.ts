import { resourceGuardrail } from "../lib/guardrail";
import { IAM } from "../lib/resource-types";
import { asArray } from "../lib/values";

/** Types that are, create or grant to IAM users: long-lived credentials the app must not have. */
const USER_TYPES: Readonly<Record<string, string>> = {
  [IAM.user]: "an IAM user",
  [IAM.accessKey]: "an IAM access key (a long-lived secret)",
  [IAM.userLoginProfile]: "an IAM user console password",
  [IAM.userPolicy]: "an inline policy on an IAM user",
  [IAM.userPolicyAttachment]: "a managed-policy attachment to an IAM user",
  "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": "managed-policy attachments of an IAM user",
  "aws:iam/userPoliciesExclusive:UserPoliciesExclusive": "inline policies of an IAM user",
  "aws:iam/userGroupMembership:UserGroupMembership": "an IAM user's group membership",
  "aws:iam/sshKey:SshKey": "an SSH public key of an IAM user",
  "aws:iam/serviceSpecificCredential:ServiceSpecificCredential": "a service-specific credential (a long-lived secret)",
  "aws:iam/signingCertificate:SigningCertificate": "a signing certificate of an IAM user",
};

const GROUP_MEMBERSHIP = "aws:iam/groupMembership:GroupMembership";

/**
 * The app and its automation use roles only: no IAM users and nothing that gives users credentials or permissions.
 * `PolicyAttachment` and `GroupMembership` fail only when they name users.
 */
export const iamNoStaticCredentials = resourceGuardrail(
  {
    name: "iam-no-static-credentials",
    description:
      "No IAM users, access keys, login profiles or user policies: workloads and people get temporary credentials through roles.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "iam",
    controls: {
      awsFsbp: ["IAM.2"],
      checkov: ["CKV_AWS_40", "CKV_AWS_273"],
    },
    remediationSteps:
      "Remove the IAM user and its credentials. Give workloads an IAM role (ECS task role, instance profile, OIDC federation for CI) and people federated access (IAM Identity Center) instead.",
  },
  (resource, _context, report) => {
    const what = USER_TYPES[resource.type];
    if (what) {
      report(
        `${resource.type} "${resource.name}" creates ${what}; the stack must use roles with temporary credentials only.`,
      );
      return;
    }
    if (resource.type === IAM.policyAttachment || resource.type === GROUP_MEMBERSHIP) {
      const users = asArray(resource.props.users).filter((u) => u !== undefined && u !== null && u !== "");
      if (users.length > 0) {
        const names = users.map((u) => (typeof u === "string" ? `"${u}"` : "(a user)")).join(", ");
        report(`${resource.type} "${resource.name}" attaches to IAM users ${names}; the stack must use roles only.`);
      }
    }
  },
);
