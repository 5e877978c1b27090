/**
 * CANARY for tools/mocks/registration-capture.ts, the one module that relies on @pulumi/pulumi internals (the mock
 * monitor behind `runtime.getMonitor()`, the RegisterResourceRequest getters, `runtime.waitForRPCs`). When an SDK
 * upgrade changes any of them, this file fails first and says which: re-verify the module against the new SDK,
 * then update the pinned version below.
 *
 * It also pins what the capture promises: engine-style URNs (no stack type, the full parent type chain), parents,
 * dependencies, property dependencies, protect / retainOnDelete, provider references and source positions, for a
 * small program whose answers are known.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { AwsMocks } from "../../tools/mocks/aws-mocks";
import {
  captureRegistrations,
  internalsAvailable,
  REQUEST_GETTERS,
  toPlain,
  type CapturedResource,
  type RegistrationCapture,
} from "../../tools/mocks/registration-capture";

const PROJECT = "starscreen-infra";
const STACK = "canary";
/** The SDK version registration-capture.ts was verified against. */
const VERIFIED_SDK = "3.248.0";

class B extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  constructor(name: string, opts: pulumi.ComponentResourceOptions) {
    super("starscreen:x:B", name, {}, opts);
    this.bucket = new aws.s3.Bucket(
      "name",
      { forceDestroy: false },
      { parent: this, protect: true, retainOnDelete: true },
    );
    this.registerOutputs({ bucketName: this.bucket.bucket });
  }
}

class A extends pulumi.ComponentResource {
  readonly b: B;
  constructor(name: string) {
    super("starscreen:x:A", name, {}, {});
    this.b = new B("b", { parent: this });
    this.registerOutputs({});
  }
}

let capture: RegistrationCapture;
let provider: aws.Provider;

function one(name: string): CapturedResource {
  const found = capture.resources.filter((r) => r.name === name);
  expect(found, `exactly one resource named ${name}`).toHaveLength(1);
  return found[0];
}

beforeAll(async () => {
  await pulumi.runtime.setMocks(new AwsMocks(), PROJECT, STACK, false);
  capture = captureRegistrations(PROJECT, STACK);
  await pulumi.runtime.runInPulumiStack(async () => {
    provider = new aws.Provider("explicit", { region: "us-west-2" });
    const a = new A("a");
    new aws.s3.BucketVersioning(
      "versioning",
      {
        bucket: a.b.bucket.id,
        versioningConfiguration: { status: "Enabled" },
      },
      { dependsOn: [a], provider },
    );
    new aws.s3.BucketPolicy("policy", { bucket: a.b.bucket.id, policy: pulumi.secret("{}") });
    return { bucket: a.b.bucket.bucket };
  });
  await capture.drain();
});

describe("SDK internals the capture relies on", () => {
  it("runs on the @pulumi/pulumi version it was verified against", () => {
    const installed = JSON.parse(
      readFileSync(path.join(require.resolve("@pulumi/pulumi/package.json")), "utf8"),
    ).version;
    expect(
      installed,
      `registration-capture.ts was verified against @pulumi/pulumi ${VERIFIED_SDK}; ${installed} is installed: re-run this canary, re-check the internals listed in the module header, then update VERIFIED_SDK`,
    ).toBe(VERIFIED_SDK);
  });

  it("finds the mock monitor's methods and runtime.waitForRPCs", () => {
    expect(internalsAvailable()).toEqual({
      "runtime.getMonitor().registerResource": true,
      "runtime.getMonitor().registerResourceOutputs": true,
      "runtime.waitForRPCs": true,
    });
  });

  it("sees every RegisterResourceRequest getter it reads", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { RegisterResourceRequest } = require("@pulumi/pulumi/proto/resource_pb");
    const missing = REQUEST_GETTERS.filter((g) => typeof RegisterResourceRequest.prototype[g] !== "function");
    expect(missing).toEqual([]);
  });

  it("defers the SDK's TypeScript compiler until a closure is serialized (fresh process)", () => {
    const script = `
      const { deferTypeScriptCompiler } = require("./tools/mocks/registration-capture.ts");
      const deferred = deferTypeScriptCompiler();
      const pulumi = require("@pulumi/pulumi");
      const tsPath = require.resolve("typescript");
      const loadedEarly = Boolean(require.cache[tsPath]);
      pulumi.runtime.serializeFunction(() => 40 + 2).then((f) => {
        console.log(JSON.stringify({ deferred, loadedEarly, loadedLater: Boolean(require.cache[tsPath]), works: f.text.includes("40 + 2"), again: deferTypeScriptCompiler() }));
      });`;
    const out = execFileSync(process.execPath, ["--require", "tsx/cjs", "-e", script], {
      cwd: path.resolve(__dirname, "../.."),
      encoding: "utf8",
    });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({
      deferred: true,
      loadedEarly: false,
      loadedLater: true,
      works: true,
      again: false,
    });
  });

  it("keeps a failing mock invoke's message (the SDK reads err.details)", async () => {
    const error = await aws.ec2.getAmi({ owners: ["amazon"] }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toBe("mock: no mock for invoke aws:ec2/getAmi:getAmi; add one to tools/mocks/aws-mocks.ts");
  });

  it("fails loudly, naming what is missing, when the monitor is not the mock one", async () => {
    const monitor = pulumi.runtime.getMonitor() as unknown as Record<string, unknown>;
    const saved = monitor.registerResourceOutputs;
    monitor.registerResourceOutputs = undefined;
    try {
      expect(() => captureRegistrations(PROJECT, STACK)).toThrow(
        /internals this tool relies on changed \(missing: runtime.getMonitor\(\).registerResourceOutputs\)/,
      );
    } finally {
      monitor.registerResourceOutputs = saved;
    }
  });
});

describe("what the capture records for a known program", () => {
  it("gives engine URNs: no stack type, the full parent type chain", () => {
    expect(one("name").urn).toBe(
      `urn:pulumi:${STACK}::${PROJECT}::starscreen:x:A$starscreen:x:B$aws:s3/bucket:Bucket::name`,
    );
    expect(one("b").urn).toBe(`urn:pulumi:${STACK}::${PROJECT}::starscreen:x:A$starscreen:x:B::b`);
    expect(one("a").urn).toBe(`urn:pulumi:${STACK}::${PROJECT}::starscreen:x:A::a`);
    expect(one("versioning").urn).toBe(
      `urn:pulumi:${STACK}::${PROJECT}::aws:s3/bucketVersioning:BucketVersioning::versioning`,
    );
    expect(one(`${PROJECT}-${STACK}`).urn).toBe(
      `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`,
    );
  });

  it("keeps the mock monitor's own URN apart (it differs from the engine's)", () => {
    expect(one("name").mockUrn).not.toBe(one("name").urn);
    expect(capture.engineUrnOf(one("name").mockUrn)).toBe(one("name").urn);
  });

  it("records parents as engine URNs, up to the stack", () => {
    const stackUrn = one(`${PROJECT}-${STACK}`).urn;
    expect(one("name").parent).toBe(one("b").urn);
    expect(one("b").parent).toBe(one("a").urn);
    expect(one("a").parent).toBe(stackUrn);
    expect(one(`${PROJECT}-${STACK}`).parent).toBeUndefined();
  });

  it("records dependencies and property dependencies as engine URNs", () => {
    const versioning = one("versioning");
    expect(versioning.propertyDependencies.bucket).toEqual([one("name").urn]);
    // The SDK expands `dependsOn: [component]` to the component's custom-resource descendants, as the engine sees it.
    expect(versioning.dependencies).toEqual([one("name").urn]);
  });

  it("records protect, retainOnDelete and custom/component", () => {
    expect(one("name")).toMatchObject({ protect: true, retainOnDelete: true, custom: true, remote: false });
    expect(one("versioning")).toMatchObject({ protect: false, retainOnDelete: false });
    expect(one("b").custom).toBe(false);
  });

  it("records explicit providers as engine provider references", () => {
    const ref = one("versioning").provider!;
    expect(ref.startsWith(`urn:pulumi:${STACK}::${PROJECT}::pulumi:providers:aws::explicit::`)).toBe(true);
    expect(one("policy").provider).toBeUndefined(); // default provider: left to the engine
    expect(one("name").version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("keeps inputs in wire form (secrets marked) and mocked outputs", () => {
    const policy = one("policy");
    expect(toPlain(policy.inputs)).toMatchObject({ policy: "[secret]" });
    expect(toPlain(policy.inputs, { secrets: "reveal" })).toMatchObject({ policy: "{}" });
    expect(toPlain(one("name").outputs)).toMatchObject({ arn: expect.stringMatching(/^arn:aws:s3:::name-/) });
    expect(toPlain(one("b").outputs)).toEqual({ bucketName: expect.stringMatching(/^name-/) });
  });

  it("records where the program constructed each resource", () => {
    const bucket = one("name");
    expect(bucket.sourcePosition?.uri).toContain("registration-capture.test.ts");
    expect(bucket.sourcePosition?.line).toBeGreaterThan(0);
    expect(bucket.stackTrace.length).toBeGreaterThan(0);
  });

  it("captures the stack's outputs through registerResourceOutputs", () => {
    expect(toPlain(one(`${PROJECT}-${STACK}`).outputs)).toEqual({ bucket: expect.stringMatching(/^name-/) });
  });
});
