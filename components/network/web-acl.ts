import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "../iam/policy-document";

/** The AWS managed rule groups the web ACL applies, in evaluation order (after the per-IP rate limit). */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesCommonRuleSet",
] as const;

/**
 * Rules counted instead of enforced. An ALB forwards only the first 8 KB of a body to WAF and the common rule set's
 * SizeRestrictions_BODY blocks anything larger, which would reject every resume upload sent through the API
 * (AWS WAF docs, "Body inspection size limits"); the rule still shows in metrics and sampled requests.
 */
export const RULE_ACTION_OVERRIDES: Partial<Record<(typeof MANAGED_RULE_GROUPS)[number], readonly string[]>> = {
  AWSManagedRulesCommonRuleSet: ["SizeRestrictions_BODY"],
};

export interface WebAclArgs {
  /** ARN of the regional resource to protect (the Application Load Balancer). */
  readonly resourceArn: pulumi.Input<string>;
  /** Requests one client IP may send in any 5-minute window before it is blocked. Default `1000`. */
  readonly requestsPerFiveMinutes?: number;
  /** Where WAF logs every request it evaluates (a CloudWatch log group this component creates). */
  readonly logs: WebAclLogs;
}

export interface WebAclLogs {
  /** Must start with `aws-waf-logs-` (WAF refuses other names). */
  readonly logGroupName: string;
  readonly retentionInDays: number;
  /** Customer-managed key whose policy lets CloudWatch Logs use it for this group. */
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  readonly partition: pulumi.Input<string>;
  readonly region: string;
}

/** Request headers never written to the WAF logs: they carry credentials and session tokens. */
export const REDACTED_HEADERS = ["authorization", "cookie"] as const;

/**
 * A regional WAFv2 web ACL associated with a load balancer: a per-IP rate limit, then AWS's IP reputation list,
 * known bad inputs (e.g. Log4Shell) and the common rule set (OWASP top-10 style). Requests that match nothing are
 * allowed. Every rule publishes CloudWatch metrics and samples.
 */
export class WebAcl extends pulumi.ComponentResource {
  public readonly acl: aws.wafv2.WebAcl;
  public readonly arn: pulumi.Output<string>;
  public readonly association: aws.wafv2.WebAclAssociation;
  public readonly logGroup: aws.cloudwatch.LogGroup;

  constructor(name: string, args: WebAclArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const limit = args.requestsPerFiveMinutes ?? 1000;
    if (!Number.isInteger(limit) || limit < 10 || limit > 2_000_000_000) {
      throw new Error(`WebAcl ${name}: requestsPerFiveMinutes must be an integer from 10 to 2000000000, got ${limit}`);
    }
    if (!args.logs.logGroupName.startsWith("aws-waf-logs-")) {
      throw new Error(
        `WebAcl ${name}: logs.logGroupName must start with "aws-waf-logs-", got "${args.logs.logGroupName}"`,
      );
    }
    super("starscreen:network:WebAcl", name, {}, opts);
    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });

    this.acl = new aws.wafv2.WebAcl(
      `${name}-acl`,
      {
        scope: "REGIONAL",
        description: "Rate limit per IP and AWS managed rules in front of the Starscreen API",
        defaultAction: { allow: {} },
        visibilityConfig: visibility(`${name}-acl`),
        rules: [
          {
            name: "rate-limit-per-ip",
            priority: 0,
            action: { block: {} },
            statement: { rateBasedStatement: { limit, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
            visibilityConfig: visibility(`${name}-rate-limit-per-ip`),
          },
          ...MANAGED_RULE_GROUPS.map((group, i) => ({
            name: group,
            priority: i + 1,
            overrideAction: { none: {} },
            statement: {
              managedRuleGroupStatement: {
                vendorName: "AWS",
                name: group,
                ruleActionOverrides: (RULE_ACTION_OVERRIDES[group] ?? []).map((rule) => ({
                  name: rule,
                  actionToUse: { count: {} },
                })),
              },
            },
            visibilityConfig: visibility(`${name}-${group}`),
          })),
        ],
      },
      { parent: this },
    );
    this.arn = this.acl.arn;
    this.association = new aws.wafv2.WebAclAssociation(
      `${name}-association`,
      { resourceArn: args.resourceArn, webAclArn: this.acl.arn },
      { parent: this },
    );

    // Request logging (AWS FSBP WAF.11): an encrypted log group, CloudWatch Logs' delivery service allowed to write
    // to it for this account only, then the logging configuration (which needs that permission to exist).
    const logs = args.logs;
    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: logs.logGroupName, retentionInDays: logs.retentionInDays, kmsKeyId: logs.kmsKeyArn },
      { parent: this },
    );
    const delivery = new aws.cloudwatch.LogResourcePolicy(
      `${name}-log-delivery`,
      {
        policyName: logs.logGroupName,
        policyDocument: policyDocument([
          {
            Sid: "WafLogDelivery",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: pulumi.interpolate`${this.logGroup.arn}:*`,
            Condition: {
              StringEquals: { "aws:SourceAccount": logs.accountId },
              ArnLike: {
                "aws:SourceArn": pulumi.interpolate`arn:${logs.partition}:logs:${logs.region}:${logs.accountId}:*`,
              },
            },
          },
        ]),
      },
      { parent: this },
    );
    new aws.wafv2.WebAclLoggingConfiguration(
      `${name}-logging`,
      {
        resourceArn: this.acl.arn,
        logDestinationConfigs: [this.logGroup.arn],
        redactedFields: REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })),
      },
      { parent: this, dependsOn: [delivery] },
    );
    this.registerOutputs({ arn: this.arn, logGroupName: this.logGroup.name });
  }
}
