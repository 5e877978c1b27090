import { resourceGuardrail } from "../lib/guardrail";
import { LOGS } from "../lib/resource-types";
import { asString } from "../lib/values";

/** Log groups are encrypted with a customer-managed KMS key. */
export const cloudwatchLogGroupKms = resourceGuardrail(
  {
    name: "cloudwatch-log-group-kms",
    description:
      "CloudWatch log groups are encrypted with a customer-managed KMS key (kmsKeyId is set), so access to the log data is governed by a key policy.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "logging",
    controls: { checkov: ["CKV_AWS_158"] },
    remediationSteps:
      "Create a KMS key with rotation whose key policy grants `logs.<region>.amazonaws.com` use of the key under a `kms:EncryptionContext:aws:logs:arn` condition, and set `kmsKeyId: key.arn` on the log group.",
  },
  (args, _context, report) => {
    if (args.type !== LOGS.logGroup) return;
    const key = asString(args.props.kmsKeyId)?.trim();
    if (!key) {
      report(
        `Log group "${args.name}" has no kmsKeyId: its events are encrypted only with a CloudWatch-owned key. Set kmsKeyId to a customer-managed KMS key ARN.`,
      );
    }
  },
);
