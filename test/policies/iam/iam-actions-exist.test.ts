import { describe, expect, it } from "vitest";
import { iamActionsExist } from "../../../policies/iam/iam-actions-exist";
import { iamNoWildcardActions } from "../../../policies/iam/iam-no-wildcard-actions";
import { EC2, IAM, KMS, S3 } from "../../../policies/lib/resource-types";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { apiPolicy, asJson, dataKeyPolicy, ecsTrust, identityDoc, logKeyPolicy, resumesBucketPolicy } from "./fixtures";

const grant = (action: unknown) =>
  identityDoc({ Sid: "App", Effect: "Allow", Action: action, Resource: "arn:aws:s3:::b/*" });

async function messages(action: unknown, type = IAM.rolePolicy): Promise<string[]> {
  const run = await runPolicy(iamActionsExist, { type, props: { policy: asJson(grant(action)) } });
  return run.violations.map((v) => v.message);
}

describe("iam-actions-exist", () => {
  it("passes real actions in every kind of document", async () => {
    const run = await runPolicy(iamActionsExist, [
      { type: IAM.rolePolicy, props: { policy: asJson(apiPolicy("prod")) } },
      { type: IAM.role, props: { assumeRolePolicy: ecsTrust() } },
      { type: KMS.key, props: { policy: asJson(dataKeyPolicy()) } },
      { type: KMS.key, props: { policy: asJson(logKeyPolicy()) } },
      { type: S3.policy, props: { policy: asJson(resumesBucketPolicy("prod")) } },
    ]);
    expect(run.violations).toEqual([]);
  });

  it("rejects s3:HeadObject and names s3:GetObject", async () => {
    expect(await messages("s3:HeadObject")).toEqual([
      'Role policy statement "App": "s3:HeadObject" is not an IAM action; that operation is authorised by "s3:GetObject".',
    ]);
  });

  it.each([
    ["s3:HeadBucket", '"s3:ListBucket"'],
    ["s3:ListObjectsV2", '"s3:ListBucket"'],
    ["s3:CopyObject", '"s3:GetObject" + "s3:PutObject"'],
    ["s3:DeleteObjects", '"s3:DeleteObject"'],
    ["s3:CreateMultipartUpload", '"s3:PutObject"'],
    ["S3:uploadpart", '"s3:PutObject"'],
  ])("names what authorises %s", async (action, by) => {
    const [message] = await messages([action]);
    expect(message).toContain(`"${action}" is not an IAM action; that operation is authorised by ${by}`);
  });

  it("suggests the closest real action by edit distance", async () => {
    const [message] = await messages("s3:GetObjects");
    expect(message).toMatch(
      /"s3:GetObjects" is not an IAM action of service "s3" \(iam-data [\d.]+\); the closest real action is "s3:GetObject"/,
    );
  });

  it("reports an unknown service prefix", async () => {
    const [message] = await messages("s33:GetObject");
    expect(message).toMatch(
      /"s33:GetObject" names service prefix "s33", which is not in the IAM catalogue .*did you mean "s3"\?/,
    );
  });

  it("reports malformed action strings", async () => {
    expect(await messages(["GetObject", "s3:"])).toEqual([
      'Role policy statement "App": "GetObject" is not an IAM action (expected "service:Action" or "*").',
      'Role policy statement "App": "s3:" is not an IAM action (expected "service:Action" or "*").',
    ]);
  });

  it("passes s3:Get* (it matches real actions) — while iam-no-wildcard-actions fails it", async () => {
    expect(await messages("s3:Get*")).toEqual([]);
    const wildcard = await runPolicy(iamNoWildcardActions, {
      type: IAM.rolePolicy,
      props: { policy: grant("s3:Get*") },
    });
    expect(wildcard.violations).toHaveLength(1);
  });

  it("fails a pattern that matches nothing", async () => {
    expect(await messages("s3:Head*")).toEqual([
      expect.stringMatching(/action pattern "s3:Head\*" matches no IAM action/),
    ]);
  });

  it("checks Deny statements and NotAction too (a misspelt deny silently denies nothing)", async () => {
    const policy = {
      Statement: [
        { Sid: "DenyHead", Effect: "Deny", Principal: "*", Action: "s3:HeadObject", Resource: "*" },
        { Sid: "DenyRest", Effect: "Deny", Principal: "*", NotAction: ["s3:GetObjekt"], Resource: "*" },
      ],
    };
    const run = await runPolicy(iamActionsExist, { type: S3.policy, props: { policy } });
    expect(run.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/^Bucket policy statement "DenyHead": "s3:HeadObject" is not an IAM action/),
      expect.stringMatching(/^Bucket policy statement "DenyRest" \(in NotAction\): "s3:GetObjekt" .*"s3:GetObject"/),
    ]);
  });

  it("checks trust, key and VPC endpoint documents", async () => {
    const run = await runPolicy(iamActionsExist, [
      {
        type: IAM.role,
        props: {
          assumeRolePolicy: {
            Statement: {
              Effect: "Allow",
              Principal: { Service: "ecs-tasks.amazonaws.com" },
              Action: "sts:AssumeRoles",
            },
          },
        },
      },
      {
        type: KMS.keyPolicy,
        props: {
          policy: asJson({
            Statement: [
              { Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: "kms:Decript", Resource: "*" },
            ],
          }),
        },
      },
      {
        type: EC2.vpcEndpoint,
        props: {
          policy: asJson({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:ListObjects", Resource: "*" }] }),
        },
      },
    ]);
    expect(run.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/^Role trust policy statement #1: "sts:AssumeRoles" .*"sts:AssumeRole"/),
      expect.stringMatching(/^Key policy statement #1: "kms:Decript" .*"kms:Decrypt"/),
      expect.stringMatching(
        /^VPC endpoint policy statement #1: "s3:ListObjects" is not an IAM action; that operation is authorised by "s3:ListBucket"/,
      ),
    ]);
  });

  it("compares case-insensitively", async () => {
    expect(await messages(["S3:GETOBJECT", "kms:decrypt"])).toEqual([]);
  });

  it("does not run on unknown values and ignores unreadable documents", async () => {
    const unknown = await runPolicy(iamActionsExist, { type: IAM.rolePolicy, props: { policy: UNKNOWN } });
    expect(unknown.unknown).toBeDefined();
    const odd = await runPolicy(iamActionsExist, { type: IAM.rolePolicy, props: { policy: "][" } });
    expect(odd.violations).toEqual([]);
  });

  it("applies in dev and honours waivers", async () => {
    const resource = { type: IAM.rolePolicy, name: "seed-guide", props: { policy: grant("s3:HeadObject") } };
    expect((await runPolicy(iamActionsExist, resource, { environment: "dev" })).violations).toHaveLength(1);
    const waived = await runPolicy(iamActionsExist, resource, {
      waivers: [{ resource: "seed-*", justification: "Temporary until the seed guide policy is replaced." }],
    });
    expect(waived.violations).toEqual([]);
  });
});
