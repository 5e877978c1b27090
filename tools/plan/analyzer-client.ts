/**
 * A client for the analyzer gRPC service (pulumirpc.Analyzer) built from the generated stubs that ship with
 * @pulumi/pulumi, speaking to a policy pack exactly as the engine does: the same request messages, the same enum
 * values, properties as google.protobuf.Struct in the engine's wire form.
 */
import { createRequire } from "node:module";
import { MAX_MESSAGE_BYTES } from "./pack-process";

/* eslint-disable @typescript-eslint/no-explicit-any */
// The generated stubs and the grpc-js / google-protobuf copies they were generated against (one dependency tree).
const protoRequire = createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb"));
const grpc = protoRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const analyzerPb = protoRequire("./analyzer_pb") as any;
const analyzerGrpc = protoRequire("./analyzer_grpc_pb") as any;
const structPb = protoRequire("google-protobuf/google/protobuf/struct_pb") as any;
const emptyPb = protoRequire("google-protobuf/google/protobuf/empty_pb") as any;

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
export type Severity = "low" | "medium" | "high" | "critical" | "unspecified";

const LEVELS: Record<number, EnforcementLevel> = {
  [analyzerPb.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerPb.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerPb.EnforcementLevel.DISABLED]: "disabled",
  [analyzerPb.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_CODES: Record<EnforcementLevel, number> = {
  advisory: analyzerPb.EnforcementLevel.ADVISORY,
  mandatory: analyzerPb.EnforcementLevel.MANDATORY,
  disabled: analyzerPb.EnforcementLevel.DISABLED,
  remediate: analyzerPb.EnforcementLevel.REMEDIATE,
};
const SEVERITIES: Record<number, Severity> = {
  [analyzerPb.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "unspecified",
  [analyzerPb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [analyzerPb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [analyzerPb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [analyzerPb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};
const POLICY_TYPES: Record<number, "resource" | "stack" | "unknown"> = {
  [analyzerPb.PolicyType.POLICY_TYPE_UNKNOWN]: "unknown",
  [analyzerPb.PolicyType.POLICY_TYPE_RESOURCE]: "resource",
  [analyzerPb.PolicyType.POLICY_TYPE_STACK]: "stack",
};

export function isEnforcementLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && value in LEVEL_CODES;
}

export interface PolicyInfo {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly severity: Severity;
  readonly policyType: "resource" | "stack" | "unknown";
  /** JSON schema of the policy's config properties, as the pack declares it. */
  readonly configSchema?: { readonly properties: Record<string, any>; readonly required: string[] };
  readonly framework?: {
    readonly name: string;
    readonly version: string;
    readonly reference: string;
    readonly specification: string;
  };
  readonly tags: string[];
  readonly remediationSteps: string;
  readonly url: string;
}

export interface PolicyConfigEntry {
  readonly enforcementLevel?: EnforcementLevel;
  readonly properties?: Record<string, unknown>;
}

export interface AnalyzerInfo {
  readonly name: string;
  readonly displayName: string;
  readonly version: string;
  readonly supportsConfig: boolean;
  readonly description: string;
  readonly policies: PolicyInfo[];
  readonly initialConfig: Record<string, PolicyConfigEntry>;
}

export interface AnalyzerResourceOptions {
  readonly protect: boolean;
  readonly ignoreChanges: string[];
  readonly deleteBeforeReplace?: boolean;
  readonly additionalSecretOutputs: string[];
  readonly aliases: string[];
  readonly customTimeouts: { readonly create: number; readonly update: number; readonly delete: number };
  readonly parent?: string;
}

export interface AnalyzerProvider {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly properties: Record<string, unknown>;
}

/** What Analyze receives for one resource (AnalyzeRequest). Properties in wire form. */
export interface AnalyzerResourceInput {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly properties: Record<string, unknown>;
  readonly options: AnalyzerResourceOptions;
  readonly provider?: AnalyzerProvider;
}

/** What AnalyzeStack receives for one resource (AnalyzerResource). */
export interface AnalyzerStackResourceInput extends AnalyzerResourceInput {
  readonly parent?: string;
  readonly dependencies: string[];
  readonly propertyDependencies: Record<string, string[]>;
}

export interface Diagnostic {
  readonly policyName: string;
  readonly policyPackName: string;
  readonly policyPackVersion: string;
  readonly description: string;
  readonly message: string;
  readonly enforcementLevel: EnforcementLevel;
  /** The URN the pack attributed the diagnostic to ("" for stack-wide). */
  readonly urn: string;
  readonly severity: Severity;
}

export interface AnalyzeResult {
  readonly diagnostics: Diagnostic[];
  readonly notApplicable: { readonly policyName: string; readonly reason: string }[];
}

export interface RemediationResult {
  readonly policyName: string;
  readonly description: string;
  readonly properties?: Record<string, unknown>;
  readonly diagnostic: string;
}

function toStruct(value: Record<string, unknown>): any {
  return structPb.Struct.fromJavaScript(value);
}

function fromStruct(value: any): Record<string, any> {
  return value ? (value.toJavaScript() as Record<string, any>) : {};
}

function optionsMessage(o: AnalyzerResourceOptions): any {
  const msg = new analyzerPb.AnalyzerResourceOptions();
  msg.setProtect(o.protect);
  msg.setIgnorechangesList(o.ignoreChanges);
  msg.setDeletebeforereplace(o.deleteBeforeReplace ?? false);
  msg.setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined);
  msg.setAdditionalsecretoutputsList(o.additionalSecretOutputs);
  msg.setAliasesList(o.aliases);
  const timeouts = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts();
  timeouts.setCreate(o.customTimeouts.create);
  timeouts.setUpdate(o.customTimeouts.update);
  timeouts.setDelete(o.customTimeouts.delete);
  msg.setCustomtimeouts(timeouts);
  if (o.parent) msg.setParent(o.parent);
  return msg;
}

function providerMessage(p: AnalyzerProvider | undefined): any {
  if (!p) return undefined;
  const msg = new analyzerPb.AnalyzerProviderResource();
  msg.setUrn(p.urn);
  msg.setType(p.type);
  msg.setName(p.name);
  msg.setProperties(toStruct(p.properties));
  return msg;
}

/** The fields AnalyzeRequest and AnalyzerResource share (the engine fills them the same way for both). */
function withResourceFields(msg: any, r: AnalyzerResourceInput): any {
  msg.setUrn(r.urn);
  msg.setType(r.type);
  msg.setName(r.name);
  msg.setProperties(toStruct(r.properties));
  msg.setOptions(optionsMessage(r.options));
  const provider = providerMessage(r.provider);
  if (provider) msg.setProvider(provider);
  return msg;
}

function analyzeRequest(r: AnalyzerResourceInput): any {
  return withResourceFields(new analyzerPb.AnalyzeRequest(), r);
}

function stackResourceMessage(r: AnalyzerStackResourceInput): any {
  const msg = withResourceFields(new analyzerPb.AnalyzerResource(), r);
  msg.setParent(r.parent ?? "");
  msg.setDependenciesList(r.dependencies);
  const map = msg.getPropertydependenciesMap();
  for (const [key, urns] of Object.entries(r.propertyDependencies)) {
    // The engine skips properties that have no dependencies.
    if (urns.length === 0) continue;
    const deps = new analyzerPb.AnalyzerPropertyDependencies();
    deps.setUrnsList(urns);
    map.set(key, deps);
  }
  return msg;
}

function diagnosticsOf(resp: any): AnalyzeResult {
  return {
    diagnostics: resp.getDiagnosticsList().map((d: any): Diagnostic => ({
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      policyPackVersion: d.getPolicypackversion(),
      description: d.getDescription(),
      message: d.getMessage(),
      enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
      urn: d.getUrn(),
      severity: SEVERITIES[d.getSeverity()] ?? "unspecified",
    })),
    notApplicable: (resp.getNotApplicableList?.() ?? []).map((n: any) => ({
      policyName: n.getPolicyName(),
      reason: n.getReason(),
    })),
  };
}

function policyInfoOf(p: any): PolicyInfo {
  const schema = p.getConfigschema();
  const framework = p.getFramework();
  return {
    name: p.getName(),
    displayName: p.getDisplayname(),
    description: p.getDescription(),
    enforcementLevel: LEVELS[p.getEnforcementlevel()] ?? "advisory",
    severity: SEVERITIES[p.getSeverity()] ?? "unspecified",
    policyType: POLICY_TYPES[p.getPolicyType()] ?? "unknown",
    configSchema: schema
      ? { properties: fromStruct(schema.getProperties()), required: schema.getRequiredList() }
      : undefined,
    framework: framework
      ? {
          name: framework.getName(),
          version: framework.getVersion(),
          reference: framework.getReference(),
          specification: framework.getSpecification(),
        }
      : undefined,
    tags: p.getTagsList(),
    remediationSteps: p.getRemediationSteps(),
    url: p.getUrl(),
  };
}

/** A gRPC status error from the pack, with its code (12 = UNIMPLEMENTED). */
export interface GrpcError extends Error {
  code?: number;
  details?: string;
}

export const UNIMPLEMENTED = grpc.status.UNIMPLEMENTED;

export class AnalyzerConnection {
  private readonly client: any;

  private constructor(address: string) {
    this.client = new analyzerGrpc.AnalyzerClient(address, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
      "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
    });
  }

  static async connect(port: number, timeoutMs = 10_000): Promise<AnalyzerConnection> {
    const connection = new AnalyzerConnection(`127.0.0.1:${port}`);
    await new Promise<void>((resolve, reject) =>
      connection.client.waitForReady(Date.now() + timeoutMs, (err: Error | undefined) =>
        err ? reject(err) : resolve(),
      ),
    );
    return connection;
  }

  private call<T>(method: string, request: any): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method](request, (err: GrpcError | null, resp: T) => (err ? reject(err) : resolve(resp)));
    });
  }

  /** Handshake is optional for analyzers: the CLI goes on when the pack answers UNIMPLEMENTED. */
  async handshake(engineAddress: string, packDir: string): Promise<boolean> {
    const req = new analyzerPb.AnalyzerHandshakeRequest();
    req.setEngineAddress(engineAddress);
    req.setRootDirectory(packDir);
    req.setProgramDirectory(packDir);
    try {
      await this.call("handshake", req);
      return true;
    } catch (e) {
      if ((e as GrpcError).code === UNIMPLEMENTED) return false;
      throw e;
    }
  }

  /** ConfigureStack; UNIMPLEMENTED is tolerated as by the CLI. */
  async configureStack(args: {
    stack: string;
    project: string;
    organization: string;
    dryRun: boolean;
    config: Record<string, string>;
    secretKeys: string[];
    tags?: Record<string, string>;
  }): Promise<void> {
    const req = new analyzerPb.AnalyzerStackConfigureRequest();
    req.setStack(args.stack);
    req.setProject(args.project);
    req.setOrganization(args.organization);
    req.setDryRun(args.dryRun);
    const config = req.getConfigMap();
    for (const [k, v] of Object.entries(args.config)) config.set(k, v);
    req.setConfigSecretKeysList(args.secretKeys);
    const tags = req.getTagsMap();
    for (const [k, v] of Object.entries(args.tags ?? {})) tags.set(k, v);
    try {
      await this.call("configureStack", req);
    } catch (e) {
      if ((e as GrpcError).code !== UNIMPLEMENTED) throw e;
    }
  }

  async getAnalyzerInfo(): Promise<AnalyzerInfo> {
    const resp: any = await this.call("getAnalyzerInfo", new emptyPb.Empty());
    const initialConfig: Record<string, PolicyConfigEntry> = {};
    resp.getInitialconfigMap().forEach((v: any, k: string) => {
      initialConfig[k] = {
        enforcementLevel: LEVELS[v.getEnforcementlevel()],
        properties: fromStruct(v.getProperties()),
      };
    });
    return {
      name: resp.getName(),
      displayName: resp.getDisplayname(),
      version: resp.getVersion(),
      supportsConfig: resp.getSupportsconfig(),
      description: resp.getDescription(),
      policies: resp.getPoliciesList().map(policyInfoOf),
      initialConfig,
    };
  }

  async getPluginVersion(): Promise<string> {
    const resp: any = await this.call("getPluginInfo", new emptyPb.Empty());
    return resp.getVersion();
  }

  /** Configure with the reconciled config: every policy's enforcement level and properties. */
  async configure(config: Record<string, PolicyConfigEntry>): Promise<void> {
    if (Object.keys(config).length === 0) return; // as the CLI: "returning early, no config specified"
    const req = new analyzerPb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, entry] of Object.entries(config)) {
      const pc = new analyzerPb.PolicyConfig();
      pc.setEnforcementlevel(LEVEL_CODES[entry.enforcementLevel ?? "advisory"]);
      pc.setProperties(toStruct(entry.properties ?? {}));
      map.set(name, pc);
    }
    await this.call("configure", req);
  }

  async remediate(resource: AnalyzerResourceInput): Promise<RemediationResult[]> {
    try {
      const resp: any = await this.call("remediate", analyzeRequest(resource));
      return resp.getRemediationsList().map((r: any) => ({
        policyName: r.getPolicyname(),
        description: r.getDescription(),
        properties: r.getProperties() ? fromStruct(r.getProperties()) : undefined,
        diagnostic: r.getDiagnostic(),
      }));
    } catch (e) {
      if ((e as GrpcError).code === UNIMPLEMENTED) return [];
      throw e;
    }
  }

  async analyze(resource: AnalyzerResourceInput): Promise<AnalyzeResult> {
    return diagnosticsOf(await this.call("analyze", analyzeRequest(resource)));
  }

  async analyzeStack(resources: AnalyzerStackResourceInput[]): Promise<AnalyzeResult> {
    const req = new analyzerPb.AnalyzeStackRequest();
    req.setResourcesList(resources.map(stackResourceMessage));
    try {
      return diagnosticsOf(await this.call("analyzeStack", req));
    } catch (e) {
      if ((e as GrpcError).code === UNIMPLEMENTED) return { diagnostics: [], notApplicable: [] };
      throw e;
    }
  }

  close(): void {
    this.client.close();
  }
}
