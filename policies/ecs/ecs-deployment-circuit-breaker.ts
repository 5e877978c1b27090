import { resourceGuardrail } from "../lib/guardrail";
import { ECS } from "../lib/resource-types";
import { asString, firstBlock, isTrue } from "../lib/values";

/**
 * The deployment circuit breaker only exists for the rolling-update (`ECS`) deployment controller; services
 * deployed by CodeDeploy or an external controller have their own rollback and are skipped.
 */
export function usesEcsDeploymentController(props: Record<string, unknown>): boolean {
  const controller = firstBlock(props.deploymentController);
  const type = controller ? asString(controller.type)?.trim().toUpperCase() : undefined;
  return type === undefined || type === "" || type === "ECS";
}

/** Services stop a failing deployment instead of replacing healthy tasks forever. */
export const ecsDeploymentCircuitBreaker = resourceGuardrail(
  {
    name: "ecs-deployment-circuit-breaker",
    description:
      "ECS services that use rolling-update deployments turn on the deployment circuit breaker (deploymentCircuitBreaker.enable is true).",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "ecs",
    controls: {},
    remediationSteps:
      "Set `deploymentCircuitBreaker: { enable: true, rollback: true }` on the service so a deployment whose tasks never become healthy stops and rolls back to the last working task definition.",
  },
  (args, _context, report) => {
    if (args.type !== ECS.service) return;
    if (!usesEcsDeploymentController(args.props)) return;
    const breaker = firstBlock(args.props.deploymentCircuitBreaker);
    if (!breaker) {
      report(
        `ECS service "${args.name}" has no deploymentCircuitBreaker: a failing deployment keeps replacing tasks. ` +
          "Set deploymentCircuitBreaker { enable: true, rollback: true }.",
      );
      return;
    }
    if (!isTrue(breaker.enable)) {
      report(
        `ECS service "${args.name}" sets deploymentCircuitBreaker.enable to ${JSON.stringify(breaker.enable ?? null)}: ` +
          "a failing deployment keeps replacing tasks. Set enable: true (and rollback: true).",
      );
    }
  },
);
