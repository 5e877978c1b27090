/**
 * Writes policies/config/<stack>.json, the policy-pack config files each stack is checked with (the format of
 * `pulumi preview --policy-pack policies --policy-pack-config FILE`, also read by `npm run plan`):
 *   - every guardrail that reads an `environment` (metadata `scope: "prod-only"`, or an `environment` knob of its
 *     own for controls that only tighten in prod) gets the stack's environment, so dev skips or relaxes the
 *     production-only controls and prod states it explicitly;
 *   - the stack's waivers, each with its justification (reported by the advisory `waivers-in-effect` policy).
 *
 *   npx tsx tools/plan/write-policy-configs.ts          # rewrite the files
 *   npx tsx tools/plan/write-policy-configs.ts --check  # exit 1 when a file is stale (the test does the same)
 *
 * Scope comes from the guardrails themselves, so a new prod-only guardrail is picked up by re-running this script.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import { guardrails } from "../../policies/guardrails";
import { guardrailMetadata } from "../../policies/lib/guardrail";
import type { Waiver } from "../../policies/lib/waivers";

export type StackEnvironment = "dev" | "prod";

/** The stacks that have a policy config, and their environment. */
export const STACK_ENVIRONMENTS: Record<string, StackEnvironment> = { dev: "dev", prod: "prod" };

/**
 * Waivers per stack and guardrail. Each names one resource by its full URN (a pattern would silently cover
 * resources added later) and says why the exemption is acceptable and when it ends.
 */
export const WAIVERS: Record<string, Record<string, Waiver[]>> = {
  dev: {
    "elb-http-redirects-to-https": [
      {
        resource:
          "urn:pulumi:dev::starscreen-infra::starscreen:ecs:PublicLoadBalancer$aws:lb/listener:Listener::api-lb-http-listener",
        justification:
          "The dev stack has no ACM certificate (Pulumi.dev.yaml configures none), so its load balancer runs with allowPlainHttp and the HTTP listener forwards to the API instead of redirecting to HTTPS. Accepted for dev only, which must hold test data only; remove this waiver when dev gets a certificate",
      },
    ],
  },
  prod: {},
};

export function policyConfigFor(stack: string): Record<string, Record<string, unknown>> {
  const environment = STACK_ENVIRONMENTS[stack];
  if (!environment) throw new Error(`no environment known for stack "${stack}"`);
  const waivers = WAIVERS[stack] ?? {};
  const known = new Set(guardrails.map((p) => p.name));
  for (const name of Object.keys(waivers)) {
    if (!known.has(name))
      throw new Error(`waiver for "${name}" in stack ${stack}: no such guardrail in policies/guardrails.ts`);
  }
  const config: Record<string, Record<string, unknown>> = {};
  for (const policy of guardrails) {
    const meta = guardrailMetadata(policy);
    const entry: Record<string, unknown> = {};
    // Prod-only guardrails and those that only tighten in prod both read `environment`.
    if (meta.scope === "prod-only" || meta.configProperties?.environment) entry.environment = environment;
    if (waivers[policy.name]?.length) entry.waivers = waivers[policy.name];
    if (Object.keys(entry).length > 0) config[policy.name] = entry;
  }
  return config;
}

export function renderPolicyConfig(stack: string): string {
  return `${JSON.stringify(policyConfigFor(stack), null, 2)}\n`;
}

export function policyConfigFile(projectDir: string, stack: string): string {
  return path.join(projectDir, "policies", "config", `${stack}.json`);
}

function main(argv: string[]): number {
  const projectDir = path.resolve(__dirname, "..", "..");
  const check = argv.includes("--check");
  let stale = 0;
  for (const stack of Object.keys(STACK_ENVIRONMENTS)) {
    const file = policyConfigFile(projectDir, stack);
    const want = renderPolicyConfig(stack);
    let have: string | undefined;
    try {
      have = readFileSync(file, "utf8");
    } catch {
      have = undefined;
    }
    if (have === want) continue;
    if (check) {
      process.stderr.write(
        `${path.relative(projectDir, file)} is stale: run npx tsx tools/plan/write-policy-configs.ts\n`,
      );
      stale++;
    } else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, want);
      process.stdout.write(`wrote ${path.relative(projectDir, file)}\n`);
    }
  }
  return stale > 0 ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
