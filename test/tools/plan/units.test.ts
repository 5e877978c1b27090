/** Pure pieces of the offline plan: arguments, policy config reconciliation, engine marshalling, report helpers. */
import { describe, expect, it } from "vitest";
import type { AnalyzerInfo, PolicyInfo } from "../../../tools/plan/analyzer-client";
import { parsePlanArgs, UsageError } from "../../../tools/plan/args";
import {
  annotateSecrets,
  durationSeconds,
  engineView,
  marshalProperties,
  RESOURCE_SIG,
  SECRET_SIG,
  SIG_KEY,
  UNKNOWN,
} from "../../../tools/plan/engine-view";
import { parsePolicyConfig, reconcilePolicyConfig } from "../../../tools/plan/policy-config";
import { summarizePackFailure } from "../../../tools/plan/pack-process";
import { controlsFromTags, detailOf, parseWaiver, scopeOf } from "../../../tools/plan/report";
import { oneLine } from "../../../tools/plan/program-run";
import type { CapturedResource } from "../../../tools/mocks/registration-capture";

describe("parsePlanArgs", () => {
  it("defaults to the dev stack, text, policies on", () => {
    expect(parsePlanArgs([])).toMatchObject({ stack: "dev", format: "text", noPolicies: false, verbose: false });
  });

  it("reads every option", () => {
    expect(
      parsePlanArgs([
        "--stack",
        "prod",
        "--config-file",
        "a.yaml",
        "--program",
        "p.ts",
        "--policy-config",
        "c.json",
        "--format",
        "sarif",
        "--out",
        "o",
        "--verbose",
      ]),
    ).toEqual({
      stack: "prod",
      configFile: "a.yaml",
      program: "p.ts",
      policyConfig: "c.json",
      noPolicies: false,
      format: "sarif",
      out: "o",
      verbose: true,
      help: false,
    });
  });

  it.each([
    [["--format", "yaml"], /--format must be one of/],
    [["--stack", "a b"], /--stack must be a stack name/],
    [["--stack"], /argument missing/],
    [["--nope"], /Unknown option '--nope'/],
    [["positional"], /Unexpected argument 'positional'/],
    [["--no-policies", "--policy-config", "x.json"], /conflict/],
    [["--out", ""], /--out needs a file name/],
  ])("rejects %j", (argv, message) => {
    expect(() => parsePlanArgs(argv as string[])).toThrow(UsageError);
    expect(() => parsePlanArgs(argv as string[])).toThrow(message);
  });
});

function policy(name: string, extra: Partial<PolicyInfo> = {}): PolicyInfo {
  return {
    name,
    displayName: "",
    description: `${name} description`,
    enforcementLevel: "mandatory",
    severity: "high",
    policyType: "resource",
    configSchema: {
      properties: {
        waivers: {
          type: "array",
          default: [],
          items: {
            type: "object",
            required: ["resource", "justification"],
            properties: { justification: { type: "string", minLength: 20 } },
          },
        },
      },
      required: [],
    },
    tags: [],
    remediationSteps: "",
    url: "",
    ...extra,
  };
}

const INFO: AnalyzerInfo = {
  name: "pack",
  displayName: "",
  version: "0.1.0",
  supportsConfig: true,
  description: "",
  policies: [
    policy("a"),
    policy("b", {
      enforcementLevel: "advisory",
      configSchema: {
        properties: { environment: { type: "string", enum: ["dev", "prod"], default: "prod" } },
        required: [],
      },
    }),
  ],
  initialConfig: {},
};

describe("policy config (the CLI's --policy-pack-config semantics)", () => {
  it("parses levels given as strings or inside objects, and drops empty entries", () => {
    expect(
      parsePolicyConfig(
        '{"a": "disabled", "b": {"enforcementLevel": "mandatory", "environment": "dev"}, "c": {}}',
        "f",
      ),
    ).toEqual({
      a: { enforcementLevel: "disabled" },
      b: { enforcementLevel: "mandatory", properties: { environment: "dev" } },
    });
  });

  it("rejects bad JSON, bad levels and non-object values with the file name", () => {
    expect(() => parsePolicyConfig("{", "cfg.json")).toThrow(/cfg\.json is not valid JSON/);
    expect(() => parsePolicyConfig('{"a": "strict"}', "cfg.json")).toThrow(/"strict" is not a valid enforcement level/);
    expect(() => parsePolicyConfig('{"a": 3}', "cfg.json")).toThrow(/must be a string or object/);
  });

  it("starts from each policy's level and schema defaults, then applies 'all', then each policy", () => {
    const { config } = reconcilePolicyConfig(
      INFO,
      parsePolicyConfig('{"all": "advisory", "b": {"environment": "dev"}}', "f"),
    );
    expect(config.a).toEqual({ enforcementLevel: "advisory", properties: { waivers: [] } });
    expect(config.b).toEqual({ enforcementLevel: "advisory", properties: { environment: "dev" } });
    expect(config.all).toEqual({ enforcementLevel: "advisory", properties: undefined });
  });

  it("validates the result against each policy's schema, naming the policy and the field", () => {
    expect(() => reconcilePolicyConfig(INFO, { b: { properties: { environment: "staging" } } }, "f.json")).toThrow(
      /invalid policy config \(f\.json\): b: environment: must be equal to one of the allowed values/,
    );
    expect(() =>
      reconcilePolicyConfig(INFO, { a: { properties: { waivers: [{ resource: "*", justification: "short" }] } } }),
    ).toThrow(/a: waivers\.0\.justification: must NOT have fewer than 20 characters/);
  });

  it("refuses a misspelt policy name without a level (the CLI's Configure would), warns when it has one", () => {
    expect(() => reconcilePolicyConfig(INFO, { "a-typo": { properties: { waivers: [] } } })).toThrow(
      /"a-typo" is not a policy of pack/,
    );
    expect(reconcilePolicyConfig(INFO, { "a-typo": { enforcementLevel: "disabled" } }).unknownPolicies).toEqual([
      "a-typo",
    ]);
  });
});

describe("engine marshalling", () => {
  const ctx = { urnOf: (u: string) => (u === "mock-urn" ? "engine-urn" : u) };

  it("drops internal keys at every level, keeps secrets and unknowns, turns resource references into IDs or URNs", () => {
    const props = {
      __defaults: ["x"],
      nested: { __meta: 1, keep: [{ __x: 1, y: UNKNOWN }] },
      secret: { [SIG_KEY]: SECRET_SIG, value: { __hidden: 1, v: "s" } },
      custom: { [SIG_KEY]: RESOURCE_SIG, urn: "mock-urn", id: "bucket-123" },
      pendingId: { [SIG_KEY]: RESOURCE_SIG, urn: "mock-urn", id: "" },
      component: { [SIG_KEY]: RESOURCE_SIG, urn: "mock-urn" },
    };
    expect(marshalProperties(props, ctx)).toEqual({
      nested: { keep: [{ y: UNKNOWN }] },
      secret: { [SIG_KEY]: SECRET_SIG, value: { v: "s" } },
      custom: "bucket-123",
      pendingId: UNKNOWN,
      component: "engine-urn",
    });
  });

  it("makes outputs secret where the input of the same name was, and for additional secret outputs", () => {
    const secret = (v: unknown) => ({ [SIG_KEY]: SECRET_SIG, value: v });
    expect(annotateSecrets({ a: 1, b: 2, c: 3 }, { a: secret(1), b: 2 }, ["c"])).toEqual({
      a: secret(1),
      b: 2,
      c: secret(3),
    });
  });

  it("reads Go durations", () => {
    expect(durationSeconds("1h30m")).toBe(5400);
    expect(durationSeconds("90s")).toBe(90);
    expect(durationSeconds(undefined)).toBe(0);
  });

  it("adds one default provider per package and version, before its first user", () => {
    const base = {
      mockUrn: "",
      qualifiedType: "",
      custom: true,
      remote: false,
      outputs: {},
      dependencies: [],
      propertyDependencies: {},
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
      ignoreChanges: [],
      additionalSecretOutputs: [],
      aliasUrns: [],
      stackTrace: [],
    };
    const captured = [
      {
        ...base,
        urn: "urn:pulumi:s::p::aws:s3/bucket:Bucket::b",
        type: "aws:s3/bucket:Bucket",
        name: "b",
        inputs: {},
        version: "7.48.0",
      },
      {
        ...base,
        urn: "urn:pulumi:s::p::aws:s3/bucket:Bucket::c",
        type: "aws:s3/bucket:Bucket",
        name: "c",
        inputs: {},
        version: "7.48.0",
      },
    ] as CapturedResource[];
    const view = engineView(captured, {
      project: "p",
      stack: "s",
      config: { "aws:region": "eu-west-1", "starscreen:x": "1", "aws:token": "t" },
      secretKeys: ["aws:token"],
      urnOf: () => undefined,
    });
    expect(view.map((r) => r.urn)).toEqual([
      "urn:pulumi:s::p::pulumi:providers:aws::default_7_48_0",
      "urn:pulumi:s::p::aws:s3/bucket:Bucket::b",
      "urn:pulumi:s::p::aws:s3/bucket:Bucket::c",
    ]);
    expect(view[0].inputs).toEqual({
      region: "eu-west-1",
      token: { [SIG_KEY]: SECRET_SIG, value: "t" },
      version: "7.48.0",
    });
    expect(view[1].providerUrn).toBe(view[0].urn);
  });
});

describe("report helpers", () => {
  it("reads control IDs from the pack's tags", () => {
    expect(
      controlsFromTags(["s3", "aws-fsbp:S3.8", "cis-aws:2.1.4", "cdk-nag:AwsSolutions-S2", "checkov:CKV_AWS_53"]),
    ).toEqual({
      awsFsbp: ["S3.8"],
      cis: ["2.1.4"],
      cdkNag: ["AwsSolutions-S2"],
      checkov: ["CKV_AWS_53"],
    });
  });

  it("parses the waivers-in-effect message and strips the description prefix", () => {
    const d = {
      description: "Every waiver ...",
      message:
        'Every waiver ...\nWAIVED elb-x for urn:pulumi:dev::p::t::n (waiver "urn:pulumi:dev::p::t::n"): No certificate in dev yet, accepted for dev. Suppressed finding: HTTP listener "n" serves plain HTTP.',
    };
    expect(detailOf(d)).toMatch(/^WAIVED/);
    expect(
      parseWaiver({
        ...d,
        policyName: "waivers-in-effect",
        policyPackName: "",
        policyPackVersion: "",
        enforcementLevel: "advisory",
        urn: "",
        severity: "low",
      }),
    ).toEqual({
      policy: "elb-x",
      urn: "urn:pulumi:dev::p::t::n",
      pattern: "urn:pulumi:dev::p::t::n",
      justification: "No certificate in dev yet, accepted for dev",
      suppressedFinding: 'HTTP listener "n" serves plain HTTP.',
    });
  });

  it("tells prod-only guardrails from environment-aware ones", () => {
    expect(
      scopeOf({
        configSchema: {
          properties: { environment: { description: "production-only controls are skipped when this is `dev`." } },
        },
      }),
    ).toBe("prod-only");
    expect(scopeOf({ configSchema: { properties: { environment: { description: "dev relaxes the minimum" } } } })).toBe(
      "environment-aware",
    );
    expect(scopeOf({ configSchema: { properties: {} } })).toBe("all");
  });

  it("puts a multi-problem config error on one line", () => {
    expect(oneLine("Invalid stack config (2 problems):\n  - a must be x, got 1\n  - b must be y, got 2")).toBe(
      "Invalid stack config (2 problems): a must be x, got 1; b must be y, got 2",
    );
  });

  it("summarizes a pack that failed to start by its TypeScript error", () => {
    const out =
      "Running program '/p' failed with an unhandled exception:\nTSError: ⨯ Unable to compile TypeScript:\nindex.ts(3,7): error TS2322: Type 'number' is not assignable to type 'string'.\n    at createTSError";
    expect(summarizePackFailure(out)).toBe(
      "TypeScript error in the pack: index.ts(3,7): error TS2322: Type 'number' is not assignable to type 'string'.",
    );
  });
});
