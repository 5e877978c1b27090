import { resourceGuardrail } from "../lib/guardrail";
import { isTrue } from "../lib/values";
import { isLoadBalancer, loadBalancerKind } from "./shared";

/** Production load balancers cannot be deleted by accident. */
export const elbDeletionProtection = resourceGuardrail(
  {
    name: "elb-deletion-protection",
    description: "Production load balancers have deletion protection enabled (enableDeletionProtection is true).",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "elb",
    controls: { awsFsbp: ["ELB.6"], checkov: ["CKV_AWS_150"] },
    scope: "prod-only",
    remediationSteps:
      "Set `enableDeletionProtection: true` on production load balancers; turn it off in a reviewed change before an intended deletion.",
  },
  (args, _context, report) => {
    if (!isLoadBalancer(args.type)) return;
    const value = args.props.enableDeletionProtection;
    if (!isTrue(value)) {
      report(
        `Load balancer "${args.name}" (${loadBalancerKind(args.props)}) has enableDeletionProtection ` +
          `${value === undefined ? "unset (false)" : JSON.stringify(value)}: it can be deleted by accident. Set it to true.`,
      );
    }
  },
);
