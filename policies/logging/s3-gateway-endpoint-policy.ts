import type { PolicyResource } from "@pulumi/policy";
import { stackGuardrail } from "../lib/guardrail";
import {
  hasConditions,
  isPublicPrincipal,
  parsePolicyDocument,
  statementLabel,
  type NormalizedStatement,
} from "../lib/iam-document";
import { EC2 } from "../lib/resource-types";
import { asString } from "../lib/values";
import { relate, stringValues } from "./relations";

/** `com.amazonaws.<region>.s3` (and partition variants such as `cn.com.amazonaws.<region>.s3`). */
const S3_SERVICE_NAME = /(^|\.)amazonaws\.[a-z0-9-]+\.s3$/;

function isS3GatewayEndpoint(r: PolicyResource): boolean {
  if (r.type !== EC2.vpcEndpoint) return false;
  const service = asString(r.props.serviceName)?.trim().toLowerCase();
  if (!service || !S3_SERVICE_NAME.test(service)) return false;
  const kind = asString(r.props.vpcEndpointType)?.trim().toLowerCase();
  return kind === undefined || kind === "" || kind === "gateway";
}

/** An Allow of every S3 (or every) action on every resource to everyone, unconditionally: AWS's default policy. */
function isFullAccess(statement: NormalizedStatement): boolean {
  if (statement.effect !== "Allow") return false;
  const everyone = statement.principals === undefined || isPublicPrincipal(statement.principals);
  const allActions = statement.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*");
  const allResources = statement.resources.includes("*");
  return everyone && allActions && allResources && !hasConditions(statement);
}

/** Why a policy document leaves the endpoint open, or `undefined` when it restricts access. */
function policyProblem(document: unknown): string | undefined {
  if (document === undefined || document === null || (typeof document === "string" && document.trim() === "")) {
    return "has no endpoint policy: AWS applies the default policy, which allows every S3 action on every bucket, including buckets of other accounts";
  }
  const statements = parsePolicyDocument(document);
  if (!statements) return "has an endpoint policy that cannot be read as a JSON policy document";
  const open = statements.find(isFullAccess);
  if (open) {
    return `has an endpoint policy whose ${statementLabel(open)} allows every S3 action on every resource to everyone (the same as no policy)`;
  }
  return undefined;
}

/** S3 gateway endpoints carry a policy that limits which buckets can be reached through them. */
export const s3GatewayEndpointPolicy = stackGuardrail(
  {
    name: "s3-gateway-endpoint-policy",
    description:
      "S3 gateway VPC endpoints have an endpoint policy (inline `policy` or an aws.ec2.VpcEndpointPolicy) that is not the full-access default, so tasks cannot use the endpoint to reach arbitrary buckets.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "network",
    controls: {},
    remediationSteps:
      "Set the endpoint's `policy` to allow only the S3 actions the workloads need on the stack's buckets (plus the AWS-owned buckets ECR image layers are pulled from, `arn:aws:s3:::prod-<region>-starport-layer-bucket/*`), e.g. with a condition on `aws:ResourceAccount`.",
  },
  (resources, _context, report) => {
    const endpoints = resources.filter(isS3GatewayEndpoint);
    if (endpoints.length === 0) return;
    const endpointPolicies = resources.filter((r) => r.type === EC2.vpcEndpointPolicy);
    const related = relate({
      targets: endpoints,
      children: endpointPolicies,
      childProp: "vpcEndpointId",
      targetKeys: (endpoint) => stringValues(endpoint.props.id),
    });
    for (const endpoint of endpoints) {
      const separate = related.get(endpoint.urn) ?? [];
      // A separate VpcEndpointPolicy replaces the inline one; read the endpoint's own only when there is none.
      const problem =
        separate.length > 0
          ? separate.map((p) => policyProblem(p.props.policy)).find((m) => m !== undefined)
          : policyProblem(endpoint.props.policy);
      if (problem) {
        report(`S3 gateway endpoint "${endpoint.name}" ${problem}. Limit it to the stack's buckets.`, endpoint.urn);
      }
    }
  },
);
