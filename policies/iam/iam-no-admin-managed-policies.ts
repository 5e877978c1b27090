import { resourceGuardrail } from "../lib/guardrail";
import { attachedPolicyArns, awsManagedPolicyName, isAdminLikePolicyName } from "./managed-policies";

/**
 * No attachment of AWS-managed administrator-class policies: `AdministratorAccess` (and its `AdministratorAccess-*`
 * variants), `PowerUserAccess`, or any `*FullAccess` policy, in any partition. They grant every action of one or
 * all services on every resource, which no least-privilege role needs.
 */
export const iamNoAdminManagedPolicies = resourceGuardrail(
  {
    name: "iam-no-admin-managed-policies",
    description:
      "Roles, users and groups must not get the AWS-managed `AdministratorAccess`, `PowerUserAccess` or any `*FullAccess` policy.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "iam",
    controls: { checkov: ["CKV_AWS_274"] },
    remediationSteps:
      "Remove the attachment and grant the exact actions on the exact resources in an inline or customer-managed policy.",
  },
  (resource, _context, report) => {
    for (const ref of attachedPolicyArns(resource.type, resource.props)) {
      const name = awsManagedPolicyName(ref.arn);
      if (name !== undefined && isAdminLikePolicyName(name)) {
        report(
          `${resource.type} "${resource.name}" attaches the AWS-managed policy "${ref.arn}" (${ref.property}), which grants full access; grant exact actions on exact resources instead.`,
        );
      }
    }
  },
);
