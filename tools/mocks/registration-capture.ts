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
 *   - mock URNs: urn:pulumi:<stack>::<project>::<parent's last type>$<type>::<name>
 */
import * as pulumi from "@pulumi/pulumi";

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
}

type Callback = (err: unknown, resp?: { getUrn(): string; getId(): string; getObject(): { toJavaScript(): unknown } | undefined }) => void;

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
}

interface MonitorLike {
  registerResource(req: RegisterRequest, cb: Callback): void;
  registerResourceOutputs(req: { getUrn(): string; getOutputs(): { toJavaScript(): unknown } | undefined }, cb: (err: unknown, resp?: unknown) => void): void;
}

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

  private engineUrn(type: string, name: string, parent: CapturedResource | undefined): { urn: string; qualifiedType: string } {
    // The engine omits the root stack's type from its children's URNs and keeps every other ancestor's type.
    const qualifiedType = parent && parent.type !== "pulumi:pulumi:Stack" ? `${parent.qualifiedType}$${type}` : type;
    return { urn: `urn:pulumi:${this.stack}::${this.project}::${qualifiedType}::${name}`, qualifiedType };
  }

  private settle(): void {
    if (this.pending > 0) return;
    // Give follow-up registrations queued by the completed one a chance to start before declaring idle.
    setImmediate(() => {
      if (this.pending > 0) return;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((w) => w());
    });
  }

  /** Resolves once no registration has been in flight for a full turn of the event loop. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.settle();
    });
  }

  attach(monitor: MonitorLike): void {
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
          this.settle();
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

  private record(req: RegisterRequest, resp: NonNullable<Parameters<Callback>[1]>): void {
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
      provider: provider ? `${this.engineUrnOf(providerMockUrn) ?? providerMockUrn}::${provider.split("::").pop()}` : undefined,
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
    };
    this.resources.push(captured);
    this.byMockUrn.set(mockUrn, captured);
  }
}

/**
 * Wraps the mock monitor installed by the last `setMocks` call. Throws if the SDK no longer exposes it the way this
 * module expects (the canary test turns that into a loud failure on upgrade).
 */
export function captureRegistrations(project: string, stack: string): RegistrationCapture {
  const monitor = pulumi.runtime.getMonitor() as unknown as Partial<MonitorLike> | undefined;
  if (!monitor || typeof monitor.registerResource !== "function" || typeof monitor.registerResourceOutputs !== "function") {
    throw new Error(
      "registration capture: pulumi.runtime.getMonitor() did not return the mock monitor; the @pulumi/pulumi internals this tool relies on changed",
    );
  }
  const capture = new RegistrationCapture(project, stack);
  capture.attach(monitor as MonitorLike);
  return capture;
}

const SIG = pulumi.runtime.specialSigKey;

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
  switch (record[SIG]) {
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
