import type { Guardrail } from "../lib/guardrail";

/** The ecs guardrails, one per file in this folder. */
export const ecsGuardrails: Guardrail[] = [];
