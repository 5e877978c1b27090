import { describe, expect, it } from "vitest";
import { iamNoStaticCredentials } from "../../../policies/iam/iam-no-static-credentials";
import { IAM } from "../../../policies/lib/resource-types";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { ecsTrust } from "./fixtures";

describe("iam-no-static-credentials", () => {
  it("passes roles, role policies and role-only attachments", async () => {
    const run = await runPolicy(iamNoStaticCredentials, [
      { type: IAM.role, props: { assumeRolePolicy: ecsTrust() } },
      { type: IAM.rolePolicy, props: { role: "r", policy: "{}" } },
      { type: IAM.policyAttachment, props: { policyArn: "arn:aws:iam::1:policy/p", roles: ["r"], users: [] } },
      { type: "aws:iam/groupMembership:GroupMembership", props: { group: "g" } },
    ]);
    expect(run.violations).toEqual([]);
  });

  it.each([
    [IAM.user, "an IAM user"],
    [IAM.accessKey, "an IAM access key (a long-lived secret)"],
    [IAM.userLoginProfile, "an IAM user console password"],
    [IAM.userPolicy, "an inline policy on an IAM user"],
    [IAM.userPolicyAttachment, "a managed-policy attachment to an IAM user"],
    [
      "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
      "a service-specific credential (a long-lived secret)",
    ],
    ["aws:iam/sshKey:SshKey", "an SSH public key of an IAM user"],
  ])("fails %s", async (type, what) => {
    const run = await runPolicy(iamNoStaticCredentials, { type, name: "ci", props: { user: "ci" } });
    expect(run.violations.map((v) => v.message)).toEqual([
      `${type} "ci" creates ${what}; the stack must use roles with temporary credentials only.`,
    ]);
  });

  it("fails a PolicyAttachment or GroupMembership that names users (string or list)", async () => {
    const run = await runPolicy(iamNoStaticCredentials, [
      {
        type: IAM.policyAttachment,
        name: "pa",
        props: { policyArn: "arn:aws:iam::1:policy/p", users: ["alice", "bob"] },
      },
      { type: "aws:iam/groupMembership:GroupMembership", name: "gm", props: { group: "g", users: "carol" } },
    ]);
    expect(run.violations.map((v) => v.message)).toEqual([
      'aws:iam/policyAttachment:PolicyAttachment "pa" attaches to IAM users "alice", "bob"; the stack must use roles only.',
      'aws:iam/groupMembership:GroupMembership "gm" attaches to IAM users "carol"; the stack must use roles only.',
    ]);
  });

  it("does not decide on unknown user lists", async () => {
    const run = await runPolicy(iamNoStaticCredentials, {
      type: IAM.policyAttachment,
      props: { policyArn: "a", users: UNKNOWN },
    });
    expect(run.unknown).toBeDefined();
  });

  it("applies in dev and honours waivers", async () => {
    const user = { type: IAM.user, name: "legacy-ci", props: {} };
    expect((await runPolicy(iamNoStaticCredentials, user, { environment: "dev" })).violations).toHaveLength(1);
    const waived = await runPolicy(iamNoStaticCredentials, user, {
      waivers: [
        { resource: "legacy-*", justification: "Vendor integration without OIDC; keys rotated every 30 days." },
      ],
    });
    expect(waived.violations).toEqual([]);
  });
});
