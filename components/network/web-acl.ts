import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

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
}

/**
 * A regional WAFv2 web ACL associated with a load balancer: a per-IP rate limit, then AWS's IP reputation list,
 * known bad inputs (e.g. Log4Shell) and the common rule set (OWASP top-10 style). Requests that match nothing are
 * allowed. Every rule publishes CloudWatch metrics and samples.
 */
export class WebAcl extends pulumi.ComponentResource {
  public readonly acl: aws.wafv2.WebAcl;
  public readonly arn: pulumi.Output<string>;
  public readonly association: aws.wafv2.WebAclAssociation;

  constructor(name: string, args: WebAclArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const limit = args.requestsPerFiveMinutes ?? 1000;
    if (!Number.isInteger(limit) || limit < 10 || limit > 2_000_000_000) {
      throw new Error(`WebAcl ${name}: requestsPerFiveMinutes must be an integer from 10 to 2000000000, got ${limit}`);
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
    this.registerOutputs({ arn: this.arn });
  }
}
