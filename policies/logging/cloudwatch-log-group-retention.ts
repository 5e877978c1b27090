import { resourceGuardrail } from "../lib/guardrail";
import { LOGS } from "../lib/resource-types";
import { asNumber } from "../lib/values";

/**
 * Default minimum: 1 day, i.e. "retention must be set". Log groups default to never expiring, which keeps
 * whatever reached the logs (request paths, file names, error payloads from resume parsing) forever; the stacks
 * take their retention from config (short in dev), so the mandatory floor is "bounded", not a number of days.
 * The one-year floor of FSBP CloudWatch.16 is the advisory `cloudwatch-log-group-retention-one-year` (prod), and
 * a stack that must meet it mandatorily sets this policy's `minRetentionDays` to 365 in its pack config.
 */
export const DEFAULT_MIN_RETENTION_DAYS = 1;

/** Log groups expire their events after a bounded retention period. */
export const cloudwatchLogGroupRetention = resourceGuardrail(
  {
    name: "cloudwatch-log-group-retention",
    description:
      "CloudWatch log groups set retentionInDays (not 0 or absent, which keep events forever) to at least minRetentionDays (default 1).",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "logging",
    controls: { checkov: ["CKV_AWS_66"] },
    remediationSteps:
      "Set `retentionInDays` on every log group to one of the values CloudWatch accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, ...) and at least minRetentionDays.",
    configProperties: {
      minRetentionDays: {
        type: "number",
        minimum: 1,
        default: DEFAULT_MIN_RETENTION_DAYS,
        description: "Smallest accepted retentionInDays. Set 365 to enforce FSBP CloudWatch.16 / CKV_AWS_338.",
      },
    },
  },
  (args, context, report) => {
    if (args.type !== LOGS.logGroup) return;
    const min = Math.max(1, asNumber(context.config.minRetentionDays) ?? DEFAULT_MIN_RETENTION_DAYS);
    const raw: unknown = args.props.retentionInDays;
    const days = asNumber(raw);
    if (days === undefined || days === 0) {
      report(
        `Log group "${args.name}" has retentionInDays ${raw === undefined ? "unset" : JSON.stringify(raw)}: its events never expire. ` +
          `Set retentionInDays (at least ${min}).`,
      );
    } else if (days < min) {
      report(
        `Log group "${args.name}" keeps events for ${days} days, below the minimum of ${min}. Raise retentionInDays.`,
      );
    }
  },
);
