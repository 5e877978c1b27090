import { describe, expect, it } from "vitest";
import { iamTrustConfusedDeputy } from "../../../policies/iam/iam-trust-confused-deputy";
import { iamTrustNoWildcardPrincipal } from "../../../policies/iam/iam-trust-no-wildcard-principal";
import { IAM, S3 } from "../../../policies/lib/resource-types";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { asJson, ecsTrust, resumesBucketPolicy, s3Trust } from "./fixtures";

const trust = (statement: Record<string, unknown> | Record<string, unknown>[]) => ({
  type: IAM.role,
  name: "app-role",
  props: { assumeRolePolicy: asJson({ Version: "2012-10-17", Statement: statement }) },
});

describe("iam-trust-no-wildcard-principal", () => {
  it("passes our ECS and S3 trusts (string and object documents) and bucket policies are out of scope", async () => {
    const run = await runPolicy(iamTrustNoWildcardPrincipal, [
      { type: IAM.role, props: { assumeRolePolicy: asJson(ecsTrust()) } },
      { type: IAM.role, props: { assumeRolePolicy: s3Trust() } },
      {
        type: IAM.role,
        props: {
          assumeRolePolicy: {
            Statement: {
              Effect: "Allow",
              Principal: { AWS: ["arn:aws:iam::123456789012:root"] },
              Action: "sts:AssumeRole",
            },
          },
        },
      },
      { type: S3.policy, props: { policy: asJson(resumesBucketPolicy("prod")) } },
    ]);
    expect(run.violations).toEqual([]);
  });

  it.each([
    ["*", '"*"'],
    [{ AWS: "*" }, '{AWS: "*"}'],
    [{ AWS: ["arn:aws:iam::1:root", "*"] }, '{AWS: ["arn:aws:iam::1:root", "*"]}'],
    [{ Federated: "*" }, '{Federated: "*"}'],
  ])("fails Principal %j", async (principal, shown) => {
    const run = await runPolicy(
      iamTrustNoWildcardPrincipal,
      trust({ Sid: "Anyone", Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }),
    );
    expect(run.violations.map((v) => v.message)).toEqual([
      `Role trust policy statement "Anyone" lets Principal ${shown} assume the role; name the principals that may assume it.`,
    ]);
  });

  it("fails a wildcard principal even with conditions, and says so", async () => {
    const run = await runPolicy(
      iamTrustNoWildcardPrincipal,
      trust([
        { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
        {
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:PrincipalOrgID": "o-123" } },
        },
      ]),
    );
    expect(run.violations.map((v) => v.message)).toEqual([
      'Role trust policy statement #2 lets Principal {AWS: "*"} assume the role (conditions do not make a wildcard trust acceptable); name the principals that may assume it.',
    ]);
  });

  it("passes a wildcard principal in a Deny statement", async () => {
    const run = await runPolicy(
      iamTrustNoWildcardPrincipal,
      trust({ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" }),
    );
    expect(run.violations).toEqual([]);
  });

  it("does not run on unknown trust policies; never throws on odd ones", async () => {
    expect(
      (await runPolicy(iamTrustNoWildcardPrincipal, { type: IAM.role, props: { assumeRolePolicy: UNKNOWN } })).unknown,
    ).toBeDefined();
    const odd = await runPolicy(iamTrustNoWildcardPrincipal, [
      { type: IAM.role, props: { assumeRolePolicy: "[1,2]" } },
      { type: IAM.role, props: { assumeRolePolicy: { Statement: { Effect: "Allow", Principal: 5 } } } },
    ]);
    expect(odd.violations).toEqual([]);
  });

  it("applies in dev and honours waivers", async () => {
    const resource = trust({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" });
    expect((await runPolicy(iamTrustNoWildcardPrincipal, resource, { environment: "dev" })).violations).toHaveLength(1);
    const waived = await runPolicy(iamTrustNoWildcardPrincipal, resource, {
      waivers: [{ resource: "app-role", justification: "Org-wide audit role, conditioned on PrincipalOrgID; SEC-9." }],
    });
    expect(waived.violations).toEqual([]);
  });
});

describe("iam-trust-confused-deputy (advisory)", () => {
  it("is advisory", () => {
    expect(iamTrustConfusedDeputy.enforcementLevel).toBe("advisory");
  });

  it("passes service trusts with aws:SourceAccount or aws:SourceArn", async () => {
    const run = await runPolicy(iamTrustConfusedDeputy, [
      { type: IAM.role, props: { assumeRolePolicy: asJson(ecsTrust()) } },
      { type: IAM.role, props: { assumeRolePolicy: s3Trust() } },
      trust({
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { ArnLike: { "AWS:SOURCEARN": "arn:aws:s3:::b" } },
      }),
    ]);
    expect(run.violations).toEqual([]);
  });

  it.each(["ecs-tasks.amazonaws.com", ["ec2.amazonaws.com", "s3.amazonaws.com"]])(
    "flags %j without a source condition",
    async (service) => {
      const run = await runPolicy(
        iamTrustConfusedDeputy,
        trust({ Sid: "Svc", Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }),
      );
      expect(run.violations).toHaveLength(1);
      expect(run.violations[0].message).toMatch(
        /^Role trust policy statement "Svc" trusts service "(ecs-tasks|s3)\.amazonaws\.com" without an aws:SourceAccount or aws:SourceArn condition/,
      );
    },
  );

  it("does not count negated, IfExists or wildcard-valued conditions", async () => {
    for (const condition of [
      { StringNotEquals: { "aws:SourceAccount": "111122223333" } },
      { StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } },
      { StringLike: { "aws:SourceAccount": "*" } },
    ]) {
      const run = await runPolicy(
        iamTrustConfusedDeputy,
        trust({
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: condition,
        }),
      );
      expect(run.violations, JSON.stringify(condition)).toHaveLength(1);
    }
  });

  it("ignores services outside the configured list; the list is a knob", async () => {
    const resource = trust({
      Effect: "Allow",
      Principal: { Service: "lambda.amazonaws.com" },
      Action: "sts:AssumeRole",
    });
    expect((await runPolicy(iamTrustConfusedDeputy, resource)).violations).toEqual([]);
    expect(
      (await runPolicy(iamTrustConfusedDeputy, resource, { servicePrincipals: ["lambda.amazonaws.com"] })).violations,
    ).toHaveLength(1);
  });
});
