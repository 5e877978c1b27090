/**
 * Every row of the access matrix (access-matrix.ts), simulated against the prod stack's own policies, must get
 * the decision the row expects; and every Allow statement the stack writes must be needed by some allowed row.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCESS_MATRIX, PRINCIPALS, type AccessCase } from "./access-matrix";
import {
  allowStatements,
  buildSimulation,
  caseTitle,
  refKey,
  shimPolicy,
  simulateCase,
  simulateMatrix,
  type CaseOutcome,
} from "./simulate";
import { statementsOf, synthesizeStackPolicies, type BucketInfo, type StackPolicies } from "./stack-policies";

let stack: StackPolicies;
let outcomes: CaseOutcome[];

beforeAll(async () => {
  stack = await synthesizeStackPolicies("prod");
  outcomes = await simulateMatrix(stack);
}, 120_000);

function describeOutcome(o: CaseOutcome): string {
  const grants = o.grants.map(refKey).join(", ") || "none";
  const denials = o.explicitDenials.map(refKey).join(", ") || "none";
  return `simulated ${o.decision}; granted by: ${grants}; explicitly denied by: ${denials}; request: ${JSON.stringify(o.request)}`;
}

describe("the matrix table", () => {
  it("has at least 40 rows, no two alike", () => {
    expect(ACCESS_MATRIX.length).toBeGreaterThanOrEqual(40);
    const titles = ACCESS_MATRIX.map(caseTitle);
    expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
  });

  it("has allowed, explicitly denied and implicitly denied rows for every principal that makes requests", () => {
    for (const principal of ["api-task", "worker-task", "replication", "account-admin"] as const) {
      const decisions = new Set(ACCESS_MATRIX.filter((c) => c.principal === principal).map((c) => c.expect));
      expect([...decisions].sort(), principal).toEqual(["Allowed", "ExplicitlyDenied", "ImplicitlyDenied"]);
    }
    for (const principal of ["anonymous", "other-account"] as const) {
      const decisions = new Set(ACCESS_MATRIX.filter((c) => c.principal === principal).map((c) => c.expect));
      expect(decisions.has("Allowed"), `${principal} must never be allowed`).toBe(false);
      expect(decisions.size, principal).toBeGreaterThan(0);
    }
  });

  it("uses every principal it defines", () => {
    const used = new Set(ACCESS_MATRIX.map((c) => c.principal));
    expect(Object.keys(PRINCIPALS).filter((p) => !used.has(p as AccessCase["principal"]))).toEqual([]);
  });
});

describe("the synthesized prod stack, as the simulation sees it", () => {
  it("has a policy and a public access block with RestrictPublicBuckets on every bucket", () => {
    const buckets = [...stack.buckets.values()];
    expect(buckets.map((b) => b.logicalName).sort()).toEqual(
      expect.arrayContaining([
        "access-logs-bucket",
        "replication-access-logs-bucket",
        "replication-replica-bucket",
        "resumes-bucket",
      ]),
    );
    for (const b of buckets) {
      expect(b.policy, b.logicalName).toBeDefined();
      expect(b.publicAccessBlock, b.logicalName).toEqual({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    }
  });

  it("has a key policy for each KMS key and identity policies for the replication role", () => {
    expect([...stack.keys.values()].map((k) => k.logicalName)).toEqual(
      expect.arrayContaining(["resumes-key-key", "replication-key-key"]),
    );
    const replication = [...stack.roles.values()].find((r) => r.logicalName === "replication-role");
    expect(replication?.trustedServices).toEqual(["s3.amazonaws.com"]);
    expect(replication?.identityPolicies.map((p) => p.name)).toEqual(["replication-role-policy"]);
  });
});

describe("simulation harness", () => {
  it("still needs the kms:EncryptionContext shim: iam-simulate drops that key (remove the shim in simulate.ts when this fails)", async () => {
    const result = await runSimulation(
      {
        request: {
          principal: "arn:aws:sts::123456789012:assumed-role/r/s",
          action: "kms:Decrypt",
          resource: {
            resource: "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-a000-000000000000",
            accountId: "123456789012",
          },
          contextVariables: { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::b" },
        },
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      {},
    );
    expect(result.resultType).toBe("single");
    if (result.resultType === "single")
      expect(result.result.ignoredContextKeys).toEqual(["kms:EncryptionContext:aws:s3:arn"]);
  });

  it("renames only kms:EncryptionContext:* condition keys, keeping operators and values", () => {
    const doc = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "S",
          Effect: "Allow" as const,
          Action: "kms:Decrypt",
          Resource: "*",
          Condition: {
            StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:log-group:/x/*" },
          },
        },
      ],
    };
    expect(statementsOf(shimPolicy(doc))[0].Condition).toEqual({
      StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
      ArnLike: {
        "aws:RequestTag/kms-encryption-context:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:log-group:/x/*",
      },
    });
  });

  it("applies the bucket's public access block: a public grant added to the log bucket policy stays blocked", async () => {
    // The log bucket has no data perimeter, so the public access block alone decides.
    const resumes = [...stack.buckets.values()].find((b) => b.logicalName === "access-logs-bucket") as BucketInfo;
    const publicGrant = {
      Sid: "HypotheticalPublicRead",
      Effect: "Allow" as const,
      Principal: "*",
      Action: "s3:GetObject",
      Resource: `${resumes.arn}/public/*`,
    };
    const withPublicGrant: StackPolicies = {
      ...stack,
      buckets: new Map(
        [...stack.buckets].map(([arn, b]) => [
          arn,
          b === resumes ? { ...b, policy: { ...b.policy!, Statement: [...statementsOf(b.policy!), publicGrant] } } : b,
        ]),
      ),
    };
    const row: AccessCase = {
      principal: "other-account",
      action: "s3:GetObject",
      resource: "{{arn:access-logs-bucket}}/public/logo.png",
      expect: "ExplicitlyDenied",
      why: "",
    };
    const blocked = await simulateCase(withPublicGrant, row, 0);
    expect(blocked.error).toBeUndefined();
    expect(blocked.decision).toBe("ExplicitlyDenied");
    expect(blocked.explicitDenials.map(refKey)).toEqual(["s3-block-public-access#RestrictPublicBuckets"]);
    // Without the block, the same grant would let another account in: the block is what denies it.
    const unblocked: StackPolicies = {
      ...withPublicGrant,
      buckets: new Map(
        [...withPublicGrant.buckets].map(([arn, b]) => [
          arn,
          b.logicalName === "access-logs-bucket"
            ? { ...b, publicAccessBlock: { ...b.publicAccessBlock!, restrictPublicBuckets: false } }
            : b,
        ]),
      ),
    };
    expect((await simulateCase(unblocked, row, 0)).decision).toBe("Allowed");
  });

  it("names a missing stack role clearly", () => {
    const ghost = { ...stack, roles: new Map() };
    expect(() =>
      buildSimulation(
        ghost,
        ACCESS_MATRIX.find((c) => c.principal === "replication")!,
      ),
    ).toThrow(/^role replication not found in the stack/);
  });

  it("sends the requests it documents: the session principal, the role's policies, TLS and principal context", () => {
    const row = ACCESS_MATRIX.find(
      (c) => c.principal === "replication" && c.action === "kms:Decrypt" && c.expect === "Allowed",
    )!;
    const { simulation, request } = buildSimulation(stack, row);
    expect(simulation.request.principal).toMatch(
      /^arn:aws:sts::123456789012:assumed-role\/replication-role-[0-9a-f]{7}\/s3-replication$/,
    );
    expect(simulation.identityPolicies.map((p) => p.name)).toEqual(["replication-role-policy"]);
    expect(request.resourcePolicy).toBe("key:resumes-key-key");
    expect(simulation.request.contextVariables).toMatchObject({
      "aws:SecureTransport": "true",
      "aws:PrincipalArn": request.principalDisplay,
      "kms:CallerAccount": "123456789012",
      "kms:ViaService": "s3.us-east-1.amazonaws.com",
      "aws:RequestTag/kms-encryption-context:aws:s3:arn": stack.arnsByLogicalName.get("resumes-bucket"),
    });
  });
});

describe("each request of the matrix gets the expected decision", () => {
  ACCESS_MATRIX.forEach((c, i) => {
    it(`#${i + 1} ${caseTitle(c)}`, () => {
      const o = outcomes[i];
      if (o.error) throw new Error(o.error);
      expect(o.ignoredContextKeys, "context keys the simulator ignored as not applicable to the action").toEqual([]);
      expect(o.decision, `${c.why}\n${describeOutcome(o)}`).toBe(c.expect);
      if (c.expect === "ExplicitlyDenied") expect(o.explicitDenials.length, describeOutcome(o)).toBeGreaterThan(0);
      if (c.blockedBy === "vpc-endpoint-policy") expect(o.blockedBy, describeOutcome(o)).toContain("vpce");
      if (c.decidedBy) {
        const deciding = c.expect === "Allowed" ? o.grants : o.explicitDenials;
        expect(
          deciding.map((r) => r.sid),
          `expected ${c.decidedBy} to decide; ${describeOutcome(o)}`,
        ).toContain(c.decidedBy);
      }
    });
  });
});

describe("no unused grant", () => {
  it("exercises every Allow statement in the stack's identity, resource and endpoint policies with an allowed row", () => {
    const exercised = new Set(
      outcomes
        .filter((o) => o.case.expect === "Allowed" && o.decision === "Allowed")
        .flatMap((o) => o.grants.map(refKey)),
    );
    const statements = allowStatements(stack);
    expect(statements.length).toBeGreaterThan(0);
    const unused = statements.map(refKey).filter((k) => !exercised.has(k));
    expect(unused, "Allow statements no allowed row of access-matrix.ts needs: add a row or remove the grant").toEqual(
      [],
    );
  });
});

describe("the simulator package is the tested version", () => {
  it("is @cloud-copilot/iam-simulate 0.1.173 (the shim and the report were checked against it)", () => {
    const pkg = JSON.parse(
      readFileSync(join(__dirname, "../../node_modules/@cloud-copilot/iam-simulate/package.json"), "utf8"),
    );
    expect(pkg.version).toBe("0.1.173");
  });
});
