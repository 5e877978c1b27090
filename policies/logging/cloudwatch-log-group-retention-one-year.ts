import { resourceGuardrail } from "../lib/guardrail";
import { LOGS } from "../lib/resource-types";
import { asNumber } from "../lib/values";

/** FSBP CloudWatch.16: production log groups keep events for at least a year (advisory). */
export const cloudwatchLogGroupRetentionOneYear = resourceGuardrail(
  {
    name: "cloudwatch-log-group-retention-one-year",
    description:
      "Production CloudWatch log groups keep events for at least minRetentionDays (default 365) days, as FSBP CloudWatch.16 recommends; a log group that never expires meets this.",
    enforcementLevel: "advisory",
    severity: "low",
    service: "logging",
    controls: { awsFsbp: ["CloudWatch.16"], checkov: ["CKV_AWS_338"] },
    scope: "prod-only",
    remediationSteps:
      "Set `retentionInDays` to 365 or more on production log groups when incident investigation or audit needs a year of history; weigh it against data minimisation for logs that may hold personal data.",
    configProperties: {
      minRetentionDays: {
        type: "number",
        minimum: 1,
        default: 365,
        description: "Smallest retentionInDays this advisory accepts.",
      },
    },
  },
  (args, context, report) => {
    if (args.type !== LOGS.logGroup) return;
    const min = asNumber(context.config.minRetentionDays) ?? 365;
    const days = asNumber(args.props.retentionInDays);
    // 0 or absent means "never expire": retained for more than a year (the mandatory retention policy flags it).
    if (days === undefined || days === 0) return;
    if (days < min) {
      report(
        `Log group "${args.name}" keeps events for ${days} days, less than ${min}: FSBP CloudWatch.16 expects at least a year of history.`,
      );
    }
  },
);
