/**
 * Runs the policy pack the way the Pulumi CLI does and speaks the analyzer gRPC protocol to it.
 *
 * The CLI (sdk/go/common/resource/plugin/analyzer_plugin.go, `NewPolicyAnalyzer`, nodejs runtime) starts the
 * `pulumi-analyzer-policy` shim with the policy pack directory as its working directory and the arguments
 * `<engine address> .`; the shim resolves `@pulumi/pulumi/cmd/run-policy-pack` from there and runs it with `node`.
 * That entry point registers ts-node (type-checking, with the pack's tsconfig.json) when TypeScript is installed,
 * requires the pack's `main` (policies/index.ts), whose `new PolicyPack(...)` starts the gRPC server and prints its
 * port on stdout. The environment carries the stack's config and names (`constructEnv`). This module does the same
 * with `process.execPath`, so the pack is loaded from exactly the files, the tsconfig and the dependency tree the
 * CLI would use.
 *
 * Spawning is kept free of heavy imports so that the CLI can start the pack before it loads the program.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";

/** How long a cold start (ts-node type-checking the whole pack) may take before we give up. */
const DEFAULT_START_TIMEOUT_MS = 180_000;
/** Same as the engine's limit for analyzer messages (rpcutil.GrpcChannelOptions / the pack's server). */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

export class PackStartError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
    this.name = "PackStartError";
  }
}

export interface PackEnvironment {
  readonly project: string;
  readonly stack: string;
  readonly organization?: string;
  /** Stack config (`namespace:key` → value) as the CLI passes it in PULUMI_CONFIG. */
  readonly config?: Record<string, string>;
  readonly dryRun?: boolean;
}

export interface PackStartOptions {
  /** The policy pack directory (holds PulumiPolicy.yaml and package.json). */
  readonly packDir: string;
  readonly environment: PackEnvironment;
  readonly startTimeoutMs?: number;
}

/** GC tuning for the pack process (see packEnvironment). */
export const PACK_NODE_OPTIONS = "--max-semi-space-size=1";

/** `constructEnv` in analyzer_plugin.go: the process environment plus the stack's config and names. */
export function packEnvironment(env: PackEnvironment): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env };
  const set = (key: string, value: string | undefined) => {
    if (value) out[key] = value;
  };
  if (env.config && Object.keys(env.config).length > 0) set("PULUMI_CONFIG", JSON.stringify(env.config));
  set("PULUMI_NODEJS_ORGANIZATION", env.organization);
  set("PULUMI_NODEJS_PROJECT", env.project);
  set("PULUMI_NODEJS_STACK", env.stack);
  set("PULUMI_NODEJS_DRY_RUN", String(env.dryRun ?? true));
  set("PULUMI_ORGANIZATION", env.organization);
  set("PULUMI_PROJECT", env.project);
  set("PULUMI_STACK", env.stack);
  set("PULUMI_DRY_RUN", String(env.dryRun ?? true));
  // The plan's own tsx loader must not leak into the pack: the CLI starts it with plain node.
  if (/tsx|loader/.test(out.NODE_OPTIONS ?? "")) delete out.NODE_OPTIONS;
  // Memory only: a small young generation (GC tuning, no effect on what the pack loads or does; the CLI passes the
  // user's environment through, so `NODE_OPTIONS=--max-semi-space-size=1 pulumi preview` behaves the same).
  if (!/semi-space/.test(out.NODE_OPTIONS ?? ""))
    out.NODE_OPTIONS = `${out.NODE_OPTIONS ?? ""} ${PACK_NODE_OPTIONS}`.trim();
  return out;
}

/** What the shim's `require.resolve('@pulumi/pulumi/cmd/run-policy-pack')` finds from the pack directory. */
export function runPolicyPackEntry(packDir: string): string {
  try {
    return createRequire(path.join(packDir, "package.json")).resolve("@pulumi/pulumi/cmd/run-policy-pack");
  } catch {
    throw new PackStartError(
      `it looks like the policy pack's dependencies are not installed (no @pulumi/pulumi reachable from ${packDir}); run npm ci`,
      "",
    );
  }
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** One line saying why the pack did not start, from what it printed. */
export function summarizePackFailure(output: string): string {
  const lines = output
    .replace(ANSI, "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const tsError = lines.find((l) => /error TS\d+:/.test(l));
  if (tsError) return `TypeScript error in the pack: ${tsError}`;
  const thrown = lines.find((l) => /^(\w*Error|Error)( \[\w+\])?:/.test(l));
  if (thrown) return thrown;
  return lines.at(-1) ?? "no output";
}

/**
 * The pack's process. `port` resolves when the analyzer server listens; the process is separate from the plan, so
 * it can start (and ts-node can compile the pack) while the program runs.
 */
export class PackProcess {
  readonly port: Promise<number>;
  /** Everything the pack printed after its port line (stdout) and on stderr, in order. */
  readonly output: string[] = [];
  readonly startedAt = performance.now();
  /** Milliseconds from spawn to the port line. */
  startMs?: number;
  private readonly child: ChildProcess;
  private exited = false;
  private readonly exitPromise: Promise<void>;

  private constructor(options: PackStartOptions) {
    const entry = runPolicyPackEntry(options.packDir);
    // `node <run-policy-pack> <engine address> .`: the engine address is only shifted off by run-policy-pack; the
    // analyzer never calls the engine, so a placeholder stands in for the CLI's host address.
    this.child = spawn(process.execPath, [entry, "127.0.0.1:0", "."], {
      cwd: options.packDir,
      env: packEnvironment(options.environment),
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.exitPromise = new Promise((resolve) => this.child.once("exit", () => resolve()));
    const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    this.port = new Promise<number>((resolve, reject) => {
      let stdoutBuffer = "";
      let port: number | undefined;
      const timer = setTimeout(() => {
        reject(
          new PackStartError(
            `policy pack did not start within ${Math.round(timeoutMs / 1000)} s`,
            this.output.join("\n"),
          ),
        );
        this.kill();
      }, timeoutMs);
      timer.unref();
      this.child.stdout!.setEncoding("utf8");
      this.child.stdout!.on("data", (chunk: string) => {
        stdoutBuffer += chunk;
        let nl: number;
        while ((nl = stdoutBuffer.indexOf("\n")) >= 0) {
          const line = stdoutBuffer.slice(0, nl).trim();
          stdoutBuffer = stdoutBuffer.slice(nl + 1);
          if (port === undefined) {
            // The engine reads the first line of stdout as the port (plugin.go); anything else there is an error.
            const n = Number(line);
            if (!Number.isInteger(n) || n <= 0) {
              this.output.push(line);
              continue;
            }
            port = n;
            this.startMs = performance.now() - this.startedAt;
            clearTimeout(timer);
            resolve(n);
          } else if (line) {
            this.output.push(line);
          }
        }
      });
      this.child.stderr!.setEncoding("utf8");
      this.child.stderr!.on("data", (chunk: string) => this.output.push(...chunk.split("\n").filter((l) => l.trim())));
      this.child.once("error", (e) => {
        clearTimeout(timer);
        reject(new PackStartError(`policy pack could not be started: ${e.message}`, ""));
      });
      this.child.once("exit", (code, signal) => {
        this.exited = true;
        clearTimeout(timer);
        if (port === undefined) {
          const output = this.output.join("\n");
          reject(
            new PackStartError(
              `policy pack failed to start (exit ${code ?? signal}): ${summarizePackFailure(output)}`,
              output,
            ),
          );
        }
      });
    });
    // A rejection nobody awaited yet must not crash the plan; callers await `port` and see it.
    this.port.catch(() => undefined);
  }

  static start(options: PackStartOptions): PackProcess {
    return new PackProcess(options);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  kill(): void {
    if (!this.exited) this.child.kill("SIGTERM");
  }

  /** Stops the process and waits for it (SIGKILL after 3 s). */
  async stop(): Promise<void> {
    if (this.exited) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 3000);
    timer.unref();
    await this.exitPromise;
    clearTimeout(timer);
  }
}

export { MAX_MESSAGE_BYTES };
