import { resourceGuardrail } from "../lib/guardrail";
import { asString, firstBlock, isTrue } from "../lib/values";
import { isLoadBalancer, loadBalancerKind } from "./shared";

/** Application and Network Load Balancers write access logs to a bucket. */
export const elbAccessLogs = resourceGuardrail(
  {
    name: "elb-access-logs",
    description:
      "Application and Network Load Balancers write access logs to an S3 bucket (accessLogs.enabled is true and accessLogs.bucket is set).",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "elb",
    controls: { awsFsbp: ["ELB.5"], cdkNag: ["AwsSolutions-ELB2"], checkov: ["CKV_AWS_91"] },
    remediationSteps:
      "Set `accessLogs: { bucket: <log bucket>, enabled: true }`. The bucket must use SSE-S3 and its policy must let the regional Elastic Load Balancing account (or logdelivery.elasticloadbalancing.amazonaws.com) put objects; make the load balancer depend on that bucket policy.",
  },
  (args, _context, report) => {
    if (!isLoadBalancer(args.type)) return;
    const kind = loadBalancerKind(args.props);
    if (kind !== "application" && kind !== "network") return;
    const label = `${kind === "application" ? "Application" : "Network"} load balancer "${args.name}"`;
    const logs = firstBlock(args.props.accessLogs);
    if (!logs) {
      report(`${label} has no accessLogs: requests are not recorded. Set accessLogs { bucket, enabled: true }.`);
      return;
    }
    const bucket = asString(logs.bucket)?.trim();
    if (!isTrue(logs.enabled)) {
      report(
        `${label} has accessLogs.enabled ${logs.enabled === undefined ? "unset (false)" : JSON.stringify(logs.enabled)}: ` +
          "requests are not recorded. Set enabled: true.",
      );
    } else if (!bucket) {
      report(`${label} enables access logs without a bucket. Set accessLogs.bucket.`);
    }
  },
);
