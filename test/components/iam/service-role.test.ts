import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { cloudWatchLogsKeyStatement, LOGS_KEY_ACTIONS } from "../../../components/iam/logs-key-statement";
import { ServiceRole } from "../../../components/iam/service-role";
import { startMockedRun, valueOf, type MockedRun } from "../../helpers/pulumi-mocks";

describe("ServiceRole for ECS tasks with attached permissions", () => {
  let run: MockedRun;
  let role: ServiceRole;
  beforeAll(async () => {
    run = await startMockedRun({ stack: "prod" });
    role = new ServiceRole("api-task", {
      service: "ecs-tasks.amazonaws.com",
      accountId: "123456789012",
      description: "API tasks",
      sourceArnLike: "arn:aws:ecs:us-east-1:123456789012:*",
    });
    role.attachPolicy([
      { Sid: "ReadResumes", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/resumes/*" },
    ]);
    await run.settle();
  });

  it("trusts ecs-tasks.amazonaws.com for this account's ECS resources only", () => {
    expect(run.json(run.one("aws:iam/role:Role", "api-task-role"), "assumeRolePolicy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AssumeFromService",
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:*" },
          },
        },
      ],
    });
  });

  it("attaches the statements as one inline policy <name>-policy on that role, under the role component", async () => {
    const policy = run.one("aws:iam/rolePolicy:RolePolicy", "api-task-policy");
    expect(run.inputs(policy).role).toBe(await valueOf(role.roleName));
    expect(run.json(policy, "policy").Statement).toEqual([
      { Sid: "ReadResumes", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/resumes/*" },
    ]);
    expect(run.parentTypes(policy)).toEqual(["starscreen:iam:ServiceRole"]);
    expect(run.resources("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toEqual([]);
  });

  it("refuses an empty policy", () => {
    expect(() => role.attachPolicy([])).toThrow("ServiceRole api-task: attachPolicy needs at least one statement");
  });
});

describe("cloudWatchLogsKeyStatement", () => {
  it("lets the regional logs principal use the key for the stack's log groups only", async () => {
    const statement = cloudWatchLogsKeyStatement({
      region: "eu-west-1",
      accountId: "123456789012",
      partition: "aws",
      logGroupPrefix: "/starscreen/prod/",
    });
    expect(statement).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "logs.eu-west-1.amazonaws.com" },
      Action: LOGS_KEY_ACTIONS,
      Resource: "*",
    });
    expect(LOGS_KEY_ACTIONS.every((a) => !a.includes("*"))).toBe(true);
    const arnLike = pulumi.output(statement.Condition!.ArnLike!["kms:EncryptionContext:aws:logs:arn"]);
    expect(await valueOf(arnLike)).toEqual(["arn:aws:logs:eu-west-1:123456789012:log-group:/starscreen/prod/*"]);
  });

  it("also names log groups whose name AWS dictates, exactly", async () => {
    const statement = cloudWatchLogsKeyStatement({
      region: "eu-west-1",
      accountId: "123456789012",
      partition: "aws",
      logGroupPrefix: "/starscreen/prod/",
      extraLogGroupNames: ["aws-waf-logs-starscreen-infra-prod"],
    });
    const arnLike = pulumi.output(statement.Condition!.ArnLike!["kms:EncryptionContext:aws:logs:arn"]);
    expect(await valueOf(arnLike)).toEqual([
      "arn:aws:logs:eu-west-1:123456789012:log-group:/starscreen/prod/*",
      "arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-starscreen-infra-prod",
    ]);
  });

  it("rejects a prefix that would match other stacks' groups", () => {
    expect(() =>
      cloudWatchLogsKeyStatement({
        region: "eu-west-1",
        accountId: "1",
        partition: "aws",
        logGroupPrefix: "/starscreen/prod",
      }),
    ).toThrow('logGroupPrefix must start and end with "/"');
  });
});
