import { describe, expect, it } from "vitest";
import { iamNoWildcardActions } from "../../../policies/iam/iam-no-wildcard-actions";
import { appliedWaivers } from "../../../policies/lib/waivers";
import { EC2, IAM, KMS, S3 } from "../../../policies/lib/resource-types";
import { runPolicy, UNKNOWN, urnFor } from "../../helpers/policy-harness";
import { apiPolicy, asJson, dataKeyPolicy, ecsTrust, identityDoc, resumesBucketPolicy } from "./fixtures";

const allow = (action: unknown, extra: Record<string, unknown> = {}) => ({
  Sid: "Grant",
  Effect: "Allow",
  Action: action,
  Resource: "arn:aws:s3:::b/*",
  ...extra,
});

describe("iam-no-wildcard-actions", () => {
  it("passes exact actions (string and object documents)", async () => {
    for (const policy of [asJson(apiPolicy("prod")), apiPolicy("prod")]) {
      const run = await runPolicy(iamNoWildcardActions, { type: IAM.rolePolicy, props: { policy } });
      expect(run.violations).toEqual([]);
    }
  });

  it("passes a wildcard in a Deny statement (the TLS-only bucket policy)", async () => {
    const run = await runPolicy(iamNoWildcardActions, {
      type: S3.policy,
      props: { policy: asJson(resumesBucketPolicy("prod")) },
    });
    expect(run.violations).toEqual([]);
  });

  it.each([
    ["*", "*"],
    ["s3:*", "s3:*"],
    ["s3:Get*", "s3:Get*"],
    ["s3:?etObject", "s3:?etObject"],
    [["s3:GetObject", "kms:*"], "kms:*"],
  ])("fails Action %j, naming document, statement and action", async (action, bad) => {
    const run = await runPolicy(iamNoWildcardActions, {
      type: IAM.rolePolicy,
      props: { policy: asJson(identityDoc(allow(action))) },
    });
    expect(run.violations).toHaveLength(1);
    expect(run.violations[0].message).toBe(
      `Role policy statement "Grant" allows wildcard action "${bad}"; list the exact actions instead.`,
    );
  });

  it("reports each wildcard of a statement and labels statements without Sid by position", async () => {
    const doc = {
      Statement: [allow("s3:GetObject"), { Effect: "Allow", Action: ["s3:Put*", "s3:Delete*"], Resource: "*" }],
    };
    const run = await runPolicy(iamNoWildcardActions, { type: IAM.policy, props: { policy: doc } });
    expect(run.violations.map((v) => v.message)).toEqual([
      'Managed policy statement #2 allows wildcard action "s3:Put*"; list the exact actions instead.',
      'Managed policy statement #2 allows wildcard action "s3:Delete*"; list the exact actions instead.',
    ]);
  });

  it.each([
    [
      IAM.role,
      {
        assumeRolePolicy: asJson(ecsTrust()),
        inlinePolicies: [{ name: "app", policy: asJson(identityDoc(allow("s3:*"))) }],
      },
      'Role inline policy "app" statement "Grant"',
    ],
    [
      IAM.role,
      {
        assumeRolePolicy: {
          Statement: { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:*" },
        },
      },
      "Role trust policy statement #1",
    ],
    [IAM.userPolicy, { policy: identityDoc(allow("s3:*")) }, 'User policy statement "Grant"'],
    [IAM.groupPolicy, { policy: identityDoc(allow("s3:*")) }, 'Group policy statement "Grant"'],
    [
      S3.policy,
      { policy: asJson(identityDoc(allow("s3:*", { Principal: { AWS: "arn:aws:iam::123456789012:root" } }))) },
      'Bucket policy statement "Grant"',
    ],
    [
      S3.bucket,
      { policy: asJson(identityDoc(allow("s3:*", { Principal: "*" }))) },
      'Bucket policy (inline) statement "Grant"',
    ],
    [
      KMS.key,
      {
        policy: asJson({
          Statement: [
            { Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: "kms:*", Resource: "*" },
          ],
        }),
      },
      'Key policy statement "Root"',
    ],
    [
      KMS.keyPolicy,
      {
        keyId: "k",
        policy: asJson({
          Statement: [
            { Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: "kms:*", Resource: "*" },
          ],
        }),
      },
      'Key policy statement "Root"',
    ],
    [
      EC2.vpcEndpoint,
      { policy: asJson(identityDoc(allow("s3:*", { Principal: "*" }))) },
      'VPC endpoint policy statement "Grant"',
    ],
    [
      EC2.vpcEndpointPolicy,
      { vpcEndpointId: "vpce-1", policy: asJson(identityDoc(allow("s3:*", { Principal: "*" }))) },
      'VPC endpoint policy statement "Grant"',
    ],
  ])("checks %s documents", async (type, props, ref) => {
    const run = await runPolicy(iamNoWildcardActions, { type, props });
    expect(run.violations).toHaveLength(1);
    expect(run.violations[0].message).toMatch(new RegExp(`^${ref.replace(/[()]/g, "\\$&")} allows wildcard action`));
  });

  it("passes the compliant key policy with the spelled-out root admin statement", async () => {
    const run = await runPolicy(iamNoWildcardActions, { type: KMS.key, props: { policy: asJson(dataKeyPolicy()) } });
    expect(run.violations).toEqual([]);
  });

  it("fails an unreadable document rather than assuming it is clean", async () => {
    const run = await runPolicy(iamNoWildcardActions, { type: IAM.rolePolicy, props: { policy: '{"Statement": [' } });
    expect(run.violations).toHaveLength(1);
    expect(run.violations[0].message).toMatch(/Role policy \(policy\) is not a readable IAM policy document/);
  });

  it("treats an unknown effect as Allow (IAM would reject it; reading it as Deny would hide grants)", async () => {
    const run = await runPolicy(iamNoWildcardActions, {
      type: IAM.rolePolicy,
      props: { policy: identityDoc(allow("s3:*", { Effect: "allow" })) },
    });
    expect(run.violations).toHaveLength(1);
  });

  it("does not run on an unknown document during preview", async () => {
    const run = await runPolicy(iamNoWildcardActions, { type: IAM.rolePolicy, props: { policy: UNKNOWN } });
    expect(run.unknown).toBeDefined();
    expect(run.violations).toEqual([]);
  });

  it("applies the same rule in dev", async () => {
    const run = await runPolicy(
      iamNoWildcardActions,
      { type: IAM.rolePolicy, props: { policy: identityDoc(allow("s3:*")) } },
      { environment: "dev" },
    );
    expect(run.violations).toHaveLength(1);
  });

  it("honours a waiver and records it", async () => {
    const urn = urnFor(IAM.rolePolicy, "legacy");
    const run = await runPolicy(
      iamNoWildcardActions,
      { type: IAM.rolePolicy, name: "legacy", props: { policy: identityDoc(allow("s3:*")) } },
      { waivers: [{ resource: "legacy", justification: "Legacy import role, removed in ticket SEC-42 by Q3." }] },
    );
    expect(run.violations).toEqual([]);
    expect(appliedWaivers()).toEqual([
      expect.objectContaining({ policy: "iam-no-wildcard-actions", urn, pattern: "legacy" }),
    ]);
  });
});
