/**
 * Turns the captured registrations into what the Pulumi engine would hold and hand to analyzers:
 *   - default providers: a custom resource registered without an explicit provider gets the engine's default
 *     provider for its package (`pulumi:providers:aws::default_7_48_0`, inputs from the stack's `aws:*` config);
 *   - properties marshalled as the engine marshals them for Analyze/AnalyzeStack (`MarshalProperties` with
 *     KeepUnknowns, KeepSecrets, SkipInternalKeys and without KeepResources): internal `__` keys dropped at every
 *     level, resource references replaced by the resource's ID (custom) or URN (component), output values unwrapped;
 *   - outputs annotated with secretness the way the engine's `annotateSecrets` does: a top-level output is secret
 *     when the input of the same name was, and so is every `additionalSecretOutputs` key.
 * Pure functions of the capture; no SDK internals.
 */
import type { CapturedResource, SourcePosition, WireProperties } from "../mocks/registration-capture";
import { isRecord } from "./values";
import type {
  AnalyzerProvider,
  AnalyzerResourceInput,
  AnalyzerResourceOptions,
  AnalyzerStackResourceInput,
} from "./analyzer-client";

// Wire-format signatures (sdk/nodejs/runtime/rpc.ts, sdk/go/common/resource/sig).
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const STACK_TYPE = "pulumi:pulumi:Stack";

export function isProviderType(type: string): boolean {
  return type.startsWith("pulumi:providers:");
}

/** One resource as the engine holds it after this run. */
export interface EngineResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly remote: boolean;
  readonly parent?: string;
  /** Engine URN of its provider (explicit or default). */
  readonly providerUrn?: string;
  readonly id?: string;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly dependencies: string[];
  readonly propertyDependencies: Record<string, string[]>;
  /** Inputs in the engine's analyzer wire form (what Analyze receives). */
  readonly inputs: WireProperties;
  /** Outputs in the engine's analyzer wire form (what AnalyzeStack receives). */
  readonly outputs: WireProperties;
  readonly options: AnalyzerResourceOptions;
  readonly sourcePosition?: SourcePosition;
  readonly stackTrace: SourcePosition[];
  /** Added by the engine, not registered by the program (default providers). */
  readonly synthesized: boolean;
}

interface MarshalContext {
  /** Engine URN for a URN found in a resource reference (mock URNs are mapped). */
  urnOf(urn: string): string;
}

/** `MarshalPropertyValue` for the analyzer: see the module comment. */
export function marshalValue(value: unknown, ctx: MarshalContext): unknown {
  if (Array.isArray(value)) return value.map((v) => marshalValue(v, ctx));
  if (!isRecord(value)) return value;
  switch (value[SIG_KEY]) {
    case SECRET_SIG:
      return { [SIG_KEY]: SECRET_SIG, value: marshalValue(value.value, ctx) };
    case RESOURCE_SIG: {
      if ("id" in value) {
        const id = value.id;
        if (typeof id === "string" && id !== "") return id;
        return UNKNOWN;
      }
      return ctx.urnOf(String(value.urn));
    }
    case OUTPUT_VALUE_SIG: {
      const inner = "value" in value ? marshalValue(value.value, ctx) : UNKNOWN;
      return value.secret === true ? { [SIG_KEY]: SECRET_SIG, value: inner } : inner;
    }
    case undefined:
      return marshalProperties(value, ctx);
    default:
      return value; // assets and archives travel as they are
  }
}

export function marshalProperties(props: Record<string, unknown>, ctx: MarshalContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(props).sort()) {
    if (key.startsWith("__")) continue; // SkipInternalKeys
    const v = props[key];
    if (v === undefined) continue;
    out[key] = marshalValue(v, ctx);
  }
  return out;
}

function isSecret(v: unknown): boolean {
  return isRecord(v) && v[SIG_KEY] === SECRET_SIG;
}

/** `annotateSecrets`: outputs named like secret inputs, and additional secret outputs, become secrets. */
export function annotateSecrets(
  outputs: Record<string, unknown>,
  inputs: Record<string, unknown>,
  additional: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...outputs };
  for (const key of Object.keys(out)) {
    if ((isSecret(inputs[key]) || additional.includes(key)) && !isSecret(out[key])) {
      out[key] = { [SIG_KEY]: SECRET_SIG, value: out[key] };
    }
  }
  return out;
}

/** Go's time.ParseDuration for the common forms the SDK sends ("5m", "1h30m", "90s"), in seconds. */
export function durationSeconds(text: string | undefined): number {
  if (!text) return 0;
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  const re = /([0-9.]+)(ns|us|µs|ms|s|m|h)/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text)) !== null) total += Number(match[1]) * units[match[2]];
  return total;
}

function packageOf(type: string): string {
  return type.split(":")[0];
}

export interface EngineViewOptions {
  readonly project: string;
  readonly stack: string;
  /** Stack config (`namespace:key` → string): default providers take their package's keys as inputs. */
  readonly config: Record<string, string>;
  readonly secretKeys: readonly string[];
  /** Engine URN for a mock URN (resource references inside property values). */
  readonly urnOf: (mockUrn: string) => string | undefined;
}

function defaultProviderInputs(
  pkg: string,
  version: string | undefined,
  options: EngineViewOptions,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options.config)) {
    if (!key.startsWith(`${pkg}:`)) continue;
    const name = key.slice(pkg.length + 1);
    inputs[name] = options.secretKeys.includes(key) ? { [SIG_KEY]: SECRET_SIG, value } : value;
  }
  if (version) inputs.version = version;
  return inputs;
}

/** Builds the engine's resource list, in registration order, with default providers where the engine adds them. */
export function engineView(captured: readonly CapturedResource[], options: EngineViewOptions): EngineResource[] {
  const ctx: MarshalContext = { urnOf: (u) => options.urnOf(u) ?? u };
  const out: EngineResource[] = [];
  const defaults = new Map<string, string>();

  const defaultProvider = (r: CapturedResource): string => {
    const pkg = packageOf(r.type);
    const name = r.version ? `default_${r.version.replace(/[.+-]/g, "_")}` : "default";
    const key = `${pkg}::${name}`;
    let urn = defaults.get(key);
    if (!urn) {
      const type = `pulumi:providers:${pkg}`;
      urn = `urn:pulumi:${options.stack}::${options.project}::${type}::${name}`;
      defaults.set(key, urn);
      const inputs = defaultProviderInputs(pkg, r.version, options);
      out.push({
        urn,
        type,
        name,
        custom: true,
        remote: false,
        protect: false,
        retainOnDelete: false,
        dependencies: [],
        propertyDependencies: {},
        inputs,
        outputs: inputs,
        options: baseOptions(false, [], [], undefined),
        stackTrace: [],
        synthesized: true,
      });
    }
    return urn;
  };

  for (const r of captured) {
    let providerUrn: string | undefined;
    if (r.provider) providerUrn = r.provider.slice(0, r.provider.lastIndexOf("::"));
    else if ((r.custom && !isProviderType(r.type)) || r.remote) providerUrn = defaultProvider(r);
    if (r.remote && !r.provider) providerUrn = undefined; // the engine keeps no provider on a component's state

    const inputs = marshalProperties(r.inputs, ctx);
    let outputs = marshalProperties(r.outputs, ctx);
    if (r.custom) outputs = annotateSecrets(outputs, inputs, r.additionalSecretOutputs);
    if (isProviderType(r.type) && Object.keys(outputs).length === 0) outputs = inputs;
    out.push({
      urn: r.urn,
      type: r.type,
      name: r.name,
      custom: r.custom,
      remote: r.remote,
      parent: r.parent,
      providerUrn,
      id: r.id,
      protect: r.protect,
      retainOnDelete: r.retainOnDelete,
      dependencies: [...r.dependencies],
      propertyDependencies: r.propertyDependencies,
      inputs,
      outputs,
      options: {
        ...baseOptions(r.protect, r.ignoreChanges, r.additionalSecretOutputs, r.parent),
        deleteBeforeReplace: r.deleteBeforeReplace ? true : undefined,
        aliases: r.aliasUrns,
        customTimeouts: {
          create: durationSeconds(r.customTimeouts?.create),
          update: durationSeconds(r.customTimeouts?.update),
          delete: durationSeconds(r.customTimeouts?.delete),
        },
      },
      sourcePosition: r.sourcePosition,
      stackTrace: r.stackTrace,
      synthesized: false,
    });
  }
  return out;
}

function baseOptions(
  protect: boolean,
  ignoreChanges: string[],
  additionalSecretOutputs: string[],
  parent: string | undefined,
): AnalyzerResourceOptions {
  return {
    protect,
    ignoreChanges,
    additionalSecretOutputs,
    aliases: [],
    customTimeouts: { create: 0, update: 0, delete: 0 },
    parent,
  };
}

function providerOf(resource: EngineResource, byUrn: Map<string, EngineResource>): AnalyzerProvider | undefined {
  if (!resource.providerUrn) return undefined;
  const p = byUrn.get(resource.providerUrn);
  if (!p) return undefined;
  // The engine sends the provider's inputs (providerResource.Inputs).
  return { urn: p.urn, type: p.type, name: p.name, properties: p.inputs };
}

/** The AnalyzeRequest for each resource (step_generator.generateSteps): inputs, options, provider. */
export function analyzeInputs(resources: readonly EngineResource[]): AnalyzerResourceInput[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    properties: r.inputs,
    options: r.options,
    provider: providerOf(r, byUrn),
  }));
}

/** The AnalyzeStack request (step_generator.AnalyzeResources): every resource with its outputs and dependencies. */
export function analyzeStackInputs(resources: readonly EngineResource[]): AnalyzerStackResourceInput[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    properties: r.outputs,
    options: r.options,
    provider: providerOf(r, byUrn),
    parent: r.parent,
    dependencies: r.dependencies,
    propertyDependencies: r.propertyDependencies,
  }));
}
