import { describe, expect, it } from "vitest";
import { iamNoAdminManagedPolicies } from "../../../policies/iam/iam-no-admin-managed-policies";
import { iamNoAwsManagedPolicies } from "../../../policies/iam/iam-no-aws-managed-policies";
import { awsManagedPolicyName, isAdminLikePolicyName } from "../../../policies/iam/managed-policies";
import { IAM } from "../../../policies/lib/resource-types";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { ecsTrust } from "./fixtures";

const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const EXEC = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
const CUSTOMER = "arn:aws:iam::123456789012:policy/starscreen-app";

describe("managed-policy ARN reading", () => {
  it("recognises AWS-managed ARNs in any partition, with paths", () => {
    expect(awsManagedPolicyName(ADMIN)).toBe("AdministratorAccess");
    expect(awsManagedPolicyName("arn:aws-us-gov:iam::aws:policy/PowerUserAccess")).toBe("PowerUserAccess");
    expect(awsManagedPolicyName("arn:aws-cn:iam::aws:policy/job-function/ViewOnlyAccess")).toBe("ViewOnlyAccess");
    expect(awsManagedPolicyName(EXEC)).toBe("AmazonECSTaskExecutionRolePolicy");
    expect(awsManagedPolicyName(CUSTOMER)).toBeUndefined();
    expect(awsManagedPolicyName("AdministratorAccess")).toBeUndefined();
  });

  it("classifies admin-class names", () => {
    for (const n of [
      "AdministratorAccess",
      "AdministratorAccess-Amplify",
      "PowerUserAccess",
      "AmazonS3FullAccess",
      "AWSLambda_FullAccess",
      "IAMFullAccess",
    ]) {
      expect(isAdminLikePolicyName(n), n).toBe(true);
    }
    for (const n of [
      "ReadOnlyAccess",
      "AmazonS3ReadOnlyAccess",
      "AmazonECSTaskExecutionRolePolicy",
      "PowerUserAccessX",
    ]) {
      expect(isAdminLikePolicyName(n), n).toBe(false);
    }
  });
});

describe("iam-no-admin-managed-policies", () => {
  it("passes roles without attachments, customer policies and narrow AWS-managed policies", async () => {
    const run = await runPolicy(iamNoAdminManagedPolicies, [
      { type: IAM.role, props: { assumeRolePolicy: ecsTrust() } },
      { type: IAM.rolePolicyAttachment, props: { role: "r", policyArn: CUSTOMER } },
      { type: IAM.rolePolicyAttachment, props: { role: "r", policyArn: EXEC } },
    ]);
    expect(run.violations).toEqual([]);
  });

  it.each([
    [IAM.rolePolicyAttachment, { role: "r", policyArn: ADMIN }, "policyArn", ADMIN],
    [
      IAM.userPolicyAttachment,
      { user: "u", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
      "policyArn",
      "arn:aws:iam::aws:policy/PowerUserAccess",
    ],
    [
      IAM.groupPolicyAttachment,
      { group: "g", policyArn: "arn:aws-cn:iam::aws:policy/AmazonS3FullAccess" },
      "policyArn",
      "arn:aws-cn:iam::aws:policy/AmazonS3FullAccess",
    ],
    [IAM.policyAttachment, { roles: ["r"], policyArn: ADMIN }, "policyArn", ADMIN],
    [
      IAM.role,
      { assumeRolePolicy: "{}", managedPolicyArns: [EXEC, "arn:aws:iam::aws:policy/AWSLambda_FullAccess"] },
      "managedPolicyArns[1]",
      "arn:aws:iam::aws:policy/AWSLambda_FullAccess",
    ],
    [
      "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
      { roleName: "r", policyArns: [ADMIN] },
      "policyArns[0]",
      ADMIN,
    ],
  ])("fails %s", async (type, props, property, arn) => {
    const run = await runPolicy(iamNoAdminManagedPolicies, { type, name: "app", props });
    expect(run.violations.map((v) => v.message)).toEqual([
      `${type} "app" attaches the AWS-managed policy "${arn}" (${property}), which grants full access; grant exact actions on exact resources instead.`,
    ]);
  });

  it("does not decide on unknown ARNs and ignores odd shapes", async () => {
    expect(
      (await runPolicy(iamNoAdminManagedPolicies, { type: IAM.rolePolicyAttachment, props: { policyArn: UNKNOWN } }))
        .unknown,
    ).toBeDefined();
    const odd = await runPolicy(iamNoAdminManagedPolicies, [
      { type: IAM.role, props: { managedPolicyArns: [7, null, { arn: ADMIN }] } },
      { type: IAM.rolePolicyAttachment, props: { policyArn: 42 } },
    ]);
    expect(odd.violations).toEqual([]);
  });

  it("applies in dev and honours waivers", async () => {
    const resource = {
      type: IAM.rolePolicyAttachment,
      name: "breakglass-admin",
      props: { role: "bg", policyArn: ADMIN },
    };
    expect((await runPolicy(iamNoAdminManagedPolicies, resource, { environment: "dev" })).violations).toHaveLength(1);
    const waived = await runPolicy(iamNoAdminManagedPolicies, resource, {
      waivers: [
        { resource: "breakglass-*", justification: "Break-glass role, MFA-gated, reviewed quarterly (SEC-1)." },
      ],
    });
    expect(waived.violations).toEqual([]);
  });
});

describe("iam-no-aws-managed-policies (advisory)", () => {
  it("is advisory", () => {
    expect(iamNoAwsManagedPolicies.enforcementLevel).toBe("advisory");
  });

  it("passes customer-managed policies and flags any AWS-managed one", async () => {
    const run = await runPolicy(iamNoAwsManagedPolicies, [
      { type: IAM.rolePolicyAttachment, name: "ok", props: { policyArn: CUSTOMER } },
      { type: IAM.rolePolicyAttachment, name: "exec", props: { policyArn: EXEC } },
    ]);
    expect(run.violations.map((v) => v.message)).toEqual([
      `${IAM.rolePolicyAttachment} "exec" attaches the AWS-managed policy "${EXEC}" (policyArn); prefer a policy written for this workload.`,
    ]);
  });

  it("accepts policies listed in allowedPolicies by name or ARN", async () => {
    const resource = { type: IAM.role, props: { managedPolicyArns: [EXEC, "arn:aws:iam::aws:policy/ReadOnlyAccess"] } };
    expect(
      (await runPolicy(iamNoAwsManagedPolicies, resource, { allowedPolicies: ["amazonecstaskexecutionrolepolicy"] }))
        .violations,
    ).toHaveLength(1);
    expect(
      (
        await runPolicy(iamNoAwsManagedPolicies, resource, {
          allowedPolicies: ["AmazonECSTaskExecutionRolePolicy", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
        })
      ).violations,
    ).toEqual([]);
  });
});
