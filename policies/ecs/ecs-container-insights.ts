import { resourceGuardrail } from "../lib/guardrail";
import { ECS } from "../lib/resource-types";
import { asArray, asString, isRecord } from "../lib/values";

const ON_VALUES = ["enabled", "enhanced"];

/** Clusters collect Container Insights metrics. */
export const ecsContainerInsights = resourceGuardrail(
  {
    name: "ecs-container-insights",
    description:
      'ECS clusters turn on Container Insights: a `settings` entry named "containerInsights" with value "enabled" or "enhanced".',
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "ecs",
    controls: { awsFsbp: ["ECS.12"], cdkNag: ["AwsSolutions-ECS4"], checkov: ["CKV_AWS_65"] },
    remediationSteps:
      'Add `settings: [{ name: "containerInsights", value: "enhanced" }]` (or "enabled") to the cluster.',
  },
  (args, _context, report) => {
    if (args.type !== ECS.cluster) return;
    const setting = asArray(args.props.settings).find(
      (s) => isRecord(s) && asString(s.name)?.trim().toLowerCase() === "containerinsights",
    ) as Record<string, unknown> | undefined;
    if (!setting) {
      report(
        `ECS cluster "${args.name}" has no containerInsights setting: Container Insights is off unless the account default turns it on. ` +
          'Add settings [{ name: "containerInsights", value: "enhanced" }].',
      );
      return;
    }
    const value = asString(setting.value)?.trim().toLowerCase();
    if (!value || !ON_VALUES.includes(value)) {
      report(
        `ECS cluster "${args.name}" sets containerInsights to ${JSON.stringify(setting.value)}: Container Insights is off. ` +
          'Set it to "enhanced" or "enabled".',
      );
    }
  },
);
