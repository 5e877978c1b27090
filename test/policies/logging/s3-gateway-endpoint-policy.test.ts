import { describe, expect, it } from "vitest";
import { s3GatewayEndpointPolicy as policy } from "../../../policies/logging/s3-gateway-endpoint-policy";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { ourStack, res, s3EndpointPolicyDocument, s3GatewayEndpoint, T } from "./our-stack";

const FULL_ACCESS = {
  Version: "2008-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
};

describe("s3-gateway-endpoint-policy", () => {
  it("passes our stacks (inline policy limited to the stack's buckets)", async () => {
    for (const env of ["dev", "prod"] as const) {
      expect((await runPolicy(policy, ourStack(env))).violations).toEqual([]);
    }
  });

  it("accepts the policy as an object", async () => {
    expect(
      (await runPolicy(policy, s3GatewayEndpoint("dev", { policy: s3EndpointPolicyDocument("dev") }))).violations,
    ).toEqual([]);
  });

  it("reports an endpoint without a policy", async () => {
    const endpoint = s3GatewayEndpoint("dev", { policy: undefined });
    const run = await runPolicy(policy, [endpoint]);
    expect(run.violations).toEqual([
      {
        urn: endpoint.urn,
        message: expect.stringMatching(
          /S3 gateway endpoint "dev-s3-endpoint" has no endpoint policy: AWS applies the default policy/,
        ),
      },
    ]);
  });

  it("reports the full-access default policy (what AWS returns for an endpoint created without one)", async () => {
    for (const doc of [
      FULL_ACCESS,
      JSON.stringify(FULL_ACCESS),
      { Statement: { Effect: "Allow", Principal: { AWS: ["*"] }, Action: ["s3:*"], Resource: ["*"] } },
    ]) {
      const run = await runPolicy(policy, s3GatewayEndpoint("dev", { policy: doc }));
      expect(run.violations[0].message).toMatch(/statement #1 allows every S3 action on every resource to everyone/);
    }
  });

  it("accepts a broad statement narrowed by a condition, and reports unreadable documents", async () => {
    const narrowed = {
      Statement: [
        {
          Sid: "OwnAccount",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:*",
          Resource: "*",
          Condition: { StringEquals: { "aws:ResourceAccount": "123456789012" } },
        },
      ],
    };
    expect((await runPolicy(policy, s3GatewayEndpoint("dev", { policy: narrowed }))).violations).toEqual([]);
    const bad = await runPolicy(policy, s3GatewayEndpoint("dev", { policy: "{not json" }));
    expect(bad.violations[0].message).toMatch(/cannot be read as a JSON policy document/);
  });

  it("uses a separate VpcEndpointPolicy related by dependency or by id, instead of the inline policy", async () => {
    const endpoint = s3GatewayEndpoint("dev", { policy: JSON.stringify(FULL_ACCESS) });
    const good = res(
      T.vpcEndpointPolicy,
      "ep-policy",
      { vpcEndpointId: endpoint.props.id, policy: JSON.stringify(s3EndpointPolicyDocument("dev")) },
      { propertyDependencies: { vpcEndpointId: [endpoint.urn] } },
    );
    expect((await runPolicy(policy, [endpoint, good])).violations).toEqual([]);
    const byValue = res(T.vpcEndpointPolicy, "ep-policy", {
      vpcEndpointId: endpoint.props.id,
      policy: JSON.stringify(s3EndpointPolicyDocument("dev")),
    });
    expect((await runPolicy(policy, [endpoint, byValue])).violations).toEqual([]);
    const open = res(T.vpcEndpointPolicy, "ep-policy", { vpcEndpointId: endpoint.props.id, policy: FULL_ACCESS });
    expect((await runPolicy(policy, [s3GatewayEndpoint("dev"), open])).violations[0].message).toMatch(
      /allows every S3 action/,
    );
  });

  it("skips interface endpoints and other services; treats an absent type as Gateway", async () => {
    const run = await runPolicy(policy, [
      s3GatewayEndpoint("dev", { vpcEndpointType: "Interface", policy: undefined }),
      s3GatewayEndpoint("dev", { serviceName: "com.amazonaws.us-east-1.dynamodb", policy: undefined }),
      s3GatewayEndpoint("dev", { serviceName: "com.amazonaws.us-east-1.s3express", policy: undefined }),
    ]);
    expect(run.violations).toEqual([]);
    const implicit = await runPolicy(policy, s3GatewayEndpoint("dev", { vpcEndpointType: undefined, policy: "" }));
    expect(implicit.violations).toHaveLength(1);
  });

  it("propagates an unknown policy and honours a waiver", async () => {
    expect((await runPolicy(policy, s3GatewayEndpoint("dev", { policy: UNKNOWN }))).unknown).toMatch(/policy/);
    const run = await runPolicy(policy, s3GatewayEndpoint("dev", { policy: undefined }), {
      waivers: [
        { resource: "*s3-endpoint", justification: "Sandbox VPC without data; endpoint policy tracked in NET-7." },
      ],
    });
    expect(run.violations).toEqual([]);
  });
});
