import { describe, expect, it } from "vitest";
import { iamNoStarResource } from "../../../policies/iam/iam-no-star-resource";
import { IAM, KMS, S3 } from "../../../policies/lib/resource-types";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { apiPolicy, asJson, dataKeyPolicy, executionPolicy, identityDoc, resumesBucketPolicy } from "./fixtures";

const onStar = (action: unknown, resource: unknown = "*") =>
  identityDoc({ Sid: "Star", Effect: "Allow", Action: action, Resource: resource });

describe("iam-no-star-resource", () => {
  it("passes exact ARNs and ecr:GetAuthorizationToken on *", async () => {
    const run = await runPolicy(iamNoStarResource, [
      { type: IAM.rolePolicy, props: { policy: asJson(apiPolicy("prod")) } },
      { type: IAM.rolePolicy, props: { policy: asJson(executionPolicy()) } },
      { type: IAM.rolePolicy, props: { policy: onStar("ecr:GetAuthorizationToken") } },
      { type: IAM.rolePolicy, props: { policy: onStar(["sts:GetCallerIdentity", "ECR:getauthorizationtoken"]) } },
    ]);
    expect(run.violations).toEqual([]);
  });

  it("fails s3:GetObject on *, naming the resource types from the catalogue", async () => {
    const run = await runPolicy(iamNoStarResource, {
      type: IAM.rolePolicy,
      props: { policy: asJson(onStar("s3:GetObject")) },
    });
    expect(run.violations.map((v) => v.message)).toEqual([
      'Role policy statement "Star" allows "s3:GetObject" on Resource "*", but s3:GetObject supports resource-level permissions (accesspointobject, object); name the resource ARNs instead.',
    ]);
  });

  it("covers FSBP KMS.1/KMS.2: kms:Decrypt and kms:ReEncryptFrom on all keys", async () => {
    for (const type of [IAM.policy, IAM.rolePolicy]) {
      const run = await runPolicy(iamNoStarResource, {
        type,
        props: { policy: onStar(["kms:Decrypt", "kms:ReEncryptFrom"]) },
      });
      expect(run.violations.map((v) => v.message)).toEqual([
        expect.stringMatching(
          /allows "kms:Decrypt" on Resource "\*", but kms:Decrypt supports resource-level permissions \(key\)/,
        ),
        expect.stringMatching(/allows "kms:ReEncryptFrom" on Resource "\*"/),
      ]);
    }
  });

  it("fails only the scoped actions of a mixed statement, and all-wildcard ARNs count as *", async () => {
    const run = await runPolicy(iamNoStarResource, {
      type: IAM.role,
      props: {
        assumeRolePolicy: "{}",
        inlinePolicies: [
          { name: "mixed", policy: onStar(["ecr:GetAuthorizationToken", "logs:PutLogEvents"], ["arn:aws:*:*:*:*"]) },
        ],
      },
    });
    expect(run.violations).toHaveLength(1);
    expect(run.violations[0].message).toMatch(
      /^Role inline policy "mixed" statement "Star" allows "logs:PutLogEvents" on Resource "arn:aws:\*:\*:\*:\*"/,
    );
  });

  it("reports patterns with a count and examples", async () => {
    const run = await runPolicy(iamNoStarResource, { type: IAM.userPolicy, props: { policy: onStar("s3:Get*") } });
    expect(run.violations).toHaveLength(1);
    expect(run.violations[0].message).toMatch(
      /^User policy statement "Star" allows "s3:Get\*" on Resource "\*": \d+ of the \d+ actions it covers support resource-level permissions \(e\.g\. s3:/,
    );
  });

  it("does not check resource policies (there * means the resource itself) or Deny statements", async () => {
    const run = await runPolicy(iamNoStarResource, [
      { type: KMS.key, props: { policy: asJson(dataKeyPolicy()) } },
      { type: S3.policy, props: { policy: asJson(resumesBucketPolicy("prod")) } },
      {
        type: IAM.rolePolicy,
        props: { policy: { Statement: { Effect: "Deny", Action: "s3:GetObject", Resource: "*" } } },
      },
    ]);
    expect(run.violations).toEqual([]);
  });

  it("leaves unknown actions to iam-actions-exist", async () => {
    const run = await runPolicy(iamNoStarResource, {
      type: IAM.rolePolicy,
      props: { policy: onStar(["s3:HeadObject", "nope"]) },
    });
    expect(run.violations).toEqual([]);
  });

  it("accepts actions listed in allowedActions", async () => {
    const resource = { type: IAM.rolePolicy, props: { policy: onStar(["logs:CreateLogGroup", "s3:GetObject"]) } };
    const run = await runPolicy(iamNoStarResource, resource, { allowedActions: ["LOGS:CreateLogGroup"] });
    expect(run.violations).toHaveLength(1);
    expect(run.violations[0].message).toMatch(/"s3:GetObject"/);
  });

  it("does not run on unknown values", async () => {
    const run = await runPolicy(iamNoStarResource, { type: IAM.rolePolicy, props: { policy: UNKNOWN } });
    expect(run.unknown).toBeDefined();
  });

  it("applies in dev and honours waivers", async () => {
    const resource = { type: IAM.rolePolicy, name: "reader", props: { policy: onStar("s3:GetObject") } };
    expect((await runPolicy(iamNoStarResource, resource, { environment: "dev" })).violations).toHaveLength(1);
    const waived = await runPolicy(iamNoStarResource, resource, {
      waivers: [{ resource: "reader", justification: "Reads a public dataset bucket list, reviewed SEC-7." }],
    });
    expect(waived.violations).toEqual([]);
  });
});
