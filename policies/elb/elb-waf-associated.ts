import type { PolicyResource } from "@pulumi/policy";
import { stackGuardrail } from "../lib/guardrail";
import { isTrue } from "../lib/values";
import { relate, stringValues } from "../logging/relations";
import { isLoadBalancer, loadBalancerKind, WAF_ASSOCIATION_TYPES } from "./shared";

/** Internet-facing Application Load Balancers sit behind a WAF web ACL in production. */
export const elbWafAssociated = stackGuardrail(
  {
    name: "elb-waf-associated",
    description:
      "Every internet-facing Application Load Balancer in production is associated with a WAF web ACL (a wafv2 WebAclAssociation whose resourceArn is the load balancer).",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "elb",
    controls: { awsFsbp: ["ELB.16"], checkov: ["CKV2_AWS_28"] },
    scope: "prod-only",
    remediationSteps:
      "Create an `aws.wafv2.WebAcl` (scope REGIONAL, AWS managed rule groups and a per-IP rate limit) and an `aws.wafv2.WebAclAssociation` with `resourceArn: alb.arn` and `webAclArn: acl.arn`.",
  },
  (resources, _context, report) => {
    const albs: PolicyResource[] = [];
    const associations: PolicyResource[] = [];
    for (const r of resources) {
      if (isLoadBalancer(r.type)) {
        if (loadBalancerKind(r.props) === "application" && !isTrue(r.props.internal)) albs.push(r);
      } else if (WAF_ASSOCIATION_TYPES.includes(r.type)) {
        associations.push(r);
      }
    }
    if (albs.length === 0) return;
    const related = relate({
      targets: albs,
      children: associations,
      childProp: "resourceArn",
      targetKeys: (alb) => [...stringValues(alb.props.arn), ...stringValues(alb.props.id)],
    });
    for (const alb of albs) {
      if (related.has(alb.urn)) continue;
      report(
        `Internet-facing application load balancer "${alb.name}" has no WAF web ACL association: ` +
          "requests reach the targets unfiltered. Add an aws.wafv2.WebAclAssociation with resourceArn set to its arn.",
        alb.urn,
      );
    }
  },
);
