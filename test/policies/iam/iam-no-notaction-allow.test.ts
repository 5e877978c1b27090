import { describe, expect, it } from "vitest";
import { iamNoNotActionAllow } from "../../../policies/iam/iam-no-notaction-allow";
import { IAM, S3 } from "../../../policies/lib/resource-types";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { apiPolicy, asJson, ecsTrust, resumesBucketPolicy } from "./fixtures";

describe("iam-no-notaction-allow", () => {
  it("passes documents without Not* in Allow statements", async () => {
    const run = await runPolicy(iamNoNotActionAllow, [
      { type: IAM.rolePolicy, props: { policy: asJson(apiPolicy("prod")) } },
      { type: IAM.role, props: { assumeRolePolicy: ecsTrust() } },
      { type: S3.policy, props: { policy: asJson(resumesBucketPolicy("prod")) } },
    ]);
    expect(run.violations).toEqual([]);
  });

  it("passes NotAction / NotResource / NotPrincipal in Deny statements", async () => {
    const policy = {
      Statement: [
        {
          Sid: "DenyOthers",
          Effect: "Deny",
          NotAction: ["s3:GetObject"],
          NotResource: "arn:aws:s3:::b/*",
          Principal: "*",
        },
        {
          Sid: "DenyNotMe",
          Effect: "Deny",
          Action: "s3:*",
          Resource: "*",
          NotPrincipal: { AWS: "arn:aws:iam::1:role/x" },
        },
      ],
    };
    const run = await runPolicy(iamNoNotActionAllow, { type: S3.policy, props: { policy: asJson(policy) } });
    expect(run.violations).toEqual([]);
  });

  it("fails NotAction with Allow (single string and array)", async () => {
    for (const notAction of ["iam:*", ["iam:*", "organizations:*"]]) {
      const run = await runPolicy(iamNoNotActionAllow, {
        type: IAM.rolePolicy,
        props: { policy: { Statement: { Sid: "AllButIam", Effect: "Allow", NotAction: notAction, Resource: "*" } } },
      });
      expect(run.violations).toHaveLength(1);
      expect(run.violations[0].message).toMatch(/^Role policy statement "AllButIam" uses NotAction \["iam:\*"/);
      expect(run.violations[0].message).toMatch(/with Effect Allow, which grants every other action/);
    }
  });

  it("fails NotResource with Allow", async () => {
    const run = await runPolicy(iamNoNotActionAllow, {
      type: IAM.policy,
      props: {
        policy: asJson({
          Statement: [{ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }],
        }),
      },
    });
    expect(run.violations.map((v) => v.message)).toEqual([
      'Managed policy statement #1 uses NotResource ["arn:aws:s3:::secret/*"] with Effect Allow, which grants every other resource; list the allowed resources in Resource.',
    ]);
  });

  it("fails NotPrincipal with Allow (trust policy and bucket policy)", async () => {
    const statement = { Effect: "Allow", Action: "sts:AssumeRole", NotPrincipal: { AWS: "arn:aws:iam::1:root" } };
    const run = await runPolicy(iamNoNotActionAllow, {
      type: IAM.role,
      props: { assumeRolePolicy: asJson({ Statement: [statement] }) },
    });
    expect(run.violations[0].message).toMatch(
      /^Role trust policy statement #1 uses NotPrincipal \{AWS: "arn:aws:iam::1:root"\} with Effect Allow/,
    );
  });

  it("ignores unreadable documents (iam-no-wildcard-actions reports them) and odd shapes", async () => {
    const run = await runPolicy(iamNoNotActionAllow, [
      { type: IAM.rolePolicy, props: { policy: "not json" } },
      {
        type: IAM.rolePolicy,
        props: { policy: { Statement: [null, 3, { Effect: "Allow", NotAction: { odd: true } }] } },
      },
    ]);
    expect(run.violations).toEqual([]);
  });

  it("does not run on unknown values", async () => {
    const run = await runPolicy(iamNoNotActionAllow, { type: IAM.role, props: { assumeRolePolicy: UNKNOWN } });
    expect(run.unknown).toBeDefined();
  });

  it("applies in dev too and honours waivers", async () => {
    const resource = {
      type: IAM.rolePolicy,
      name: "broad",
      props: { policy: { Statement: { Effect: "Allow", NotAction: "iam:*", Resource: "*" } } },
    };
    expect((await runPolicy(iamNoNotActionAllow, resource, { environment: "dev" })).violations).toHaveLength(1);
    const waived = await runPolicy(iamNoNotActionAllow, resource, {
      waivers: [{ resource: "br*", justification: "Break-glass role reviewed by security on 2025-01-01." }],
    });
    expect(waived.violations).toEqual([]);
  });
});
