import { resourceGuardrail } from "../lib/guardrail";
import { ECS } from "../lib/resource-types";
import { isRecord, isTrue } from "../lib/values";
import { readContainers, unreadableMessage, upperStrings } from "./shared";

const DEFAULT_FORBIDDEN_CAPABILITIES = ["ALL", "SYS_ADMIN", "NET_ADMIN"];

/** Linux capability names without the `CAP_` prefix some tools add. */
function capabilityName(value: string): string {
  return value.startsWith("CAP_") ? value.slice(4) : value;
}

/** No container runs privileged or adds host-level Linux capabilities. */
export const ecsNotPrivileged = resourceGuardrail(
  {
    name: "ecs-not-privileged",
    description:
      "No container in an ECS task definition runs privileged or adds a host-level Linux capability (ALL, SYS_ADMIN, NET_ADMIN by default) through linuxParameters.capabilities.add.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "ecs",
    controls: { awsFsbp: ["ECS.4"], checkov: ["CKV_AWS_334"] },
    remediationSteps:
      "Remove `privileged: true` from the container definition and drop the listed capabilities from `linuxParameters.capabilities.add`; grant the narrowest capability the process needs, or none.",
    configProperties: {
      forbiddenCapabilities: {
        type: "array",
        items: { type: "string" },
        default: DEFAULT_FORBIDDEN_CAPABILITIES,
        description: "Linux capabilities a container may not add (names without the CAP_ prefix; case-insensitive).",
      },
    },
  },
  (args, context, report) => {
    if (args.type !== ECS.taskDefinition) return;
    const forbidden = new Set(upperStrings(context.config.forbiddenCapabilities).map(capabilityName));
    const { containers, unreadable } = readContainers(args.props.containerDefinitions);
    if (unreadable) {
      report(unreadableMessage(unreadable, "that no container runs privileged"));
      return;
    }
    for (const { label, definition } of containers) {
      if (isTrue(definition.privileged)) {
        report(
          `Container "${label}" sets privileged: true: it gets root-equivalent access to the host. Remove privileged.`,
        );
      }
      const linux = isRecord(definition.linuxParameters) ? definition.linuxParameters : undefined;
      const capabilities = linux && isRecord(linux.capabilities) ? linux.capabilities : undefined;
      const added = capabilities ? upperStrings(capabilities.add).map(capabilityName) : [];
      const bad = [...new Set(added.filter((c) => forbidden.has(c)))];
      if (bad.length > 0) {
        report(
          `Container "${label}" adds Linux ${bad.length === 1 ? "capability" : "capabilities"} ${bad.join(", ")} ` +
            "in linuxParameters.capabilities.add: host-level privileges. Remove them.",
        );
      }
    }
  },
);
