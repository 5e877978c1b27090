import type { Policies } from "@pulumi/policy";
import { elbGuardrails } from "./elb";
import { ecsGuardrails } from "./ecs";
import { iamGuardrails } from "./iam";
import { kmsGuardrails } from "./kms";
import { loggingGuardrails } from "./logging";
import { s3Guardrails } from "./s3";
import { waiversInEffect } from "./waivers-in-effect";

/**
 * Every guardrail in the pack, in evaluation order. Tests and tools import this array; only `index.ts` constructs
 * the PolicyPack (constructing one starts the analyzer server). `waivers-in-effect` stays last: it reports the
 * waivers that the other stack policies applied in the same AnalyzeStack call.
 */
export const guardrails: Policies = [
  ...s3Guardrails,
  ...iamGuardrails,
  ...kmsGuardrails,
  ...ecsGuardrails,
  ...elbGuardrails,
  ...loggingGuardrails,
  waiversInEffect,
];
