import { UnknownValueError } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { S3 } from "../../../policies/lib/resource-types";
import { BucketGraph, type BucketNode } from "../../../policies/s3/bucket-graph";
import { bucketNameFromRef, globMatches } from "../../../policies/s3/shared";
import { s3Guardrails } from "../../../policies/s3";
import {
  runPolicy,
  runStackPolicy,
  stackResources,
  UNKNOWN,
  urnFor,
  type FakeResource,
} from "../../helpers/policy-harness";
import {
  arnOf,
  bucket,
  bucketPolicy,
  child,
  ELB_ACCOUNT_US_EAST_1,
  hardenedSet,
  logDeliveryStatement,
  logging,
  physicalName,
  publicAccessBlock,
  tlsStatement,
} from "./fixtures";

function graphOf(resources: FakeResource[]): { graph: BucketGraph; node: (name: string) => BucketNode } {
  const view = stackResources(resources);
  const graph = new BucketGraph(view);
  return {
    graph,
    node: (name) => {
      const n = graph.buckets.find((b) => b.resource.name === name);
      if (!n) throw new Error(`no bucket ${name}`);
      return n;
    },
  };
}

function resource(
  type: string,
  name: string,
  props: Record<string, unknown>,
  deps?: Record<string, string[]>,
): FakeResource {
  return { type, name, urn: urnFor(type, name), props, propertyDependencies: deps };
}

describe("bucket-graph: relating settings resources to their bucket", () => {
  const data = bucket("data");
  const other = bucket("other");

  it("relates through propertyDependencies.bucket even when the name is unknown", () => {
    const { graph, node } = graphOf([data, other, publicAccessBlock(data, undefined, { link: "depsOnly" })]);
    expect(graph.childrenOf(node("data"), "publicAccessBlock").map((c) => c.name)).toEqual(["data-pab"]);
    expect(graph.childrenOf(node("other"), "publicAccessBlock")).toEqual([]);
  });

  it("falls back to the value: the bucket name, or an ARN", () => {
    const byName = publicAccessBlock(data, undefined, { link: "value" });
    const byArn = {
      ...publicAccessBlock(other, undefined, { link: "value" }),
      props: { bucket: arnOf(physicalName(other)) },
    };
    const { graph, node } = graphOf([data, other, byName, byArn]);
    expect(graph.childrenOf(node("data"), "publicAccessBlock")).toHaveLength(1);
    expect(graph.childrenOf(node("other"), "publicAccessBlock")).toHaveLength(1);
  });

  it("ignores settings of buckets outside the stack", () => {
    const external = resource(S3.publicAccessBlock, "external-pab", { bucket: "someone-elses-bucket" });
    const { graph, node } = graphOf([data, external]);
    expect(graph.childrenOf(node("data"), "publicAccessBlock")).toEqual([]);
  });

  it("an unresolved child (unknown bucket, no dependency) makes a bucket without that child undecidable", () => {
    const unresolved = resource(S3.publicAccessBlock, "mystery-pab", { bucket: UNKNOWN });
    const { graph, node } = graphOf([data, other, publicAccessBlock(other), unresolved]);
    expect(() => graph.childrenOf(node("data"), "publicAccessBlock")).toThrow(UnknownValueError);
    expect(graph.childrenOf(node("other"), "publicAccessBlock")).toHaveLength(1);
    expect(graph.childrenOf(node("data"), "versioning")).toEqual([]);
  });
});

describe("bucket-graph: log buckets", () => {
  const data = bucket("data");
  const logs = bucket("logs");

  it.each([
    ["BucketLogging (dependency)", () => [logging(data, logs)]],
    [
      "BucketLogging (value only)",
      () => [logging(data, logs, { link: "value", extraDeps: {} })].map((l) => ({ ...l, propertyDependencies: {} })),
    ],
    ["BucketLoggingV2", () => [logging(data, logs, { v2: true })]],
    [
      "inline Bucket logging of another bucket",
      () => [bucket("src", { logging: { targetBucket: physicalName(logs), targetPrefix: "x/" } })],
    ],
    [
      "inline BucketV2 loggings of another bucket (dependency only)",
      () => [
        {
          ...bucket("data", { loggings: [{ targetBucket: UNKNOWN }] }, { type: S3.bucketV2 }),
          propertyDependencies: { loggings: [logs.urn as string] },
        },
      ],
    ],
    [
      "aws:lb LoadBalancer accessLogs (dependency)",
      () => [
        resource(
          "aws:lb/loadBalancer:LoadBalancer",
          "alb",
          { accessLogs: { bucket: UNKNOWN, enabled: true } },
          {
            accessLogs: [logs.urn as string],
          },
        ),
      ],
    ],
    [
      "aws:alb LoadBalancer connectionLogs (value)",
      () => [resource("aws:alb/loadBalancer:LoadBalancer", "alb", { connectionLogs: { bucket: physicalName(logs) } })],
    ],
    [
      "classic ELB accessLogs",
      () => [
        resource("aws:elb/loadBalancer:LoadBalancer", "clb", {
          accessLogs: { bucket: physicalName(logs), interval: 5 },
        }),
      ],
    ],
    [
      "VPC flow log with an S3 destination ARN and prefix",
      () => [
        resource("aws:ec2/flowLog:FlowLog", "flow", {
          logDestinationType: "s3",
          logDestination: `${arnOf(physicalName(logs))}/flow-logs/`,
        }),
      ],
    ],
    ["CloudTrail trail", () => [resource("aws:cloudtrail/trail:Trail", "trail", { s3BucketName: physicalName(logs) })]],
  ])("a target of %s is a log target", (_label, extra) => {
    const { graph, node } = graphOf([data, logs, ...(extra() as FakeResource[])]);
    expect(graph.isLogTarget(node("logs"))).toBe(true);
    expect(graph.isLogBucket(node("logs"))).toBe(true);
    expect(graph.isLogTarget(node("data"))).toBe(false);
    expect(graph.isLogBucket(node("data"))).toBe(false);
  });

  it("disabled load-balancer logs and CloudWatch flow logs do not make a log target", () => {
    const { graph, node } = graphOf([
      data,
      logs,
      resource(
        "aws:lb/loadBalancer:LoadBalancer",
        "alb",
        { accessLogs: { bucket: physicalName(logs), enabled: false } },
        {
          accessLogs: [logs.urn as string],
        },
      ),
      resource("aws:ec2/flowLog:FlowLog", "flow", {
        logDestinationType: "cloud-watch-logs",
        logDestination: arnOf(physicalName(logs)),
      }),
    ]);
    expect(graph.isLogBucket(node("logs"))).toBe(false);
  });

  it.each([
    ["logging.s3.amazonaws.com", { Service: "logging.s3.amazonaws.com" }],
    ["delivery.logs.amazonaws.com (list)", { Service: ["delivery.logs.amazonaws.com"] }],
    ["logdelivery.elasticloadbalancing.amazonaws.com", { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }],
    ["the us-east-1 ELB account root", { AWS: `arn:aws:iam::${ELB_ACCOUNT_US_EAST_1}:root` }],
    ["a bare ELB account id (eu-west-1)", { AWS: "156460612806" }],
  ])("a bucket whose policy allows %s is a log bucket", (_label, principal) => {
    const arn = String(logs.props.arn);
    const statement = { Effect: "Allow", Principal: principal, Action: "s3:PutObject", Resource: `${arn}/*` };
    const { graph, node } = graphOf([logs, bucketPolicy(logs, [tlsStatement(arn), statement])]);
    expect(graph.isLogTarget(node("logs"))).toBe(false);
    expect(graph.isLogBucket(node("logs"))).toBe(true);
  });

  it("an inline policy counts when there is no BucketPolicy; a Deny or another service does not", () => {
    const arn = String(logs.props.arn);
    const inline = bucket("inline-logs", { policy: JSON.stringify({ Statement: logDeliveryStatement(arn, []) }) });
    const deny = bucket("deny", {
      policy: JSON.stringify({ Statement: { ...logDeliveryStatement(arn, []), Effect: "Deny" } }),
    });
    const other = bucket("other", {
      policy: JSON.stringify({
        Statement: { Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject" },
      }),
    });
    const { graph, node } = graphOf([inline, deny, other]);
    expect(graph.isLogBucket(node("inline-logs"))).toBe(true);
    expect(graph.isLogBucket(node("deny"))).toBe(false);
    expect(graph.isLogBucket(node("other"))).toBe(false);
  });

  it("an unknown policy is undecidable unless the bucket is a known target", () => {
    const unknownPolicy = (b: FakeResource) => {
      const p = bucketPolicy(b, []);
      return { ...p, props: { ...p.props, policy: UNKNOWN } };
    };
    const { graph, node } = graphOf([data, logs, logging(data, logs), unknownPolicy(data), unknownPolicy(logs)]);
    expect(graph.isLogBucket(node("logs"))).toBe(true);
    expect(() => graph.isLogBucket(node("data"))).toThrow(UnknownValueError);
  });

  it("a bucket logging to itself is not a log target but is flagged", () => {
    const { graph, node } = graphOf([data, logging(data, data)]);
    expect(graph.isLogTarget(node("data"))).toBe(false);
    expect(graph.logsToItself(node("data"))).toBe(true);
  });

  it("an entirely unknown inline block (a computed output not set) leaves nothing unresolved", () => {
    const b = bucket("computed", { logging: UNKNOWN, replicationConfiguration: UNKNOWN });
    const { graph, node } = graphOf([b, logs]);
    expect(graph.isLogBucket(node("logs"))).toBe(false);
    expect(graph.isReplicationDestination(node("logs"))).toBe(false);
  });

  it("a known inline block with an unknown target and no dependency is unresolved", () => {
    const b = bucket("src", { logging: { targetBucket: UNKNOWN } });
    const { graph, node } = graphOf([b, logs]);
    expect(() => graph.isLogBucket(node("logs"))).toThrow(UnknownValueError);
  });
});

describe("bucket-graph: replicas", () => {
  const source = bucket("source");
  const replica = bucket("replica");

  it("finds the destination of a BucketReplicationConfig through its rules' dependencies, excluding the source", () => {
    const config = child(
      S3.replication,
      "repl",
      source,
      { rules: [{ status: "Enabled", destination: { bucket: UNKNOWN } }] },
      {
        extraDeps: { rules: [source.urn as string, replica.urn as string] },
      },
    );
    const { graph, node } = graphOf([source, replica, config]);
    expect(graph.isReplicationDestination(node("replica"))).toBe(true);
    expect(graph.isReplicationDestination(node("source"))).toBe(false);
  });

  it("finds the destination by ARN value", () => {
    const config = child(S3.replication, "repl", source, {
      rules: [{ status: "Enabled", destination: { bucket: String(replica.props.arn) } }],
    });
    const { graph, node } = graphOf([source, replica, config]);
    expect(graph.isKnownReplicationDestination(node("replica"))).toBe(true);
  });

  it("finds inline destinations (Bucket replicationConfiguration, BucketV2 replicationConfigurations)", () => {
    const v1 = bucket("v1", {
      replicationConfiguration: {
        role: "r",
        rules: [{ status: "Enabled", destination: { bucket: String(replica.props.arn) } }],
      },
    });
    const replica2 = bucket("replica2");
    const v2 = bucket(
      "v2",
      {
        replicationConfigurations: [
          { role: "r", rules: [{ status: "Enabled", destinations: [{ bucket: String(replica2.props.arn) }] }] },
        ],
      },
      { type: S3.bucketV2 },
    );
    const { graph, node } = graphOf([v1, v2, replica, replica2]);
    expect(graph.isReplicationDestination(node("replica"))).toBe(true);
    expect(graph.isReplicationDestination(node("replica2"))).toBe(true);
    expect(graph.isReplicationDestination(node("v1"))).toBe(false);
  });

  it("an unresolved destination makes a non-destination undecidable", () => {
    const config = resource(S3.replication, "repl", {
      bucket: physicalName(source),
      rules: [{ destination: { bucket: UNKNOWN } }],
    });
    const { graph, node } = graphOf([source, replica, config]);
    expect(() => graph.isReplicationDestination(node("replica"))).toThrow(UnknownValueError);
  });
});

describe("bucket-graph: helpers and robustness", () => {
  it("reads bucket names from names, ARNs and ARNs with key prefixes", () => {
    expect(bucketNameFromRef("my-bucket")).toBe("my-bucket");
    expect(bucketNameFromRef("arn:aws:s3:::my-bucket")).toBe("my-bucket");
    expect(bucketNameFromRef("arn:aws-us-gov:s3:::my-bucket/logs/")).toBe("my-bucket");
    expect(bucketNameFromRef("arn:aws:iam::1:role/x")).toBeUndefined();
    expect(bucketNameFromRef(42)).toBeUndefined();
    expect(bucketNameFromRef("")).toBeUndefined();
  });

  it("matches IAM globs case-insensitively", () => {
    expect(globMatches("s3:Put*", "s3:PutBucketPolicy")).toBe(true);
    expect(globMatches("s3:?utObject", "s3:PutObject")).toBe(true);
    expect(globMatches("S3:*", "s3:GetObject")).toBe(true);
    expect(globMatches("s3:Get*", "s3:PutObject")).toBe(false);
  });

  it("never throws on odd shapes in any S3 guardrail", async () => {
    const odd: FakeResource[] = [
      {
        type: S3.bucket,
        name: "weird",
        props: {
          bucket: 42,
          versioning: "yes",
          lifecycleRules: [null, 3, { enabled: "true" }],
          policy: "{not json",
          logging: [null],
        },
      },
      {
        type: S3.bucketV2,
        name: "weird2",
        props: {
          bucket: null,
          serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [null] }] }],
          versionings: [],
        },
      },
      {
        type: S3.publicAccessBlock,
        name: "pab",
        props: { bucket: ["x"], blockPublicAcls: "maybe" },
        propertyDependencies: { bucket: ["urn:nope"] },
      },
      { type: S3.encryption, name: "sse", props: { bucket: "weird", rules: "AES256" } },
      {
        type: S3.lifecycle,
        name: "lc",
        props: { bucket: "weird", rules: [{ status: 1, noncurrentVersionExpiration: [] }] },
      },
      { type: S3.replication, name: "repl", props: { bucket: {}, rules: [{ destination: [null] }] } },
      {
        type: S3.policy,
        name: "pol",
        props: { bucket: "weird", policy: { Statement: [null, "x", { Effect: "Deny", Condition: [] }] } },
      },
      { type: S3.acl, name: "acl", props: { accessControlPolicy: { grants: [{ grantee: 5 }] } } },
      { type: "aws:lb/loadBalancer:LoadBalancer", name: "lb", props: { accessLogs: [] } },
      { type: "aws:ec2/flowLog:FlowLog", name: "fl", props: { logDestinationType: "s3", logDestination: 7 } },
      { type: "aws:s3/accessPoint:AccessPoint", name: "ap", props: { publicAccessBlockConfiguration: "off" } },
      { type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", name: "acct", props: {} },
    ];
    for (const policy of s3Guardrails) {
      await expect(runPolicy(policy, odd, { environment: "prod" })).resolves.toBeDefined();
    }
  });

  it("evaluates 10,000 resources through every S3 stack guardrail in well under 2 s", async () => {
    const resources: FakeResource[] = [];
    let i = 0;
    while (resources.length < 10_000) {
      const set = hardenedSet("prod").resources.map((r) => ({
        ...r,
        name: `${r.name}-${i}`,
        urn: `${r.urn}-${i}`,
        props: typeof r.props.bucket === "string" ? { ...r.props, bucket: `${r.props.bucket}-${i}` } : r.props,
        propertyDependencies: r.propertyDependencies
          ? Object.fromEntries(
              Object.entries(r.propertyDependencies).map(([k, urns]) => [k, urns.map((u) => `${u}-${i}`)]),
            )
          : undefined,
      }));
      resources.push(...set);
      i++;
    }
    const view = stackResources(resources);
    const stackPolicies = s3Guardrails.filter((p) => "validateStack" in p);
    const start = performance.now();
    for (const policy of stackPolicies) {
      const run = await runStackPolicy(policy, view, { environment: "prod" });
      expect(run.unknown).toBeUndefined();
    }
    const elapsed = performance.now() - start;
    expect(elapsed).toBeLessThan(2000);
  });
});
