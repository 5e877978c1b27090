/**
 * The Fargate task sizes AWS accepts (Linux): each CPU value allows a fixed set of memory values (MiB). Shared by
 * config validation and FargateService, so a bad pair fails with the config key before anything registers and a
 * component used directly fails before it registers a task definition.
 */

interface MemoryRange {
  readonly from: number;
  readonly to: number;
  readonly step: number;
}

/** CPU units → memory range in MiB (AWS docs, "Task CPU and memory"). */
const FARGATE_MEMORY: Readonly<Record<number, MemoryRange | readonly number[]>> = {
  256: [512, 1024, 2048],
  512: { from: 1024, to: 4096, step: 1024 },
  1024: { from: 2048, to: 8192, step: 1024 },
  2048: { from: 4096, to: 16384, step: 1024 },
  4096: { from: 8192, to: 30720, step: 1024 },
  8192: { from: 16384, to: 61440, step: 4096 },
  16384: { from: 32768, to: 122880, step: 8192 },
};

/** The CPU values (units; 1024 = 1 vCPU) a Fargate task may ask for. */
export const FARGATE_CPU_UNITS: readonly number[] = Object.keys(FARGATE_MEMORY).map(Number);

/** Every memory value (MiB) Fargate accepts with this CPU value; empty for a CPU value Fargate does not offer. */
export function fargateMemoryOptions(cpu: number): number[] {
  const spec = FARGATE_MEMORY[cpu];
  if (spec === undefined) return [];
  if (Array.isArray(spec)) return [...spec];
  const range = spec as MemoryRange;
  const values: number[] = [];
  for (let m = range.from; m <= range.to; m += range.step) values.push(m);
  return values;
}

/** The smallest memory Fargate accepts with this CPU value (twice the CPU units, for every CPU value). */
export function defaultFargateMemory(cpu: number): number {
  return fargateMemoryOptions(cpu)[0] ?? cpu * 2;
}

/** Why `cpu` is not a Fargate CPU value, as a rule text (`must be one of ...`), or undefined. */
export function fargateCpuProblem(cpu: number): string | undefined {
  return FARGATE_CPU_UNITS.includes(cpu)
    ? undefined
    : `must be one of ${FARGATE_CPU_UNITS.join(", ")} (Fargate CPU units; 1024 = 1 vCPU)`;
}

/**
 * Why `memory` does not go with `cpu` on Fargate, as a rule text for `<key> <rule>, got <value>`:
 * `must be one of 512, 1024, 2048 for cpu 256 (Fargate)` or `must be a multiple of 1024 from 8192 to 30720 for cpu
 * 4096 (Fargate)`. Undefined when the pair is valid (or the CPU value itself is invalid: that is its own problem).
 */
export function fargateMemoryProblem(cpu: number, memory: number): string | undefined {
  const spec = FARGATE_MEMORY[cpu];
  if (spec === undefined) return undefined;
  if (fargateMemoryOptions(cpu).includes(memory)) return undefined;
  if (Array.isArray(spec)) return `must be one of ${spec.join(", ")} for cpu ${cpu} (Fargate)`;
  const range = spec as MemoryRange;
  const values = fargateMemoryOptions(cpu);
  if (values.length <= 4) return `must be one of ${values.join(", ")} for cpu ${cpu} (Fargate)`;
  return `must be a multiple of ${range.step} from ${range.from} to ${range.to} for cpu ${cpu} (Fargate)`;
}
