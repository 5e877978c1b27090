import type { Guardrail } from "../lib/guardrail";

/** The kms guardrails, one per file in this folder. */
export const kmsGuardrails: Guardrail[] = [];
