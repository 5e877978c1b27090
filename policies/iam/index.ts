import type { Guardrail } from "../lib/guardrail";

/** The iam guardrails, one per file in this folder. */
export const iamGuardrails: Guardrail[] = [];
