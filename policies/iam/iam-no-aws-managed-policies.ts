import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { resourceGuardrail } from "../lib/guardrail";
import { stringList } from "../lib/iam-document";
import { attachedPolicyArns, awsManagedPolicyName } from "./managed-policies";

const ALLOWED_POLICIES: PolicyConfigJSONSchema = {
  type: "array",
  items: { type: "string" },
  default: [],
  description:
    "AWS-managed policies accepted anyway, by name (`AmazonECSTaskExecutionRolePolicy`) or full ARN, case-insensitive.",
};

/**
 * Advisory companion of `iam-no-admin-managed-policies` (cdk-nag AwsSolutions-IAM4): any AWS-managed policy is
 * written for many workloads and changes without notice, so it is rarely least privilege.
 */
export const iamNoAwsManagedPolicies = resourceGuardrail(
  {
    name: "iam-no-aws-managed-policies",
    description:
      "Roles, users and groups should not use AWS-managed policies: they are broader than one workload needs and AWS changes them without notice.",
    enforcementLevel: "advisory",
    severity: "low",
    service: "iam",
    controls: { cdkNag: ["AwsSolutions-IAM4"] },
    remediationSteps:
      "Replace the AWS-managed policy with an inline or customer-managed policy listing the exact actions and resources, or list it in this policy's `allowedPolicies` with a reason in your review.",
    configProperties: { allowedPolicies: ALLOWED_POLICIES },
  },
  (resource, context, report) => {
    const allowed = new Set(stringList(context.config.allowedPolicies).map((p) => p.toLowerCase()));
    for (const ref of attachedPolicyArns(resource.type, resource.props)) {
      const name = awsManagedPolicyName(ref.arn);
      if (name === undefined) continue;
      if (allowed.has(name.toLowerCase()) || allowed.has(ref.arn.toLowerCase())) continue;
      report(
        `${resource.type} "${resource.name}" attaches the AWS-managed policy "${ref.arn}" (${ref.property}); prefer a policy written for this workload.`,
      );
    }
  },
);
