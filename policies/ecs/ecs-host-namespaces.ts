import { resourceGuardrail } from "../lib/guardrail";
import { ECS } from "../lib/resource-types";
import { asString } from "../lib/values";
import { upperStrings } from "./shared";

function lower(value: unknown): string | undefined {
  return asString(value)?.trim().toLowerCase();
}

/** Task definitions do not share the host's process, IPC or network namespace; Fargate tasks use awsvpc. */
export const ecsHostNamespaces = resourceGuardrail(
  {
    name: "ecs-host-namespaces",
    description:
      "ECS task definitions do not share the host's process, IPC or network namespace (pidMode, ipcMode and networkMode are not `host`), and Fargate task definitions use the awsvpc network mode.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "ecs",
    controls: { awsFsbp: ["ECS.3", "ECS.17"], checkov: ["CKV_AWS_335"] },
    remediationSteps:
      'Remove `pidMode: "host"` and `ipcMode: "host"` (use `task` or leave unset), and set `networkMode: "awsvpc"` so each task gets its own network interface and security group.',
  },
  (args, _context, report) => {
    if (args.type !== ECS.taskDefinition) return;
    const props = args.props;
    for (const key of ["pidMode", "ipcMode"] as const) {
      if (lower(props[key]) === "host") {
        report(
          `Task definition "${args.name}" sets ${key} to "host": its containers share the host's ` +
            `${key === "pidMode" ? "process" : "IPC"} namespace. Use "task" or leave ${key} unset.`,
        );
      }
    }
    const networkMode = lower(props.networkMode);
    if (networkMode === "host") {
      report(
        `Task definition "${args.name}" sets networkMode to "host": its containers share the host's network namespace. Use "awsvpc".`,
      );
      return;
    }
    const fargate = upperStrings(props.requiresCompatibilities).includes("FARGATE");
    if (fargate && networkMode !== "awsvpc") {
      report(
        `Fargate task definition "${args.name}" has networkMode ${networkMode === undefined ? "unset" : `"${networkMode}"`}: ` +
          'Fargate tasks must use "awsvpc".',
      );
    }
  },
);
