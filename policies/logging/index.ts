import type { Guardrail } from "../lib/guardrail";

/** The logging guardrails, one per file in this folder. */
export const loggingGuardrails: Guardrail[] = [];
