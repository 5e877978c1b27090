import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "./policy-document";

/** What CloudWatch Logs does with a customer-managed key (AWS docs, "Encrypt log data in CloudWatch Logs"), spelled out. */
export const LOGS_KEY_ACTIONS = [
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:DescribeKey",
];

export interface LogsKeyStatementArgs {
  readonly region: string;
  readonly accountId: pulumi.Input<string>;
  readonly partition: pulumi.Input<string>;
  /** Log group name prefix the key may serve, e.g. `/starscreen/prod/`. */
  readonly logGroupPrefix: string;
  /** Further log groups by exact name, for names AWS dictates (WAF's must start with `aws-waf-logs-`). Default none. */
  readonly extraLogGroupNames?: readonly string[];
}

/**
 * The key-policy statement that lets the regional CloudWatch Logs service principal use a key for this stack's log
 * groups only: the `kms:EncryptionContext:aws:logs:arn` condition names the log group ARNs under the prefix.
 */
export function cloudWatchLogsKeyStatement(args: LogsKeyStatementArgs): PolicyStatement {
  if (!args.logGroupPrefix.startsWith("/") || !args.logGroupPrefix.endsWith("/")) {
    throw new Error(
      `cloudWatchLogsKeyStatement: logGroupPrefix must start and end with "/", got "${args.logGroupPrefix}"`,
    );
  }
  return {
    Sid: "CloudWatchLogsEncryptsStackLogGroups",
    Effect: "Allow",
    Principal: { Service: `logs.${args.region}.amazonaws.com` },
    Action: LOGS_KEY_ACTIONS,
    Resource: "*",
    Condition: {
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": [args.logGroupPrefix + "*", ...(args.extraLogGroupNames ?? [])].map(
          (name) => pulumi.interpolate`arn:${args.partition}:logs:${args.region}:${args.accountId}:log-group:${name}`,
        ),
      },
    },
  };
}
