/**
 * `npm run plan -- [options]`: the offline plan. See docs/offline-plan.md and `--help`.
 *
 * Order matters for speed: arguments and the stack file are checked first (cheap), then the policy-pack process is
 * spawned, and only then is the planner (and with it the program and the provider SDK) loaded, so the pack's
 * start-up (ts-node) overlaps with the program run.
 */
import { writeFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { parsePlanArgs, USAGE, UsageError, type PlanArgs } from "./args";
import { PackProcess } from "./pack-process";
import { findProjectDir, loadStack, PlanInputError, readProject } from "./project";
import { deferTypeScriptCompiler } from "../mocks/registration-capture";
import { skipNodeModulesSourceMaps } from "./source-maps";

const started = performance.now();
// Memory: keep V8's young generation at its initial size instead of letting it double up to 3 x 16 MB. A GC
// tuning knob only (read each time the new space would grow); it saves ~15-30 MB of the plan process's peak RSS
// for a few more scavenges. See docs/offline-plan.md ("Performance").
setFlagsFromString("--semi-space-growth-factor=1");
// Also memory and start-up time: node_modules' source maps and @pulumi/pulumi's eager TypeScript compiler (used only
// to serialize closures, which a plan never does) are skipped. See docs/offline-plan.md ("Performance").
skipNodeModulesSourceMaps();
deferTypeScriptCompiler();

/** Ends the run with exit code 2 after printing the reason (and, with --verbose, the cause's stack). */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function fail(message: string, cause: unknown, verbose: boolean): never {
  process.stderr.write(`plan: ${message}\n`);
  if (verbose && cause instanceof Error && cause.stack) process.stderr.write(`${cause.stack}\n`);
  throw new Exit(2);
}

async function main(argv: string[]): Promise<number> {
  let args: PlanArgs;
  try {
    args = parsePlanArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`plan: ${e.message}\nRun with --help for usage.\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  let pack: PackProcess | undefined;
  try {
    const project = readProject(findProjectDir(process.cwd()));
    // Read the stack file before spawning anything: an unknown stack or a malformed file fails fast.
    const stackFile = loadStack(project, args.stack, args.configFile);
    if (!args.noPolicies) {
      pack = PackProcess.start({
        packDir: project.packDir,
        environment: { project: project.name, stack: args.stack, config: stackFile.config.config },
      });
    }
  } catch (e) {
    pack?.kill();
    if (e instanceof PlanInputError) fail(e.message, e, args.verbose);
    fail((e as Error).message, e, args.verbose);
  }

  // Loaded only now, after the pack process was spawned.
  const { Planner, PlanFailure } = await import("./plan");
  const { render } = await import("./formats");
  const planner = Planner.create({ pack, policies: !args.noPolicies, stack: args.stack });
  try {
    const outcome = await planner.plan({
      stack: args.stack,
      configFile: args.configFile,
      program: args.program,
      policyConfig: args.policyConfig,
      noPolicies: args.noPolicies,
    });
    const report = {
      ...outcome.report,
      timings: { ...outcome.report.timings, totalMs: Math.round(performance.now() - started) },
    };
    const text = render(report, args.format, { verbose: args.verbose });
    if (args.verbose) {
      for (const line of outcome.programOutput) process.stderr.write(`program: ${line}\n`);
      for (const line of outcome.packOutput) process.stderr.write(`pack: ${line}\n`);
    }
    if (args.out) {
      try {
        writeFileSync(args.out, text);
      } catch (e) {
        fail(`cannot write ${args.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, e, args.verbose);
      }
      const s = report.summary;
      process.stderr.write(
        `plan: wrote ${args.format} report to ${args.out}: ${s.passed ? "PASS" : "FAIL"}, ${s.mandatoryViolations} mandatory / ${s.advisoryViolations} advisory violation(s), ${s.waivers} waiver(s)\n`,
      );
    } else {
      process.stdout.write(text);
    }
    return outcome.exitCode;
  } catch (e) {
    if (e instanceof PlanFailure) {
      if (args.verbose && pack) for (const line of pack.output) process.stderr.write(`pack: ${line}\n`);
      fail(e.message, e.cause ?? e, args.verbose);
    }
    throw e;
  } finally {
    await planner.close();
  }
}

/** Exit once stdout and stderr have been flushed: a large report to a pipe must not be cut off. */
function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}

main(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (e: unknown) => {
    if (e instanceof Exit) return exitAfterFlush(e.code);
    process.stderr.write(`plan: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.argv.includes("--verbose") && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    exitAfterFlush(2);
  },
);
