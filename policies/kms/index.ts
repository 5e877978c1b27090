import type { Guardrail } from "../lib/guardrail";
import { kmsDeletionWindow } from "./kms-deletion-window";
import { kmsKeyPolicyNoWildcards } from "./kms-key-policy-no-wildcards";
import { kmsKeyRotation } from "./kms-key-rotation";

/** The kms guardrails, one per file in this folder. */
export const kmsGuardrails: Guardrail[] = [kmsKeyRotation, kmsDeletionWindow, kmsKeyPolicyNoWildcards];
