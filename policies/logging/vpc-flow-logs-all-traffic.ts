import { stackGuardrail } from "../lib/guardrail";
import { vpcFlowLogCoverage } from "./vpc-flow-log-coverage";

/** Advisory companion of `vpc-flow-logs`: recording accepted traffic too makes investigations possible. */
export const vpcFlowLogsAllTraffic = stackGuardrail(
  {
    name: "vpc-flow-logs-all-traffic",
    description:
      'VPC flow logs record both accepted and rejected traffic (trafficType "ALL", or an ACCEPT and a REJECT flow log).',
    enforcementLevel: "advisory",
    severity: "low",
    service: "network",
    controls: {},
    remediationSteps:
      'Set `trafficType: "ALL"` on the VPC\'s flow log: with REJECT only, a successful exfiltration or lateral movement leaves no record.',
  },
  (resources, _context, report) => {
    for (const { vpc, trafficTypes } of vpcFlowLogCoverage(resources)) {
      // No flow log, or none that records rejects, is the mandatory policy's finding.
      if (!trafficTypes.some((t) => t === "ALL" || t === "REJECT")) continue;
      if (trafficTypes.includes("ALL") || trafficTypes.includes("ACCEPT")) continue;
      report(
        `VPC "${vpc.name}" records only rejected traffic in its flow logs: accepted connections leave no record. Use trafficType "ALL".`,
        vpc.urn,
      );
    }
  },
);
