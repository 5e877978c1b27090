/**
 * THE ONE MODULE THAT USES PULUMI SDK INTERNALS. `Mocks.newResource` sees only type, name, inputs and provider;
 * the full RegisterResourceRequest (parent, dependencies, property dependencies, protect, retainOnDelete) reaches
 * only the mock monitor. After `setMocks`, `pulumi.runtime.getMonitor()` returns that monitor, and wrapping its
 * `registerResource` / `registerResourceOutputs` methods captures everything the engine would see.
 *
 * Internal surface relied on (pinned by the exact @pulumi/pulumi version in package.json, checked by
 * test/tools/registration-capture.test.ts, the canary):
 *   - getMonitor() after setMocks returns an object with registerResource(req, cb) / registerResourceOutputs(req, cb)
 *   - req getters: getType, getName, getParent, getCustom, getRemote, getObject, getDependenciesList,
 *     getPropertydependenciesMap (values with getUrnsList), getProtect, getRetainondelete, getProvider,
 *     getIgnorechangesList, getDeletebeforereplace, getAdditionalsecretoutputsList
 *   - cb(err, resp) with resp.getUrn, resp.getId, resp.getObject
 *   - monitor.invoke(req, cb): the SDK turns a failed invoke into `new Error(err.details)`
 *   - req.getSourceposition() / req.getStacktrace() (where the program constructed the resource), req.getVersion(),
 *     req.getAliasurnsList(), req.getDeletedwith(), req.getCustomtimeouts()
 *   - mock URNs: urn:pulumi:<stack>::<project>::<parent's last type>$<type>::<name>
 *   - runtime.waitForRPCs() (exported by runtime/settings, marked @internal): resolves when the SDK's outstanding
 *     RPCs (registrations, invokes, output registrations) have drained
 *   - @pulumi/pulumi/typescript-shim.js, required at start-up by runtime/closure/parseFunction and used only when a
 *     closure is serialized (deferTypeScriptCompiler)
 */
import Module from "node:module";
import type * as PulumiSdk from "@pulumi/pulumi";

/**
 * The SDK, loaded on first use rather than when this module is imported, so that `deferTypeScriptCompiler` can run
 * before anything loads @pulumi/pulumi.
 */
function sdk(): typeof PulumiSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@pulumi/pulumi") as typeof PulumiSdk;
}

/** Property values in Pulumi's wire form (secrets, resource references, unknowns as special objects/strings). */
export type WireValue = unknown;
export type WireProperties = Record<string, WireValue>;

export interface CapturedResource {
  /** The URN the Pulumi engine would give it: no stack type in the chain, the full parent type chain kept. */
  readonly urn: string;
  /** The mock monitor's URN (differs from the engine's). */
  readonly mockUrn: string;
  readonly type: string;
  readonly name: string;
  /** `Type$Type$type`: the engine URN's type part. */
  readonly qualifiedType: string;
  readonly custom: boolean;
  /** A multi-language component (e.g. awsx): its children are not visible under mocks. */
  readonly remote: boolean;
  readonly parent?: string;
  readonly provider?: string;
  readonly inputs: WireProperties;
  /** Mock state for custom resources; registered outputs for components. */
  outputs: WireProperties;
  id?: string;
  readonly dependencies: string[];
  readonly propertyDependencies: Record<string, string[]>;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  readonly ignoreChanges: string[];
  readonly additionalSecretOutputs: string[];
  /** Engine-style URNs of the resource's aliases given as URNs. */
  readonly aliasUrns: string[];
  /** Engine URN of the resource whose deletion deletes this one, if any. */
  readonly deletedWith?: string;
  readonly customTimeouts?: { readonly create: string; readonly update: string; readonly delete: string };
  /** Provider plugin version the SDK asked for (`7.48.0`); decides the engine's default provider name. */
  readonly version?: string;
  /** Where the program constructed the resource (`file:///...`, 1-based line), as the SDK reports it. */
  readonly sourcePosition?: SourcePosition;
  /** The call stack at construction, innermost first (the SDK's own frames already removed). */
  readonly stackTrace: SourcePosition[];
}

export interface SourcePosition {
  readonly uri: string;
  readonly line: number;
  readonly column: number;
}

type Callback = (
  err: unknown,
  resp?: { getUrn(): string; getId(): string; getObject(): { toJavaScript(): unknown } | undefined },
) => void;

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getRemote(): boolean;
  getObject(): { toJavaScript(): unknown } | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void };
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getProvider(): string;
  getIgnorechangesList(): string[];
  getDeletebeforereplace(): boolean;
  getAdditionalsecretoutputsList(): string[];
  getAliasurnsList(): string[];
  getDeletedwith(): string;
  getVersion(): string;
  getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
  getSourceposition(): ProtoSourcePosition | undefined;
  getStacktrace(): { getFramesList(): { getPc(): ProtoSourcePosition | undefined }[] } | undefined;
}

interface ProtoSourcePosition {
  getUri(): string;
  getLine(): number;
  getColumn(): number;
}

function sourcePosition(pos: ProtoSourcePosition | undefined): SourcePosition | undefined {
  if (!pos || !pos.getUri()) return undefined;
  return { uri: pos.getUri(), line: pos.getLine(), column: pos.getColumn() };
}

interface MonitorLike {
  /** Optional in the shape check: only wrapped so that a failing mock invoke keeps its message (see attach). */
  invoke?(req: unknown, cb: (err: (Error & { details?: string }) | null, resp?: unknown) => void): void;
  registerResource(req: RegisterRequest, cb: Callback): void;
  registerResourceOutputs(
    req: { getUrn(): string; getOutputs(): { toJavaScript(): unknown } | undefined },
    cb: (err: unknown, resp?: unknown) => void,
  ): void;
}

/** Every getter `record` calls on the SDK's RegisterResourceRequest. */
export const REQUEST_GETTERS = [
  "getType",
  "getName",
  "getParent",
  "getCustom",
  "getRemote",
  "getObject",
  "getDependenciesList",
  "getPropertydependenciesMap",
  "getProtect",
  "getRetainondelete",
  "getProvider",
  "getIgnorechangesList",
  "getDeletebeforereplace",
  "getAdditionalsecretoutputsList",
  "getAliasurnsList",
  "getDeletedwith",
  "getVersion",
  "getCustomtimeouts",
  "getSourceposition",
  "getStacktrace",
] as const;

export class RegistrationCapture {
  /** In registration order. */
  readonly resources: CapturedResource[] = [];
  private readonly byMockUrn = new Map<string, CapturedResource>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly project: string,
    private readonly stack: string,
  ) {}

  engineUrnOf(mockUrn: string): string | undefined {
    return this.byMockUrn.get(mockUrn)?.urn;
  }

  private engineUrn(
    type: string,
    name: string,
    parent: CapturedResource | undefined,
  ): { urn: string; qualifiedType: string } {
    // The engine omits the root stack's type from its children's URNs and keeps every other ancestor's type.
    const qualifiedType = parent && parent.type !== "pulumi:pulumi:Stack" ? `${parent.qualifiedType}$${type}` : type;
    return { urn: `urn:pulumi:${this.stack}::${this.project}::${qualifiedType}::${name}`, qualifiedType };
  }

  private notifyIfIdle(): void {
    if (this.pending > 0) return;
    // Give follow-up registrations queued by the completed one a chance to start before declaring idle.
    setImmediate(() => {
      if (this.pending > 0) return;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((w) => w());
    });
  }

  /**
   * Resolves once the program has nothing left to register: the SDK's RPC queue has drained and no registration has
   * been in flight for a full turn of the event loop, twice in a row with no new registration in between (an apply
   * that resolves late can still create resources).
   */
  async drain(): Promise<void> {
    const waitForRPCs = (sdk().runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
    for (let round = 0; round < 100; round++) {
      const before = this.resources.length;
      if (waitForRPCs) await waitForRPCs();
      await this.whenIdle();
      await this.whenIdle();
      if (this.pending === 0 && this.resources.length === before) return;
    }
  }

  /** Resolves once no registration has been in flight for a full turn of the event loop. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.notifyIfIdle();
    });
  }

  attach(monitor: MonitorLike): void {
    // The SDK rethrows a failed invoke as `new Error(err.details)` (a gRPC status field); an error thrown by
    // `Mocks.call` has only a message, so the program would see an empty error. Give it its details.
    if (typeof monitor.invoke === "function") {
      const invoke = monitor.invoke.bind(monitor);
      monitor.invoke = (req, cb) =>
        invoke(req, (err, resp) => {
          if (err && !err.details) err.details = err.message;
          cb(err, resp);
        });
    }
    const register = monitor.registerResource.bind(monitor);
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResource = (req, cb) => {
      this.pending++;
      register(req, (err, resp) => {
        try {
          if (!err && resp) this.record(req, resp);
        } finally {
          cb(err, resp);
          this.pending--;
          this.notifyIfIdle();
        }
      });
    };
    monitor.registerResourceOutputs = (req, cb) => {
      const captured = this.byMockUrn.get(req.getUrn());
      if (captured) captured.outputs = (req.getOutputs()?.toJavaScript() ?? {}) as WireProperties;
      registerOutputs(req, cb);
    };
  }

  private mapUrns(urns: string[]): string[] {
    return urns.map((u) => this.engineUrnOf(u) ?? u);
  }

  private checkedShape = false;

  /** Fails loudly (once) if the SDK's request object lost a getter this module reads. */
  private checkShape(req: RegisterRequest): void {
    if (this.checkedShape) return;
    const missing = REQUEST_GETTERS.filter((g) => typeof (req as unknown as Record<string, unknown>)[g] !== "function");
    if (missing.length > 0) {
      throw new Error(
        `registration capture: RegisterResourceRequest no longer has ${missing.join(", ")}; the @pulumi/pulumi internals this tool relies on changed`,
      );
    }
    this.checkedShape = true;
  }

  private record(req: RegisterRequest, resp: NonNullable<Parameters<Callback>[1]>): void {
    this.checkShape(req);
    const mockUrn = resp.getUrn();
    const parentMockUrn = req.getParent();
    const parent = parentMockUrn ? this.byMockUrn.get(parentMockUrn) : undefined;
    const { urn, qualifiedType } = this.engineUrn(req.getType(), req.getName(), parent);
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((value, key) => {
      propertyDependencies[key] = this.mapUrns(value.getUrnsList());
    });
    const provider = req.getProvider();
    const providerMockUrn = provider ? provider.split("::").slice(0, -1).join("::") : "";
    const captured: CapturedResource = {
      urn,
      mockUrn,
      type: req.getType(),
      name: req.getName(),
      qualifiedType,
      custom: req.getCustom(),
      remote: req.getRemote(),
      parent: parent?.urn,
      provider: provider
        ? `${this.engineUrnOf(providerMockUrn) ?? providerMockUrn}::${provider.split("::").pop()}`
        : undefined,
      inputs: (req.getObject()?.toJavaScript() ?? {}) as WireProperties,
      outputs: (resp.getObject()?.toJavaScript() ?? {}) as WireProperties,
      id: resp.getId() || undefined,
      dependencies: this.mapUrns(req.getDependenciesList()),
      propertyDependencies,
      protect: req.getProtect() ?? false,
      retainOnDelete: req.getRetainondelete() ?? false,
      deleteBeforeReplace: req.getDeletebeforereplace(),
      ignoreChanges: req.getIgnorechangesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      aliasUrns: this.mapUrns(req.getAliasurnsList()),
      deletedWith: req.getDeletedwith() ? (this.engineUrnOf(req.getDeletedwith()) ?? req.getDeletedwith()) : undefined,
      customTimeouts: timeouts(req.getCustomtimeouts()),
      version: req.getVersion() || undefined,
      sourcePosition: sourcePosition(req.getSourceposition()),
      stackTrace: (req.getStacktrace()?.getFramesList() ?? [])
        .map((f) => sourcePosition(f.getPc()))
        .filter((p): p is SourcePosition => p !== undefined),
    };
    this.resources.push(captured);
    this.byMockUrn.set(mockUrn, captured);
  }
}

function timeouts(
  t: { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined,
): CapturedResource["customTimeouts"] {
  if (!t || (!t.getCreate() && !t.getUpdate() && !t.getDelete())) return undefined;
  return { create: t.getCreate(), update: t.getUpdate(), delete: t.getDelete() };
}

/** The internals this module calls, for the canary test: each must be a function on the installed SDK. */
export function internalsAvailable(): Record<string, boolean> {
  const monitor = sdk().runtime.getMonitor() as unknown as Partial<MonitorLike> | undefined;
  return {
    "runtime.getMonitor().registerResource": typeof monitor?.registerResource === "function",
    "runtime.getMonitor().registerResourceOutputs": typeof monitor?.registerResourceOutputs === "function",
    "runtime.waitForRPCs": typeof (sdk().runtime as unknown as { waitForRPCs?: unknown }).waitForRPCs === "function",
  };
}

/**
 * Wraps the mock monitor installed by the last `setMocks` call. Throws if the SDK no longer exposes it the way this
 * module expects (the canary test turns that into a loud failure on upgrade).
 */
export function captureRegistrations(project: string, stack: string): RegistrationCapture {
  const monitor = sdk().runtime.getMonitor() as unknown as Partial<MonitorLike> | undefined;
  const missing = Object.entries(internalsAvailable())
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  if (!monitor || missing.length > 0) {
    throw new Error(
      `registration capture: the @pulumi/pulumi internals this tool relies on changed (missing: ${missing.join(", ") || "mock monitor"}); ` +
        "see tools/mocks/registration-capture.ts and its canary test",
    );
  }
  const capture = new RegistrationCapture(project, stack);
  capture.attach(monitor as MonitorLike);
  return capture;
}

export interface PlainOptions {
  /** How secrets appear: their value, or the text `[secret]`. Default `[secret]`. */
  readonly secrets?: "reveal" | "mask";
  /** Engine URN for a mock URN (resource references in property values). */
  readonly urnOf?: (mockUrn: string) => string | undefined;
}

/** A wire value as plain JSON: secrets masked or revealed, resource references as URNs, unknowns kept as the sentinel. */
export function toPlain(value: WireValue, options: PlainOptions = {}): unknown {
  if (Array.isArray(value)) return value.map((v) => toPlain(v, options));
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const pulumi = sdk();
  switch (record[pulumi.runtime.specialSigKey]) {
    case pulumi.runtime.specialSecretSig:
      return options.secrets === "reveal" ? toPlain(record.value, options) : "[secret]";
    case pulumi.runtime.specialResourceSig: {
      const urn = String(record.urn);
      return options.urnOf?.(urn) ?? urn;
    }
    case pulumi.runtime.specialOutputValueSig:
      if (record.secret === true && options.secrets !== "reveal") return "[secret]";
      return "value" in record ? toPlain(record.value, options) : pulumi.runtime.unknownValue;
    case pulumi.runtime.specialAssetSig:
    case pulumi.runtime.specialArchiveSig:
      return { asset: record.path ?? record.uri ?? "(inline)" };
    default: {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(record)) out[k] = toPlain(v, options);
      return out;
    }
  }
}

/**
 * Defers loading the TypeScript compiler that @pulumi/pulumi requires at start-up (runtime/closure/parseFunction
 * requires `typescript-shim`, which requires `typescript`) until something actually uses it: only closure
 * serialization (dynamic providers, `runtime.serializeFunction`) does, and a plan under mocks never does. Saves
 * ~50 MB and ~200 ms per plan. Must run before anything loads @pulumi/pulumi; returns false when it is too late or
 * the SDK's layout changed (the canary test checks both).
 */
export function deferTypeScriptCompiler(): boolean {
  let shim: string;
  try {
    shim = require.resolve("@pulumi/pulumi/typescript-shim");
  } catch {
    return false;
  }
  if (require.cache[shim]) return false;
  let real: Record<PropertyKey, unknown> | undefined;
  const load = (): Record<PropertyKey, unknown> => {
    if (!real) {
      // What the shim itself does: the project's typescript, else the SDK's vendored copy.
      const shimRequire = Module.createRequire(shim);
      try {
        real = shimRequire("typescript") as Record<PropertyKey, unknown>;
      } catch {
        real = shimRequire("./vendor/typescript@3.8.3/typescript.js") as Record<PropertyKey, unknown>;
      }
    }
    return real;
  };
  const lazy = new Module(shim) as Module & { filename: string; loaded: boolean; exports: unknown };
  lazy.filename = shim;
  lazy.loaded = true;
  lazy.exports = new Proxy(
    {},
    {
      get: (_t, key) => load()[key],
      has: (_t, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_t, key) => {
        const d = Reflect.getOwnPropertyDescriptor(load(), key);
        return d ? { ...d, configurable: true } : undefined;
      },
    },
  );
  require.cache[shim] = lazy as unknown as NodeJS.Module;
  return true;
}
