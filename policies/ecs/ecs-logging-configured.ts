import { resourceGuardrail } from "../lib/guardrail";
import { ECS } from "../lib/resource-types";
import { asString, isRecord } from "../lib/values";
import { readContainers, unreadableMessage } from "./shared";

/** Every container sends its output to a log driver. */
export const ecsLoggingConfigured = resourceGuardrail(
  {
    name: "ecs-logging-configured",
    description: "Every container in an ECS task definition has a logConfiguration with a logDriver.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "ecs",
    controls: { awsFsbp: ["ECS.9"], cdkNag: ["AwsSolutions-ECS7"] },
    remediationSteps:
      'Add `logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": ..., "awslogs-region": ..., "awslogs-stream-prefix": ... } }` to every container definition, pointing at a log group with retention and a KMS key.',
  },
  (args, _context, report) => {
    if (args.type !== ECS.taskDefinition) return;
    const { containers, unreadable } = readContainers(args.props.containerDefinitions);
    if (unreadable) {
      report(unreadableMessage(unreadable, "that every container has a log configuration"));
      return;
    }
    for (const { label, definition } of containers) {
      const logConfiguration = definition.logConfiguration;
      if (!isRecord(logConfiguration)) {
        report(`Container "${label}" has no logConfiguration: its output is not collected. Add one (e.g. awslogs).`);
        continue;
      }
      const driver = asString(logConfiguration.logDriver);
      if (!driver || driver.trim() === "") {
        report(
          `Container "${label}" has a logConfiguration without a logDriver: its output is not collected. Set logDriver (e.g. "awslogs").`,
        );
      }
    }
  },
);
