import { stackGuardrail } from "../lib/guardrail";
import { vpcFlowLogCoverage } from "./vpc-flow-log-coverage";

/** Every VPC records at least its rejected traffic in a flow log. */
export const vpcFlowLogs = stackGuardrail(
  {
    name: "vpc-flow-logs",
    description:
      "Every VPC (aws.ec2.Vpc or an awsx.ec2.Vpc component) has a flow log (aws.ec2.FlowLog with its vpcId) that records rejected traffic (trafficType REJECT or ALL).",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "network",
    controls: { awsFsbp: ["EC2.6"], cdkNag: ["AwsSolutions-VPC7"], checkov: ["CKV2_AWS_11"] },
    remediationSteps:
      'Add `new aws.ec2.FlowLog(..., { vpcId: vpc.vpcId, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: logGroup.arn, iamRoleArn })` (or an S3 destination) for every VPC.',
  },
  (resources, _context, report) => {
    for (const { vpc, trafficTypes } of vpcFlowLogCoverage(resources)) {
      if (trafficTypes.some((t) => t === "ALL" || t === "REJECT")) continue;
      report(
        trafficTypes.length === 0
          ? `VPC "${vpc.name}" has no flow log: rejected and accepted connections are not recorded. Add an aws.ec2.FlowLog with its vpcId and trafficType "ALL".`
          : `VPC "${vpc.name}" has flow logs with trafficType ${trafficTypes.map((t) => (t ? `"${t}"` : "unset")).join(", ")} only: ` +
              'rejected traffic is not recorded. Use trafficType "ALL" (or add a "REJECT" flow log).',
        vpc.urn,
      );
    }
  },
);
