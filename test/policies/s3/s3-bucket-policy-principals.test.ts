import { describe, expect, it } from "vitest";
import { S3 } from "../../../policies/lib/resource-types";
import { s3BucketPolicyNoPublicPrincipal } from "../../../policies/s3/s3-bucket-policy-no-public-principal";
import { s3BucketPolicyRestrictsOtherAccounts } from "../../../policies/s3/s3-bucket-policy-restricts-other-accounts";
import { runPolicy, UNKNOWN, type FakeResource } from "../../helpers/policy-harness";
import {
  ACCOUNT,
  bucket,
  bucketPolicy,
  elbLogStatement,
  logDeliveryStatement,
  perimeterStatement,
  policyDoc,
  tlsStatement,
  waiverFor,
} from "./fixtures";

const data = bucket("data");
const arn = String(data.props.arn);

function policyResource(statements: unknown, asObject = false): FakeResource {
  return bucketPolicy(data, statements, { asObject });
}

function allowAll(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Sid: "AllowAll", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${arn}/*`, ...extra };
}

async function publicMessages(resource: FakeResource, config: Record<string, unknown> = {}): Promise<string[]> {
  return (await runPolicy(s3BucketPolicyNoPublicPrincipal, resource, config)).violations.map((v) => v.message);
}

describe("s3-bucket-policy-no-public-principal", () => {
  it('passes our policies: Deny statements with "*", named service principals, the ELB account', async () => {
    const statements = [
      tlsStatement(arn),
      perimeterStatement(arn, ["arn:aws:iam::1:role/a"]),
      logDeliveryStatement(arn, [arn]),
      elbLogStatement(arn),
    ];
    expect(await publicMessages(policyResource(statements))).toEqual([]);
    expect(await publicMessages(policyResource(statements, true))).toEqual([]);
  });

  it.each([
    ["aws:SourceVpce", { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } }],
    [
      "aws:SourceArn (ArnLike, fixed)",
      { ArnLike: { "aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE" } },
    ],
    ["aws:SourceIp CIDR", { IpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } }],
    ["aws:PrincipalOrgID (ForAnyValue)", { "ForAnyValue:StringEquals": { "aws:PrincipalOrgID": "o-abc123" } }],
    ["case-insensitive key", { StringEquals: { "AWS:SOURCEACCOUNT": ACCOUNT } }],
  ])('passes Principal "*" narrowed by %s', async (_label, Condition) => {
    expect(await publicMessages(policyResource([allowAll({ Condition })]))).toEqual([]);
  });

  it.each([
    ['Principal "*"', {}, 'allows Principal "*" without a narrowing condition.'],
    [
      'Principal {AWS: "*"}',
      { Principal: { AWS: "*" } },
      'allows Principal {"AWS": "*"} without a narrowing condition.',
    ],
    [
      'Principal {AWS: ["*"]}',
      { Principal: { AWS: ["arn:aws:iam::1:root", "*"] } },
      'allows Principal {"AWS": "*"} without',
    ],
    [
      "NotPrincipal",
      { Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::1:root" } },
      "allows every principal except NotPrincipal",
    ],
  ])("reports %s", async (_label, changes, expected) => {
    const found = await publicMessages(policyResource([allowAll(changes)]));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`BucketPolicy "data-policy" statement "AllowAll" ${expected}`);
  });

  it.each([
    ["a negated operator", { StringNotEquals: { "aws:SourceAccount": ACCOUNT } }],
    ["an IfExists operator", { StringEqualsIfExists: { "aws:SourceVpce": "vpce-1" } }],
    ["ForAllValues", { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-1" } }],
    ["a wildcard value", { StringLike: { "aws:SourceArn": "arn:aws:s3:::*" } }],
    ["a policy variable", { StringEquals: { "aws:SourceAccount": "${aws:PrincipalAccount}" } }],
    ["0.0.0.0/0", { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }],
    ["a key that does not narrow", { Bool: { "aws:SecureTransport": "true" } }],
  ])("does not accept %s as narrowing, and says which conditions were found", async (_label, Condition) => {
    const found = await publicMessages(policyResource([allowAll({ Condition })]));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/without a narrowing condition \(its conditions .* do not narrow it/);
  });

  it("checks the inline policy of a Bucket and BucketV2 and a statement without Sid", async () => {
    const inline = bucket("data", { policy: policyDoc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject" }) });
    expect(await publicMessages(inline)).toEqual([
      'the inline policy of bucket "data" statement #1 allows Principal "*" without a narrowing condition.',
    ]);
    const v2 = bucket("legacy", { policy: policyDoc([allowAll()]) }, { type: S3.bucketV2 });
    expect(await publicMessages(v2)).toHaveLength(1);
  });

  it("reports an unreadable document", async () => {
    const broken = { ...policyResource([]), props: { bucket: "x", policy: "{oops" } };
    expect(await publicMessages(broken)).toEqual([expect.stringMatching(/cannot be parsed as a JSON policy document/)]);
  });

  it("takes the narrowing keys from config", async () => {
    const resource = policyResource([allowAll({ Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } } })]);
    expect(await publicMessages(resource, { narrowingConditionKeys: ["aws:PrincipalOrgID"] })).toHaveLength(1);
    const custom = policyResource([allowAll({ Condition: { StringEquals: { "aws:ResourceTag/team": "x" } } })]);
    expect(await publicMessages(custom, { narrowingConditionKeys: ["aws:ResourceTag/team"] })).toEqual([]);
  });

  it("is undecidable while the document is unknown, and waivable", async () => {
    const pending = { ...policyResource([]), props: { bucket: UNKNOWN, policy: UNKNOWN } };
    expect((await runPolicy(s3BucketPolicyNoPublicPrincipal, pending)).unknown).toMatch(/policy/);
    expect(await publicMessages(policyResource([allowAll()]), waiverFor("data-policy"))).toEqual([]);
  });
});

async function crossMessages(resource: FakeResource, config: Record<string, unknown> = {}): Promise<string[]> {
  return (await runPolicy(s3BucketPolicyRestrictsOtherAccounts, resource, config)).violations.map((v) => v.message);
}

describe("s3-bucket-policy-restricts-other-accounts", () => {
  const other = "arn:aws:iam::444455556666:root";

  it("passes our policies and object-level grants to another account", async () => {
    const statements = [
      tlsStatement(arn),
      logDeliveryStatement(arn, [arn]),
      elbLogStatement(arn),
      { Effect: "Allow", Principal: { AWS: other }, Action: ["s3:GetObject", "s3:PutObject"], Resource: `${arn}/*` },
    ];
    expect(await crossMessages(policyResource(statements))).toEqual([]);
  });

  it.each([
    ["an exact blocked action", "s3:PutBucketPolicy", "s3:PutBucketPolicy"],
    [
      "s3:*",
      "s3:*",
      "s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl",
    ],
    ["s3:Put*", ["s3:Put*"], "s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl"],
    ["*", "*", "s3:DeleteBucketPolicy"],
  ])("reports %s for another account", async (_label, Action, expected) => {
    const found = await crossMessages(
      policyResource([{ Sid: "Partner", Effect: "Allow", Principal: { AWS: other }, Action, Resource: arn }]),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(
      `BucketPolicy "data-policy" statement "Partner" allows "${other}" (other accounts) to perform ${expected}`,
    );
  });

  it('reports Principal "*" and bare account ids, NotAction and NotPrincipal', async () => {
    const found = await crossMessages(
      policyResource([
        { Effect: "Allow", Principal: "*", Action: "s3:PutObjectAcl", Resource: `${arn}/*` },
        { Effect: "Allow", Principal: { AWS: "444455556666" }, NotAction: "s3:GetObject", Resource: arn },
        { Effect: "Allow", NotPrincipal: { AWS: other }, Action: "s3:PutBucketAcl", Resource: arn },
      ]),
    );
    expect(found).toEqual([
      expect.stringMatching(/statement #1 allows "\*" \(other accounts\) to perform s3:PutObjectAcl/),
      expect.stringMatching(/statement #2 allows "444455556666" .* \(through NotAction\)\./),
      expect.stringMatching(/statement #3 allows NotPrincipal .* s3:PutBucketAcl/),
    ]);
  });

  it("exempts trusted accounts and Deny statements, and takes the blocked actions from config", async () => {
    const own = {
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` },
      Action: "s3:*",
      Resource: arn,
    };
    expect(await crossMessages(policyResource([own]))).toHaveLength(1);
    expect(await crossMessages(policyResource([own]), { trustedAccountIds: [ACCOUNT] })).toEqual([]);
    expect(await crossMessages(policyResource([{ ...own, Effect: "Deny" }]))).toEqual([]);
    const deleteObject = {
      Effect: "Allow",
      Principal: { AWS: other },
      Action: "s3:DeleteObject",
      Resource: `${arn}/*`,
    };
    expect(await crossMessages(policyResource([deleteObject]), { blockedActions: ["s3:DeleteObject"] })).toHaveLength(
      1,
    );
  });

  it("checks inline bucket policies, is undecidable while unknown, and is waivable", async () => {
    const inline = bucket("data", {
      policy: policyDoc({ Effect: "Allow", Principal: { AWS: other }, Action: "s3:PutBucketPolicy" }),
    });
    expect(await crossMessages(inline)).toHaveLength(1);
    const pending = { ...policyResource([]), props: { bucket: "x", policy: UNKNOWN } };
    expect((await runPolicy(s3BucketPolicyRestrictsOtherAccounts, pending)).unknown).toBeDefined();
    expect(await crossMessages(inline, waiverFor("data"))).toEqual([]);
  });
});
