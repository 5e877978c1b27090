import { resourceGuardrail } from "../lib/guardrail";
import { isTrue } from "../lib/values";
import { isLoadBalancer, loadBalancerKind } from "./shared";

/** Application Load Balancers drop header fields that are not valid HTTP. */
export const elbDropInvalidHeaders = resourceGuardrail(
  {
    name: "elb-drop-invalid-headers",
    description:
      "Application Load Balancers drop invalid HTTP header fields (dropInvalidHeaderFields is true) instead of passing them to the targets.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "elb",
    controls: { awsFsbp: ["ELB.4"], checkov: ["CKV_AWS_131"] },
    remediationSteps: "Set `dropInvalidHeaderFields: true` on the application load balancer.",
  },
  (args, _context, report) => {
    if (!isLoadBalancer(args.type)) return;
    if (loadBalancerKind(args.props) !== "application") return;
    const value = args.props.dropInvalidHeaderFields;
    if (!isTrue(value)) {
      report(
        `Application load balancer "${args.name}" has dropInvalidHeaderFields ${value === undefined ? "unset (false)" : JSON.stringify(value)}: ` +
          "malformed headers reach the targets (request smuggling risk). Set it to true.",
      );
    }
  },
);
