import { beforeAll, describe, expect, it } from "vitest";
import { WebAcl } from "../../../components/network/web-acl";
import { startMockedRun, type MockedRun } from "../../helpers/pulumi-mocks";

const ALB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/api/0123456789abcdef";
const LOGS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";
const LOGS = {
  logGroupName: "aws-waf-logs-starscreen-infra-prod",
  retentionInDays: 365,
  kmsKeyArn: LOGS_KEY,
  accountId: "123456789012",
  partition: "aws",
  region: "us-east-1",
};

describe("WebAcl", () => {
  let run: MockedRun;
  beforeAll(async () => {
    run = await startMockedRun({ stack: "prod" });
    new WebAcl("api-waf", { resourceArn: ALB, requestsPerFiveMinutes: 2000, logs: LOGS });
    await run.settle();
  });

  it("rate-limits each IP first, then applies the IP reputation, known-bad-inputs and common managed rule groups", () => {
    const acl = run.inputs(run.one("aws:wafv2/webAcl:WebAcl", "api-waf-acl"));
    expect(acl.scope).toBe("REGIONAL");
    expect(acl.defaultAction).toEqual({ allow: {} });
    expect(acl.rules.map((r: { priority: number; name: string }) => [r.priority, r.name])).toEqual([
      [0, "rate-limit-per-ip"],
      [1, "AWSManagedRulesAmazonIpReputationList"],
      [2, "AWSManagedRulesKnownBadInputsRuleSet"],
      [3, "AWSManagedRulesCommonRuleSet"],
    ]);
    expect(acl.rules[0]).toMatchObject({
      action: { block: {} },
      statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
    });
    for (const rule of acl.rules.slice(1)) {
      expect(rule.overrideAction).toEqual({ none: {} });
      expect(rule.statement.managedRuleGroupStatement).toMatchObject({ vendorName: "AWS", name: rule.name });
    }
    // The ALB passes WAF only the first 8 KB of a body: the body-size rule is counted, or every upload would be blocked.
    const common = acl.rules.find((r: { name: string }) => r.name === "AWSManagedRulesCommonRuleSet");
    expect(common.statement.managedRuleGroupStatement.ruleActionOverrides).toEqual([
      { name: "SizeRestrictions_BODY", actionToUse: { count: {} } },
    ]);
    const others = acl.rules.filter((r: { name: string }) => r.name !== "AWSManagedRulesCommonRuleSet").slice(1);
    for (const rule of others) expect(rule.statement.managedRuleGroupStatement.ruleActionOverrides).toEqual([]);
    for (const rule of [acl, ...acl.rules]) {
      expect(rule.visibilityConfig).toMatchObject({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true });
      expect(rule.visibilityConfig.metricName).toMatch(/^[\w-]{1,128}$/);
    }
  });

  it("associates the ACL with the load balancer", () => {
    const acl = run.outputs(run.one("aws:wafv2/webAcl:WebAcl"));
    expect(run.inputs(run.one("aws:wafv2/webAclAssociation:WebAclAssociation", "api-waf-association"))).toEqual({
      resourceArn: ALB,
      webAclArn: acl.arn,
    });
  });

  it("logs every request to an encrypted group with retention, without credentials, once delivery is allowed", () => {
    const group = run.one("aws:cloudwatch/logGroup:LogGroup", "api-waf-logs");
    expect(run.inputs(group)).toEqual({
      name: "aws-waf-logs-starscreen-infra-prod",
      retentionInDays: 365,
      kmsKeyId: LOGS_KEY,
    });
    const groupArn = run.outputs(group).arn;
    const delivery = run.one("aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "api-waf-log-delivery");
    expect(run.json(delivery, "policyDocument").Statement).toEqual([
      {
        Sid: "WafLogDelivery",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${groupArn}:*`,
        Condition: {
          StringEquals: { "aws:SourceAccount": "123456789012" },
          ArnLike: { "aws:SourceArn": "arn:aws:logs:us-east-1:123456789012:*" },
        },
      },
    ]);
    const logging = run.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "api-waf-logging");
    expect(run.inputs(logging)).toEqual({
      resourceArn: run.outputs(run.one("aws:wafv2/webAcl:WebAcl")).arn,
      logDestinationConfigs: [groupArn],
      redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
    });
    expect(logging.dependencies).toContain(delivery.urn);
  });

  it("rejects a rate limit WAF does not accept", () => {
    expect(() => new WebAcl("bad", { resourceArn: ALB, requestsPerFiveMinutes: 5, logs: LOGS })).toThrow(
      "WebAcl bad: requestsPerFiveMinutes must be an integer from 10 to 2000000000, got 5",
    );
  });

  it("rejects a log group name WAF would refuse", () => {
    expect(
      () => new WebAcl("bad", { resourceArn: ALB, logs: { ...LOGS, logGroupName: "/starscreen/prod/waf" } }),
    ).toThrow('WebAcl bad: logs.logGroupName must start with "aws-waf-logs-", got "/starscreen/prod/waf"');
  });
});
