/**
 * Runs a Pulumi program under `pulumi.runtime.setMocks` with a stack's config and captures every registration.
 * The program is loaded the way the nodejs language host's `run` does it: `require(program)`, call the export if it
 * is a function, await it, and the result becomes the root Stack's outputs (through the public
 * `runInPulumiStack`). Outputs come from tools/mocks/aws-mocks.ts; SDK internals stay in registration-capture.ts.
 *
 * One process can run several programs one after another (setMocks resets the runtime's state each time), which is
 * how the tests reuse one policy-pack process across many fixture programs.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { format } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { AwsMocks } from "../mocks/aws-mocks";
import { captureRegistrations, type CapturedResource, type RegistrationCapture } from "../mocks/registration-capture";

export interface ProgramRunOptions {
  readonly project: string;
  readonly stack: string;
  /** Absolute path of the program file. */
  readonly program: string;
  /** Stack config (`namespace:key` → string). */
  readonly config: Record<string, string>;
  readonly secretKeys: readonly string[];
  /** Run as a preview (outputs the mocks do not supply are unknown). Default true, like `pulumi preview`. */
  readonly preview?: boolean;
}

export interface ProgramRun {
  readonly resources: CapturedResource[];
  readonly capture: RegistrationCapture;
  /** The root stack's URN. */
  readonly stackUrn: string;
  /** What the program printed, and the runtime's own warnings (`warning: [runtime] ...`). */
  readonly output: string[];
  readonly warnings: string[];
  readonly durationMs: number;
}

/** The program threw, or its config was rejected: exit code 2 with `message` (one line). */
export class ProgramError extends Error {
  constructor(
    message: string,
    /** The original error, with its stack, for --verbose. */
    readonly cause: unknown,
    readonly output: string[],
  ) {
    super(message);
    this.name = "ProgramError";
  }
}

/** One line: ConfigError problem lists joined with "; ", other messages' lines joined with spaces. */
export function oneLine(message: string): string {
  const lines = message
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const [head, ...rest] = lines;
  if (rest.length > 0 && rest.every((l) => l.startsWith("- ")))
    return `${head} ${rest.map((l) => l.slice(2)).join("; ")}`;
  return lines.join(" ");
}

export function describeProgramError(error: unknown, programLabel: string): string {
  if (error instanceof Error) {
    if (error.name === "ConfigError" || error.name === "StackFileError") return oneLine(error.message);
    const kind = error.name && error.name !== "Error" ? `${error.name}: ` : "";
    return `program ${programLabel} failed: ${kind}${oneLine(error.message)}`;
  }
  return `program ${programLabel} failed: ${oneLine(String(error))}`;
}

let tsRegistered = false;

/** Lets `require` load TypeScript programs when the host (vitest, plain node) has not registered a loader. */
function ensureTypeScriptRequire(req: NodeJS.Require): void {
  if (tsRegistered || req.extensions[".ts"]) return;
  (req("tsx/cjs/api") as { register: () => unknown }).register();
  tsRegistered = true;
}

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug"] as const;

/** Routes console output to `sink` while `fn` runs: stdout carries the report, not the program's chatter. */
async function withConsoleCaptured<T>(sink: string[], fn: () => Promise<T>): Promise<T> {
  const saved = CONSOLE_METHODS.map((m) => console[m]);
  for (const m of CONSOLE_METHODS) {
    console[m] = (...args: unknown[]) => {
      sink.push(format(...args));
    };
  }
  try {
    return await fn();
  } finally {
    CONSOLE_METHODS.forEach((m, i) => (console[m] = saved[i]));
  }
}

export async function runProgram(options: ProgramRunOptions): Promise<ProgramRun> {
  const started = performance.now();
  const program = path.resolve(options.program);
  const req = createRequire(program);
  ensureTypeScriptRequire(req);

  const mocks = new AwsMocks({ region: options.config["aws:region"] ?? "us-east-1" });
  await pulumi.runtime.setMocks(mocks, options.project, options.stack, options.preview ?? true);
  pulumi.runtime.setAllConfig({ ...options.config }, [...options.secretKeys]);
  const capture = captureRegistrations(options.project, options.stack);

  const output: string[] = [];
  const errors: unknown[] = [];
  const onError = (e: unknown) => {
    if (!errors.includes(e)) errors.push(e);
  };
  process.on("unhandledRejection", onError);
  process.on("uncaughtException", onError);
  try {
    await withConsoleCaptured(output, async () => {
      delete req.cache[program];
      try {
        await pulumi.runtime.runInPulumiStack(async () => {
          const exported = req(program);
          const result = exported instanceof Function ? exported() : exported;
          return await result;
        });
      } catch (e) {
        onError(e);
      }
      await capture.drain();
    });
  } finally {
    process.off("unhandledRejection", onError);
    process.off("uncaughtException", onError);
  }
  const label = path.relative(process.cwd(), program) || program;
  // The runtime's "error: [runtime] ..." lines name failures that never surfaced as exceptions.
  const runtimeErrors = output.filter((l) => l.startsWith("error: [runtime] "));
  if (errors.length > 0 || runtimeErrors.length > 0) {
    const first = errors[0] ?? new Error(runtimeErrors[0].slice("error: [runtime] ".length));
    throw new ProgramError(describeProgramError(first, label), first, output);
  }
  const stack = capture.resources.find((r) => r.type === "pulumi:pulumi:Stack");
  if (!stack) throw new ProgramError(`program ${label} did not create a Pulumi stack`, undefined, output);
  return {
    resources: capture.resources,
    capture,
    stackUrn: stack.urn,
    output,
    warnings: output
      .filter((l) => l.startsWith("warning: [runtime] "))
      .map((l) => l.slice("warning: [runtime] ".length)),
    durationMs: performance.now() - started,
  };
}
