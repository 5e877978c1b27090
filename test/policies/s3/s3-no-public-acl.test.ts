import { describe, expect, it } from "vitest";
import { S3 } from "../../../policies/lib/resource-types";
import { s3NoPublicAcl } from "../../../policies/s3/s3-no-public-acl";
import { runPolicy, UNKNOWN, type FakeResource } from "../../helpers/policy-harness";
import { waiverFor } from "./fixtures";

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTH_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
const LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";

async function messages(resource: FakeResource): Promise<string[]> {
  return (await runPolicy(s3NoPublicAcl, resource)).violations.map((v) => v.message);
}

describe("s3-no-public-acl", () => {
  it.each([
    ["a bucket without ACL", { type: S3.bucket, name: "b", props: {} }],
    ["a private bucket", { type: S3.bucket, name: "b", props: { acl: "private" } }],
    ["a BucketAclV2 log-delivery-write", { type: S3.aclV2, name: "a", props: { acl: "log-delivery-write" } }],
    [
      "a BucketAcl granting the owner and LogDelivery",
      {
        type: S3.acl,
        name: "a",
        props: {
          accessControlPolicy: { grants: [{ grantee: { type: "Group", uri: LOG_DELIVERY }, permission: "WRITE" }] },
        },
      },
    ],
    ["a private object", { type: S3.objectV2, name: "o", props: { acl: "private", key: "k" } }],
    [
      "an unrelated resource with acl",
      { type: "aws:ec2/networkAcl:NetworkAcl", name: "n", props: { acl: "public-read" } },
    ],
  ])("passes %s", async (_label, resource) => {
    expect(await runPolicy(s3NoPublicAcl, resource)).toEqual({ violations: [] });
  });

  it.each([
    [S3.bucket, "public-read", "everyone"],
    [S3.bucketV2, "public-read-write", "everyone"],
    [S3.acl, "authenticated-read", "every AWS account"],
    [S3.aclV2, "PUBLIC-READ", "everyone"],
    [S3.object, "public-read", "everyone"],
    [S3.objectV2, "public-read-write", "everyone"],
    ["aws:s3/objectCopy:ObjectCopy", "authenticated-read", "every AWS account"],
  ])("reports a %s with the canned ACL %s", async (type, acl, who) => {
    expect(await messages({ type, name: "x", props: { acl } })).toEqual([
      `${type.split(":").pop()} "x" uses the canned ACL "${acl}", which grants access to ${who}.`,
    ]);
  });

  it("reports inline bucket grants to AllUsers and AuthenticatedUsers", async () => {
    const found = await messages({
      type: S3.bucket,
      name: "b",
      props: {
        grants: [
          { type: "Group", uri: ALL_USERS, permissions: ["READ"] },
          { type: "Group", uri: AUTH_USERS, permissions: ["WRITE"] },
          { type: "CanonicalUser", id: "abc", permissions: ["FULL_CONTROL"] },
        ],
      },
    });
    expect(found).toEqual([
      `Bucket "b" grants ["READ"] to ${ALL_USERS} (a public group).`,
      `Bucket "b" grants ["WRITE"] to ${AUTH_USERS} (a public group).`,
    ]);
  });

  it("reports BucketAclV2 accessControlPolicy grants to AllUsers (grantee as object or list)", async () => {
    const found = await messages({
      type: S3.aclV2,
      name: "a",
      props: {
        accessControlPolicy: {
          owner: { id: "owner" },
          grants: [
            { grantee: { type: "Group", uri: ALL_USERS }, permission: "READ" },
            { grantee: [{ type: "Group", uri: AUTH_USERS }], permission: "READ_ACP" },
          ],
        },
      },
    });
    expect(found).toEqual([
      `BucketAclV2 "a" grants "READ" to ${ALL_USERS} (a public group).`,
      `BucketAclV2 "a" grants "READ_ACP" to ${AUTH_USERS} (a public group).`,
    ]);
  });

  it("is undecidable when the ACL is unknown, and waivable", async () => {
    expect(
      (await runPolicy(s3NoPublicAcl, { type: S3.bucket, name: "b", props: { acl: UNKNOWN } })).unknown,
    ).toBeDefined();
    expect(
      (
        await runPolicy(
          s3NoPublicAcl,
          { type: S3.bucket, name: "website", props: { acl: "public-read" } },
          waiverFor("website"),
        )
      ).violations,
    ).toEqual([]);
  });
});
