/**
 * The offline plan, as a programmatic API: run a program under mocks, hand every registration to the policy pack
 * over the analyzer protocol in the order and shape the engine uses, and build the report.
 *
 *   const planner = Planner.create({ cwd });             // starts the pack process (overlaps with what follows)
 *   const { report, exitCode } = await planner.plan({ stack: "prod" });
 *   await planner.close();
 *
 * The CLI makes one planner per run. Tests reuse one planner (one pack process) across many programs; the pack is
 * re-configured for each run, as the CLI would configure a fresh one.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { StackFileConfig } from "../stack-file";
import { AnalyzerConnection, type AnalyzerInfo, type Diagnostic } from "./analyzer-client";
import { analyzeInputs, analyzeStackInputs, engineView, STACK_TYPE, type EngineResource } from "./engine-view";
import { PackProcess, PackStartError } from "./pack-process";
import { readPolicyConfig, reconcilePolicyConfig, type PolicyConfigFile } from "./policy-config";
import {
  displayPath,
  findProjectDir,
  loadStack,
  PlanInputError,
  policyConfigPath,
  readProject,
  type ProjectInfo,
} from "./project";
import { buildReport, type AttributedDiagnostic } from "./report";
import type { PlanReport } from "./report-types";

export interface PlanRequest {
  readonly stack?: string;
  readonly configFile?: string;
  readonly program?: string;
  readonly policyConfig?: string;
  readonly noPolicies?: boolean;
}

export interface PlanOutcome {
  readonly report: PlanReport;
  /** 0: no mandatory violation; 1: mandatory violations. (Errors throw; see PlanFailure.) */
  readonly exitCode: 0 | 1;
  /** What the program printed and what the pack printed, for --verbose. */
  readonly programOutput: string[];
  readonly packOutput: string[];
}

/** Exit code 2: bad input, the program threw, or the pack could not run. One-line message; `cause` for --verbose. */
export class PlanFailure extends Error {
  constructor(
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = "PlanFailure";
  }
}

/** How many Analyze/Remediate calls are in flight at once (the engine analyzes resources as steps are generated). */
const ANALYZE_CONCURRENCY = 8;

function toolVersion(projectDir: string): string {
  try {
    return (
      (JSON.parse(readFileSync(path.join(projectDir, "package.json"), "utf8")) as { version?: string }).version ??
      "0.0.0"
    );
  } catch {
    return "0.0.0";
  }
}

/** A connected, inspected pack: what the CLI has after loading a local policy pack. */
interface PackSession {
  readonly connection: AnalyzerConnection;
  readonly info: AnalyzerInfo;
}

export interface PlannerOptions {
  /** Where to look for Pulumi.yaml (default: the working directory). */
  readonly cwd?: string;
  /** Start the policy pack (default true). */
  readonly policies?: boolean;
  /** The stack whose names and config the pack process is started with (default "dev"). */
  readonly stack?: string;
  /** A pack process started earlier (the CLI starts it before loading anything heavy). */
  readonly pack?: PackProcess;
}

export class Planner {
  readonly project: ProjectInfo;
  private readonly pack?: PackProcess;
  private session?: Promise<PackSession>;
  private connection?: AnalyzerConnection;
  private readonly startedAt = performance.now();

  private constructor(project: ProjectInfo, pack: PackProcess | undefined) {
    this.project = project;
    this.pack = pack;
    if (pack) {
      this.session = pack.port.then(async (port) => {
        const connection = await AnalyzerConnection.connect(port);
        this.connection = connection;
        // The CLI's sequence: Handshake (optional), then GetAnalyzerInfo / GetPluginInfo.
        await connection.handshake("127.0.0.1:0", project.packDir);
        const info = await connection.getAnalyzerInfo();
        await connection.getPluginVersion();
        return { connection, info };
      });
      this.session.catch(() => undefined);
    }
  }

  /** Finds the project and starts the pack process (unless `policies: false`). */
  static create(options: PlannerOptions = {}): Planner {
    const project = readProject(findProjectDir(options.cwd ?? process.cwd()));
    let pack = options.pack;
    if (!pack && options.policies !== false) {
      const stack = options.stack ?? "dev";
      let config: Record<string, string> | undefined;
      try {
        config = loadStack(project, stack).config.config;
      } catch {
        config = undefined;
      }
      pack = PackProcess.start({ packDir: project.packDir, environment: { project: project.name, stack, config } });
    }
    return new Planner(project, pack);
  }

  /** The pack's name, version and policies (starts nothing new). */
  async analyzerInfo(): Promise<AnalyzerInfo> {
    return (await this.packSession()).info;
  }

  private async packSession(): Promise<PackSession> {
    if (!this.session) throw new PlanFailure("the policy pack was not started for this planner");
    try {
      return await this.session;
    } catch (e) {
      if (e instanceof PackStartError) throw new PlanFailure(e.message, e);
      throw new PlanFailure(`could not talk to the policy pack: ${(e as Error).message}`, e);
    }
  }

  async plan(request: PlanRequest = {}): Promise<PlanOutcome> {
    const started = performance.now();
    const stack = request.stack ?? "dev";
    const project = this.project;
    const usePolicies = !request.noPolicies;
    if (usePolicies && !this.pack) throw new PlanFailure("this planner was created without the policy pack");

    let stackFile: { file: string; config: StackFileConfig };
    let policyFile: string | undefined;
    let policyConfig: PolicyConfigFile | undefined;
    try {
      stackFile = loadStack(project, stack, request.configFile);
      policyFile = usePolicies ? policyConfigPath(project, stack, request.policyConfig) : undefined;
      policyConfig = policyFile ? readPolicyConfig(policyFile) : undefined;
    } catch (e) {
      if (e instanceof PlanInputError) throw new PlanFailure(e.message, e);
      throw e;
    }
    const programFile = request.program ? path.resolve(request.program) : project.main;
    if (!existsSync(programFile)) throw new PlanFailure(`program ${request.program ?? programFile} does not exist`);

    // Configure the pack for this run while the program runs.
    const configured = usePolicies
      ? this.packSession().then(async (session) => {
          const reconciled = (() => {
            try {
              return reconcilePolicyConfig(
                session.info,
                policyConfig,
                policyFile ? displayPath(project, policyFile) : undefined,
              );
            } catch (e) {
              if (e instanceof PlanInputError) throw new PlanFailure(e.message, e);
              throw e;
            }
          })();
          await session.connection.configureStack({
            stack,
            project: project.name,
            organization: "",
            dryRun: true,
            config: stackFile.config.config,
            secretKeys: stackFile.config.secretKeys,
          });
          await session.connection.configure(reconciled.config);
          return { session, reconciled };
        })
      : undefined;
    configured?.catch(() => undefined);

    // The program (heavy: the provider SDK) loads here, after the pack process has been started.
    const { runProgram, ProgramError } = await import("./program-run");
    let run;
    try {
      run = await runProgram({
        project: project.name,
        stack,
        program: programFile,
        config: stackFile.config.config,
        secretKeys: stackFile.config.secretKeys,
        preview: true,
      });
    } catch (e) {
      if (e instanceof ProgramError) throw new PlanFailure(e.message, e.cause ?? e);
      throw new PlanFailure((e as Error).message, e);
    }
    const capture = run.capture;
    const resources: EngineResource[] = engineView(run.resources, {
      project: project.name,
      stack,
      config: stackFile.config.config,
      secretKeys: stackFile.config.secretKeys,
      urnOf: (u) => capture.engineUrnOf(u),
    });

    let packPart: Parameters<typeof buildReport>[0]["pack"];
    let analyzeMs: number | undefined;
    const warnings = [...run.warnings];
    if (configured) {
      const { session, reconciled } = await configured;
      for (const name of reconciled.unknownPolicies) {
        warnings.push(
          `policy config names "${name}", which is not a policy of ${session.info.name}: its settings have no effect`,
        );
      }
      const analyzeStarted = performance.now();
      // The engine calls Remediate before Analyze for every resource; the pack only runs policies configured at
      // level "remediate" there, so when none is, every Remediate answer is empty and the call is skipped.
      const remediate = Object.values(reconciled.config).some((c) => c.enforcementLevel === "remediate");
      const diagnostics = await analyzeAll(session.connection, resources, run.stackUrn, { remediate });
      analyzeMs = performance.now() - analyzeStarted;
      packPart = {
        info: session.info,
        directory: displayPath(project, project.packDir),
        configFile: policyFile ? displayPath(project, policyFile) : undefined,
        config: reconciled.config,
        diagnostics,
      };
    }

    const report = buildReport({
      projectName: project.name,
      projectDir: project.dir,
      stack,
      stackFile: displayPath(project, stackFile.file),
      program: displayPath(project, programFile),
      preview: true,
      resources,
      stackUrn: run.stackUrn,
      pack: packPart,
      warnings,
      timings: {
        totalMs: Math.round(performance.now() - Math.min(started, this.startedAt)),
        programMs: Math.round(run.durationMs),
        packStartMs: this.pack?.startMs !== undefined ? Math.round(this.pack.startMs) : undefined,
        analyzeMs: analyzeMs !== undefined ? Math.round(analyzeMs) : undefined,
      },
      toolVersion: toolVersion(project.dir),
    });
    return {
      report,
      exitCode: report.summary.mandatoryViolations > 0 ? 1 : 0,
      programOutput: run.output,
      packOutput: this.pack ? [...this.pack.output] : [],
    };
  }

  /** Closes the connection and stops the pack process, without waiting for a pack that is still starting. */
  async close(): Promise<void> {
    this.connection?.close();
    await this.pack?.stop();
  }
}

/**
 * Remediate then Analyze for every resource (step_generator.generateSteps), then one AnalyzeStack with every
 * resource (step_generator.AnalyzeResources). Diagnostics are attributed as the engine does.
 */
export async function analyzeAll(
  connection: AnalyzerConnection,
  resources: readonly EngineResource[],
  stackUrn: string,
  options: { readonly remediate?: boolean } = {},
): Promise<AttributedDiagnostic[]> {
  const out: AttributedDiagnostic[] = [];
  const inputs = analyzeInputs(resources);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const input = inputs[next++];
      let analyzed = input;
      for (const r of options.remediate === false ? [] : await connection.remediate(input)) {
        if (r.diagnostic) {
          out.push(
            attribute(
              {
                ...r,
                policyPackName: "",
                policyPackVersion: "",
                message: r.diagnostic,
                enforcementLevel: "advisory",
                urn: input.urn,
                severity: "unspecified",
              },
              input.urn,
              "resource",
            ),
          );
        } else if (r.properties) {
          analyzed = { ...analyzed, properties: r.properties };
        }
      }
      const result = await connection.analyze(analyzed);
      // "For now, we always use the URN we have here rather than a URN specified with the diagnostic."
      for (const d of result.diagnostics) out.push(attribute(d, input.urn, "resource"));
    }
  };
  await Promise.all(Array.from({ length: Math.min(ANALYZE_CONCURRENCY, inputs.length) }, worker));
  const known = new Set(resources.map((r) => r.urn));
  const stackResult = await connection.analyzeStack(analyzeStackInputs(resources));
  for (const d of stackResult.diagnostics)
    out.push(attribute(d, d.urn && known.has(d.urn) ? d.urn : stackUrn, "stack"));
  return out;
}

function attribute(d: Diagnostic, urn: string, phase: "resource" | "stack"): AttributedDiagnostic {
  return { ...d, attributedUrn: urn, phase };
}

export { STACK_TYPE };
