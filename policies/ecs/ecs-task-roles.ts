import { resourceGuardrail } from "../lib/guardrail";
import { ECS } from "../lib/resource-types";

function isSet(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/** Task definitions name a task role and an execution role, and they are different roles. */
export const ecsTaskRoles = resourceGuardrail(
  {
    name: "ecs-task-roles",
    description:
      "ECS task definitions set both taskRoleArn (the application's permissions) and executionRoleArn (the agent's permissions to pull images, write logs and read secrets), and the two are different roles.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "ecs",
    controls: { checkov: ["CKV_AWS_249"] },
    remediationSteps:
      "Create one task role per service with only the application's permissions and a separate execution role with the ECR pull, log write and secret read permissions; set `taskRoleArn` and `executionRoleArn` to them.",
  },
  (args, _context, report) => {
    if (args.type !== ECS.taskDefinition) return;
    const props = args.props;
    const keys = ["taskRoleArn", "executionRoleArn"] as const;
    const reportMissing = (key: (typeof keys)[number]) =>
      report(
        `Task definition "${args.name}" has no ${key}: ` +
          (key === "taskRoleArn"
            ? "the application has no dedicated role of its own. Set a task role with the application's permissions only."
            : "the ECS agent has no role to pull images, write logs and read secrets. Set a separate execution role."),
      );
    // Absent keys are reported before any value is read: reading a value that is unknown during preview ends the
    // check (the runtime turns it into its preview advisory), and a missing role must not hide behind that.
    const present = keys.filter((key) => key in props);
    for (const key of keys) if (!present.includes(key)) reportMissing(key);
    const values = new Map<string, string>();
    for (const key of present) {
      const value: unknown = props[key];
      if (isSet(value)) values.set(key, value.trim());
      else reportMissing(key);
    }
    const task = values.get("taskRoleArn");
    if (task !== undefined && task === values.get("executionRoleArn")) {
      report(
        `Task definition "${args.name}" uses the same role for taskRoleArn and executionRoleArn (${task}): ` +
          "the application gets the agent's permissions (image pull, log write, secret read). Use two roles.",
      );
    }
  },
);
