import { describe, expect, it } from "vitest";
import { kmsKeyPolicyNoWildcards } from "../../../policies/kms/kms-key-policy-no-wildcards";
import { IAM, KMS } from "../../../policies/lib/resource-types";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { asJson, dataKeyPolicy, logKeyPolicy, rootAdminStatement } from "../iam/fixtures";

const keyWith = (statements: unknown, type: string = KMS.key, asString = true) => {
  const doc = { Version: "2012-10-17", Statement: statements };
  return { type, name: "data-key", props: { enableKeyRotation: true, policy: asString ? asJson(doc) : doc } };
};

const anyone = (condition?: Record<string, unknown>, principal: unknown = { AWS: "*" }) => ({
  Sid: "Anyone",
  Effect: "Allow",
  Principal: principal,
  Action: ["kms:Decrypt", "kms:GenerateDataKey"],
  Resource: "*",
  ...(condition ? { Condition: condition } : {}),
});

describe("kms-key-policy-no-wildcards", () => {
  it("passes our key policies: spelled-out root admin, role principals, the logs service", async () => {
    const run = await runPolicy(kmsKeyPolicyNoWildcards, [
      { type: KMS.key, props: { policy: asJson(dataKeyPolicy()) } },
      { type: KMS.key, props: { policy: asJson(logKeyPolicy()) } },
      { type: KMS.keyPolicy, props: { keyId: "k", policy: asJson(dataKeyPolicy()) } },
      { type: KMS.replicaKey, props: { policy: asJson(dataKeyPolicy("us-west-2")) } },
      { type: KMS.key, props: { enableKeyRotation: true } },
    ]);
    expect(run.violations).toEqual([]);
  });

  it.each(["kms:*", "*", "kms:Create*", "kms:?ecrypt"])(
    "fails wildcard action %s (object or single statement)",
    async (action) => {
      const statement = { ...rootAdminStatement(), Action: action };
      const run = await runPolicy(kmsKeyPolicyNoWildcards, keyWith(statement, KMS.key, false));
      expect(run.violations.map((v) => v.message)).toEqual([
        `Key policy statement "AccountRootAdmin" allows wildcard action "${action}"; spell out the KMS actions.`,
      ]);
    },
  );

  it.each([["*"], [{ AWS: "*" }], [{ AWS: ["*"] }]])(
    "fails Principal %j without a narrowing condition",
    async (principal) => {
      const run = await runPolicy(
        kmsKeyPolicyNoWildcards,
        keyWith([rootAdminStatement(), anyone(undefined, principal)], KMS.keyPolicy),
      );
      expect(run.violations).toHaveLength(1);
      expect(run.violations[0].message).toMatch(
        /^Key policy statement "Anyone" allows Principal ("\*"|\{AWS: "\*"\}) without a condition that ties it to an account or organisation \(one of kms:CallerAccount, /,
      );
    },
  );

  it.each([
    { StringEquals: { "kms:CallerAccount": "123456789012", "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
    { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
    { StringEquals: { "AWS:SourceAccount": "123456789012" } },
    { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/app-*" } },
  ])("passes Principal * narrowed by %j", async (condition) => {
    const run = await runPolicy(kmsKeyPolicyNoWildcards, keyWith([rootAdminStatement(), anyone(condition)]));
    expect(run.violations).toEqual([]);
  });

  it.each([
    { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
    { StringNotEquals: { "kms:CallerAccount": "111122223333" } },
    { StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } },
    { StringLike: { "kms:CallerAccount": "*" } },
    { Bool: { "aws:SecureTransport": "true" } },
  ])("fails Principal * with the non-narrowing condition %j", async (condition) => {
    const run = await runPolicy(kmsKeyPolicyNoWildcards, keyWith([anyone(condition)]));
    expect(run.violations).toHaveLength(1);
  });

  it("accepts extra narrowing keys through the knob", async () => {
    const resource = keyWith([anyone({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } })]);
    const run = await runPolicy(kmsKeyPolicyNoWildcards, resource, { narrowingConditionKeys: ["kms:ViaService"] });
    expect(run.violations).toEqual([]);
  });

  it("passes wildcards in Deny statements", async () => {
    const deny = {
      Effect: "Deny",
      Principal: "*",
      Action: "kms:*",
      Resource: "*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
    expect((await runPolicy(kmsKeyPolicyNoWildcards, keyWith([rootAdminStatement(), deny]))).violations).toEqual([]);
  });

  it("fails an unreadable key policy and ignores non-key resources", async () => {
    const run = await runPolicy(kmsKeyPolicyNoWildcards, { type: KMS.key, name: "k", props: { policy: "{oops" } });
    expect(run.violations.map((v) => v.message)).toEqual([
      'Key policy of "k" is not a readable IAM policy document, so it cannot be checked.',
    ]);
    const role = await runPolicy(kmsKeyPolicyNoWildcards, {
      type: IAM.rolePolicy,
      props: { policy: asJson({ Statement: { Effect: "Allow", Action: "kms:*" } }) },
    });
    expect(role.violations).toEqual([]);
  });

  it("does not decide on unknown values", async () => {
    expect(
      (await runPolicy(kmsKeyPolicyNoWildcards, { type: KMS.key, props: { policy: UNKNOWN } })).unknown,
    ).toBeDefined();
  });

  it("applies in dev and honours waivers", async () => {
    const resource = keyWith([{ ...rootAdminStatement(), Action: "kms:*" }]);
    expect((await runPolicy(kmsKeyPolicyNoWildcards, resource, { environment: "dev" })).violations).toHaveLength(1);
    const waived = await runPolicy(kmsKeyPolicyNoWildcards, resource, {
      waivers: [{ resource: "data-key", justification: "Imported legacy key, policy rewritten in SEC-77." }],
    });
    expect(waived.violations).toEqual([]);
  });
});
