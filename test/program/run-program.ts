/** Runs the real program (index.ts) for a stack file under mocks, the way `pulumi up` would run it. */
import * as pulumi from "@pulumi/pulumi";
import { readStackFile } from "../../tools/stack-file";
import { startMockedRun, type MockedRun } from "../helpers/pulumi-mocks";

export interface ProgramRun {
  run: MockedRun;
  outputs: Record<string, any>;
  /** The error the program threw, if any. */
  error?: Error;
}

export async function runProgram(
  stack: string,
  config = readStackFile(`Pulumi.${stack}.yaml`).config,
): Promise<ProgramRun> {
  const run = await startMockedRun({ stack, config });
  let error: Error | undefined;
  let exports: Record<string, unknown> = {};
  try {
    exports = ((await pulumi.runtime.runInPulumiStack(async () => await import("../../index"))) ?? {}) as Record<
      string,
      unknown
    >;
  } catch (e) {
    error = e as Error;
  }
  await run.settle();
  const outputs: Record<string, any> = {};
  for (const [key, value] of Object.entries(exports)) {
    outputs[key] = pulumi.Output.isInstance(value) ? await new Promise((r) => value.apply(r)) : value;
  }
  return { run, outputs, error };
}
