import { describe, expect, it } from "vitest";
import { S3 } from "../../../policies/lib/resource-types";
import { s3TlsOnly } from "../../../policies/s3/s3-tls-only";
import { runPolicy, UNKNOWN, type FakeResource } from "../../helpers/policy-harness";
import {
  bucket,
  bucketPolicy,
  logDeliveryStatement,
  perimeterStatement,
  policyDoc,
  tlsStatement,
  waiverFor,
} from "./fixtures";

const data = bucket("data");
const arn = String(data.props.arn);

function withStatement(changes: Record<string, unknown>): FakeResource[] {
  return [data, bucketPolicy(data, [{ ...tlsStatement(arn), ...changes }])];
}

async function messages(resources: FakeResource[]): Promise<string[]> {
  return (await runPolicy(s3TlsOnly, resources)).violations.map((v) => v.message);
}

describe("s3-tls-only: compliant forms", () => {
  it.each([
    [
      "a split BucketPolicy (JSON string)",
      () => [data, bucketPolicy(data, [tlsStatement(arn), perimeterStatement(arn, ["x"])])],
    ],
    [
      "a split BucketPolicy (object document)",
      () => [data, bucketPolicy(data, [tlsStatement(arn)], { asObject: true })],
    ],
    ["Statement as a single object", () => [data, bucketPolicy(data, tlsStatement(arn))]],
    ["inline Bucket policy", () => [bucket("data", { policy: policyDoc([tlsStatement(arn)]) })]],
    ["inline BucketV2 policy", () => [bucket("data", { policy: policyDoc(tlsStatement(arn)) }, { type: S3.bucketV2 })]],
    ['Principal {AWS: "*"}', () => withStatement({ Principal: { AWS: "*" } })],
    [
      'Principal {AWS: ["*"]}, Action "*", Resource "*"',
      () => withStatement({ Principal: { AWS: ["*"] }, Action: "*", Resource: "*" }),
    ],
    ["objects only", () => withStatement({ Resource: `${arn}/*` })],
    [
      "every core object action listed",
      () => withStatement({ Action: ["s3:GetObject*", "s3:PutObject", "s3:DeleteObject*", "s3:RestoreObject"] }),
    ],
    ["a boolean false condition value", () => withStatement({ Condition: { Bool: { "aws:SecureTransport": false } } })],
    ["BoolIfExists", () => withStatement({ Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } })],
    [
      "NumericLessThanIfExists s3:TlsVersion 1.2",
      () => withStatement({ Condition: { NumericLessThanIfExists: { "s3:TlsVersion": "1.2" } } }),
    ],
    [
      "Deny with NotAction that exempts no object action",
      () => withStatement({ Action: undefined, NotAction: "s3:GetBucketLocation" }),
    ],
  ])("passes %s", async (_label, build) => {
    expect(await runPolicy(s3TlsOnly, build() as FakeResource[])).toEqual({ violations: [] });
  });

  it("the split policy wins over the inline policy output", async () => {
    const stale = bucket("data", { policy: "" });
    expect(await messages([stale, bucketPolicy(data, [tlsStatement(arn)])])).toEqual([]);
  });
});

describe("s3-tls-only: violations", () => {
  it("reports a bucket without any policy", async () => {
    expect(await messages([data])).toEqual([
      expect.stringMatching(/Bucket "data" has no bucket policy, so requests over plain HTTP are allowed/),
    ]);
  });

  it("reports a policy with no TLS statement", async () => {
    expect(await messages([data, bucketPolicy(data, [logDeliveryStatement(arn, [])])])).toEqual([
      'Bucket "data" has a bucket policy (BucketPolicy "data-policy") with no Deny statement conditioned on aws:SecureTransport = "false": requests over plain HTTP are not denied.',
    ]);
  });

  it.each([
    [
      "a narrow principal",
      { Principal: { AWS: "arn:aws:iam::111122223333:role/x" } },
      /applies only to Principal \{"AWS":\["arn:aws:iam::111122223333:role\/x"\]\} \(needs Principal "\*"\)/,
    ],
    [
      "NotPrincipal",
      { Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } },
      /applies only to NotPrincipal/,
    ],
    [
      "only GetObject",
      { Action: "s3:GetObject" },
      /covers only actions \["s3:GetObject"\] \(needs "s3:\*" or every object action\)/,
    ],
    [
      "the bucket but not its objects",
      { Resource: arn },
      /covers only resources \["arn:aws:s3:::data-a1b2c3"\] \(needs "<bucket ARN>\/\*"\)/,
    ],
    ["one prefix only", { Resource: `${arn}/resumes/*` }, /covers only resources \[".*\/resumes\/\*"\]/],
  ])("reports a TLS statement with %s", async (_label, changes, pattern) => {
    const found = await messages(withStatement(changes));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^Bucket "data" is not TLS-only: BucketPolicy "data-policy" statement "DenyInsecureTransport" denies insecure transport but /,
    );
    expect(found[0]).toMatch(pattern);
  });

  it.each([
    ["an Allow instead of a Deny", { Effect: "Allow" }],
    ["aws:SecureTransport = true", { Condition: { Bool: { "aws:SecureTransport": "true" } } }],
    [
      "NumericLessThan s3:TlsVersion (no IfExists: HTTP requests have no TLS version)",
      { Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
    ],
    [
      "NumericLessThanIfExists s3:TlsVersion 1.0",
      { Condition: { NumericLessThanIfExists: { "s3:TlsVersion": "1.0" } } },
    ],
    ["no condition", { Condition: undefined }],
  ])("does not accept %s", async (_label, changes) => {
    expect(await messages(withStatement(changes))).toEqual([
      expect.stringMatching(/no Deny statement conditioned on aws:SecureTransport/),
    ]);
  });

  it("reports an unreadable policy", async () => {
    const broken = { ...bucketPolicy(data, []), props: { bucket: data.props.bucket, policy: "{not json" } };
    expect(await messages([data, broken])).toEqual([
      expect.stringMatching(/cannot be read as a policy document \(BucketPolicy "data-policy"\)/),
    ]);
  });

  it("is undecidable while the policy is unknown, and still reports other buckets", async () => {
    const other = bucket("other");
    const pending = { ...bucketPolicy(data, []), props: { bucket: UNKNOWN, policy: UNKNOWN } };
    const run = await runPolicy(s3TlsOnly, [data, pending, other]);
    expect(run.unknown).toMatch(/policy/);
    expect(run.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/Bucket "other" has no bucket policy/),
    ]);
  });

  it("honours a waiver", async () => {
    expect((await runPolicy(s3TlsOnly, [data], waiverFor("*data*"))).violations).toEqual([]);
  });
});
