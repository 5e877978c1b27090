import { resourceGuardrail } from "../lib/guardrail";
import { ECS } from "../lib/resource-types";
import { isTrue } from "../lib/values";
import { readContainers, unreadableMessage } from "./shared";

/** Every container of a task definition mounts its root filesystem read-only. */
export const ecsReadonlyRootFilesystem = resourceGuardrail(
  {
    name: "ecs-readonly-root-filesystem",
    description: "Every container in an ECS task definition has readonlyRootFilesystem set to true.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "ecs",
    controls: { awsFsbp: ["ECS.5"], checkov: ["CKV_AWS_336"] },
    remediationSteps:
      "Set `readonlyRootFilesystem: true` on every container definition; give the application a writable scratch volume (a task `volume` mounted with `mountPoints`, e.g. at /tmp) for the paths it must write.",
  },
  (args, _context, report) => {
    if (args.type !== ECS.taskDefinition) return;
    const { containers, unreadable } = readContainers(args.props.containerDefinitions);
    if (unreadable) {
      report(unreadableMessage(unreadable, "that every container has a read-only root filesystem"));
      return;
    }
    for (const { label, definition } of containers) {
      const value = definition.readonlyRootFilesystem;
      if (!isTrue(value)) {
        report(
          `Container "${label}" has readonlyRootFilesystem ${value === undefined ? "unset" : JSON.stringify(value)}: ` +
            "its root filesystem is writable. Set readonlyRootFilesystem to true and mount a scratch volume where it must write.",
        );
      }
    }
  },
);
