import type { Guardrail } from "../lib/guardrail";

/** The s3 guardrails, one per file in this folder. */
export const s3Guardrails: Guardrail[] = [];
