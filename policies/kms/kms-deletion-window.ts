import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { resourceGuardrail } from "../lib/guardrail";
import { asNumber } from "../lib/values";
import { KEY_TYPES } from "./shared";

/** AWS's own bounds and default for `deletionWindowInDays`. */
const AWS_MINIMUM = 7;
const AWS_DEFAULT = 30;

const ENVIRONMENT: PolicyConfigJSONSchema = {
  type: "string",
  enum: ["dev", "prod"],
  default: "prod",
  description: "The stack's environment: `prod` applies `prodMinimumDays`, `dev` the AWS minimum of 7 days.",
};

const PROD_MINIMUM: PolicyConfigJSONSchema = {
  type: "integer",
  minimum: AWS_MINIMUM,
  maximum: AWS_DEFAULT,
  default: 30,
  description: "Minimum deletion window, in days, for keys in production stacks.",
};

/**
 * The deletion window is the only undo for `ScheduleKeyDeletion`: once it ends, everything encrypted under the key
 * is unreadable. At least 7 days everywhere (the AWS minimum) and 30 in production (configurable). An absent
 * window is the AWS default of 30 days.
 */
export const kmsDeletionWindow = resourceGuardrail(
  {
    name: "kms-deletion-window",
    description:
      "KMS keys must have a deletion window of at least 7 days, and at least 30 days (configurable) in production.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "kms",
    controls: { awsFsbp: ["KMS.3"] },
    remediationSteps:
      "Set `deletionWindowInDays` to 30 in production (7 or more elsewhere), or leave it unset for the AWS default of 30.",
    configProperties: { environment: ENVIRONMENT, prodMinimumDays: PROD_MINIMUM },
  },
  (resource, context, report) => {
    if (!KEY_TYPES.has(resource.type)) return;
    const raw = resource.props.deletionWindowInDays;
    if (raw === undefined || raw === null) return;
    const days = asNumber(raw);
    const prodMinimum = Math.max(AWS_MINIMUM, asNumber(context.config.prodMinimumDays) ?? AWS_DEFAULT);
    const minimum = context.environment === "prod" ? prodMinimum : AWS_MINIMUM;
    if (days === undefined) {
      report(
        `KMS key "${resource.name}" has deletionWindowInDays ${JSON.stringify(raw)}, which is not a number of days.`,
      );
    } else if (days < minimum) {
      report(
        `KMS key "${resource.name}" has a deletion window of ${days} days; the minimum in ${context.environment} is ${minimum} days.`,
      );
    }
  },
);
