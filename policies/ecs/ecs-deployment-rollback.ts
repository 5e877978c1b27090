import { resourceGuardrail } from "../lib/guardrail";
import { ECS } from "../lib/resource-types";
import { firstBlock, isTrue } from "../lib/values";
import { usesEcsDeploymentController } from "./ecs-deployment-circuit-breaker";

/** Advisory companion of `ecs-deployment-circuit-breaker`: a tripped breaker should also roll back. */
export const ecsDeploymentRollback = resourceGuardrail(
  {
    name: "ecs-deployment-rollback",
    description:
      "ECS services with a deployment circuit breaker also roll back automatically (deploymentCircuitBreaker.rollback is true).",
    enforcementLevel: "advisory",
    severity: "low",
    service: "ecs",
    controls: {},
    remediationSteps:
      "Set `deploymentCircuitBreaker.rollback: true` so a failed deployment returns the service to its last completed deployment instead of leaving it half-deployed.",
  },
  (args, _context, report) => {
    if (args.type !== ECS.service) return;
    if (!usesEcsDeploymentController(args.props)) return;
    const breaker = firstBlock(args.props.deploymentCircuitBreaker);
    // A missing or disabled breaker is the mandatory policy's finding; this one only adds the rollback advice.
    if (!breaker || !isTrue(breaker.enable)) return;
    if (!isTrue(breaker.rollback)) {
      report(
        `ECS service "${args.name}" has a deployment circuit breaker without rollback: a failed deployment stops but is not rolled back. ` +
          "Set deploymentCircuitBreaker.rollback to true.",
      );
    }
  },
);
