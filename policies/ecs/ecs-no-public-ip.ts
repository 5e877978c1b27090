import { resourceGuardrail } from "../lib/guardrail";
import { ECS } from "../lib/resource-types";
import { firstBlock } from "../lib/values";
import { ECS_EXTRA, isEnabled } from "./shared";

/** ECS services and task sets must not give their tasks public IP addresses. */
export const ecsNoPublicIp = resourceGuardrail(
  {
    name: "ecs-no-public-ip",
    description:
      "ECS services and task sets do not assign public IP addresses to their tasks (networkConfiguration.assignPublicIp is not true).",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "ecs",
    controls: { awsFsbp: ["ECS.2", "ECS.16"], checkov: ["CKV_AWS_333"] },
    remediationSteps:
      "Set `networkConfiguration.assignPublicIp: false` and run the tasks in private subnets; reach the internet through a NAT gateway and AWS services through VPC endpoints, and expose the service only through a load balancer.",
  },
  (args, _context, report) => {
    if (args.type !== ECS.service && args.type !== ECS_EXTRA.taskSet) return;
    const network = firstBlock(args.props.networkConfiguration);
    if (!network) return;
    const assign = network.assignPublicIp;
    if (isEnabled(assign)) {
      const kind = args.type === ECS.service ? "ECS service" : "ECS task set";
      report(
        `${kind} "${args.name}" sets networkConfiguration.assignPublicIp to ${JSON.stringify(assign)}: ` +
          "its tasks get public IP addresses. Set it to false and use private subnets.",
      );
    }
  },
);
