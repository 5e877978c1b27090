import type { Guardrail } from "../lib/guardrail";

/** The elb guardrails, one per file in this folder. */
export const elbGuardrails: Guardrail[] = [];
