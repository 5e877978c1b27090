import type { Guardrail } from "../lib/guardrail";
import { ecsContainerInsights } from "./ecs-container-insights";
import { ecsDeploymentCircuitBreaker } from "./ecs-deployment-circuit-breaker";
import { ecsDeploymentRollback } from "./ecs-deployment-rollback";
import { ecsHostNamespaces } from "./ecs-host-namespaces";
import { ecsLoggingConfigured } from "./ecs-logging-configured";
import { ecsNoPlaintextSecrets } from "./ecs-no-plaintext-secrets";
import { ecsNoPublicIp } from "./ecs-no-public-ip";
import { ecsNotPrivileged } from "./ecs-not-privileged";
import { ecsReadonlyRootFilesystem } from "./ecs-readonly-root-filesystem";
import { ecsTaskRoles } from "./ecs-task-roles";

/** The ecs guardrails, one per file in this folder. */
export const ecsGuardrails: Guardrail[] = [
  ecsNoPublicIp,
  ecsReadonlyRootFilesystem,
  ecsNotPrivileged,
  ecsHostNamespaces,
  ecsLoggingConfigured,
  ecsNoPlaintextSecrets,
  ecsTaskRoles,
  ecsContainerInsights,
  ecsDeploymentCircuitBreaker,
  ecsDeploymentRollback,
];
