/**
 * Command-line arguments of `npm run plan`. Pure: no file system, no Pulumi, so usage errors are reported before
 * anything heavy loads.
 */
import { parseArgs } from "node:util";

export const FORMATS = ["text", "json", "sarif", "markdown", "mermaid"] as const;
export type Format = (typeof FORMATS)[number];

export interface PlanArgs {
  /** Stack name (`Pulumi.<stack>.yaml`). Default `dev`. */
  readonly stack: string;
  /** Another stack file instead of `Pulumi.<stack>.yaml`. */
  readonly configFile?: string;
  /** Another Pulumi program file instead of the project's `main`. */
  readonly program?: string;
  /** A `--policy-pack-config` file for the pack. */
  readonly policyConfig?: string;
  /** Plan only: do not start the policy pack. */
  readonly noPolicies: boolean;
  readonly format: Format;
  /** Write the report here instead of standard output. */
  readonly out?: string;
  readonly verbose: boolean;
  readonly help: boolean;
}

/** Bad command line: exit code 2, one line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const USAGE = `Usage: npm run plan -- [options]

Runs the Pulumi program under mocks with a stack's config, captures every resource registration, and checks the
result with the CrossGuard policy pack in policies/ the way the Pulumi CLI runs it. Needs no cloud credentials and
no Pulumi CLI.

Options:
  --stack NAME            stack to plan: reads Pulumi.NAME.yaml (default: dev)
  --config-file FILE      use this stack file instead of Pulumi.NAME.yaml
  --program FILE          run this Pulumi program instead of the project's main (index.ts)
  --policy-config FILE    policy-pack config, as given to \`pulumi preview --policy-pack-config\`
                          (default: policies/config/NAME.json when it exists)
  --no-policies           plan only; do not run the policy pack
  --format FORMAT         text | json | sarif | markdown | mermaid (default: text)
  --out FILE              write the report to FILE instead of standard output
  --verbose               list every resource and show stack traces on errors
  -h, --help              show this help

Exit codes: 0 no mandatory policy violation, 1 mandatory violations, 2 usage error, unreadable or invalid config,
or the program threw.`;

const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        stack: { type: "string" },
        "config-file": { type: "string" },
        program: { type: "string" },
        "policy-config": { type: "string" },
        "no-policies": { type: "boolean" },
        format: { type: "string" },
        out: { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    // node's messages are one line already ("Unknown option '--x'...", "Option '--stack <value>' argument missing").
    throw new UsageError((e as Error).message.split("\n")[0]);
  }
  const v = parsed.values;
  const stack = v.stack ?? "dev";
  if (!STACK_NAME.test(stack)) {
    throw new UsageError(`--stack must be a stack name (letters, digits, "-", "_", "."), got ${JSON.stringify(stack)}`);
  }
  const format = (v.format ?? "text") as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got ${JSON.stringify(v.format)}`);
  }
  for (const key of ["config-file", "program", "policy-config", "out"] as const) {
    if (v[key] !== undefined && v[key].trim() === "") throw new UsageError(`--${key} needs a file name`);
  }
  if (v["no-policies"] && v["policy-config"] !== undefined) {
    throw new UsageError("--no-policies and --policy-config conflict: a policy config needs the policy pack");
  }
  return {
    stack,
    configFile: v["config-file"],
    program: v.program,
    policyConfig: v["policy-config"],
    noPolicies: v["no-policies"] ?? false,
    format,
    out: v.out,
    verbose: v.verbose ?? false,
    help: v.help ?? false,
  };
}
