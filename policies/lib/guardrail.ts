import type {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { controlTags, primaryFramework, type ControlMapping } from "./controls";
import { findWaiver, recordAppliedWaiver, waiversConfigSchema, type Waiver } from "./waivers";

/** Which stacks a guardrail applies to. `prod-only` guardrails read the `environment` knob from their config. */
export type Scope = "all" | "prod-only";

export type Environment = "dev" | "prod";

/** What every guardrail declares about itself; the pack inventory, docs/compliance.md and the reports read this. */
export interface GuardrailMetadata {
  /** Stable kebab-case identifier; renaming it breaks users' pack config and waivers. */
  readonly name: string;
  /** Full sentence saying what must hold. */
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly severity: Severity;
  /** Service tag (`s3`, `iam`, `kms`, `ecs`, `elb`, `logging`, `network`, `meta`). */
  readonly service: string;
  readonly controls: ControlMapping;
  /** What to change to comply, for people reading the violation. */
  readonly remediationSteps: string;
  /** Default `"all"`. */
  readonly scope?: Scope;
  /** Whether resources can be exempted with waivers. Default `true`; `waivers-in-effect` itself cannot be waived. */
  readonly waivable?: boolean;
  /** Extra knobs beyond `waivers` and `environment`. */
  readonly configProperties?: Record<string, PolicyConfigJSONSchema>;
}

/** What a guardrail's check receives besides the resource(s). */
export interface GuardrailContext {
  /** This policy's config (enforcementLevel removed), with the defaults from `configProperties` applied. */
  readonly config: Record<string, unknown>;
  /** `prod` unless the policy's config says `dev`: the strict reading is the default. */
  readonly environment: Environment;
}

export type ResourceCheck = (
  resource: ResourceValidationArgs,
  context: GuardrailContext,
  report: (message: string) => void,
) => void | Promise<void>;

export type StackCheck = (
  resources: PolicyResource[],
  context: GuardrailContext,
  report: (message: string, urn: string) => void,
  args: StackValidationArgs,
) => void | Promise<void>;

/** Metadata kept on each policy object so tools can read it without a parallel list. */
export const GUARDRAIL_METADATA = Symbol.for("starscreen.guardrail.metadata");

export type Guardrail = (ResourceValidationPolicy | StackValidationPolicy) & {
  readonly [GUARDRAIL_METADATA]: GuardrailMetadata;
};

export function guardrailMetadata(policy: ResourceValidationPolicy | StackValidationPolicy): GuardrailMetadata {
  const meta = (policy as Partial<Guardrail>)[GUARDRAIL_METADATA];
  if (!meta) throw new Error(`policy ${policy.name} was not built with resourceGuardrail/stackGuardrail`);
  return meta;
}

const ENVIRONMENT_SCHEMA: PolicyConfigJSONSchema = {
  type: "string",
  enum: ["dev", "prod"],
  default: "prod",
  description: "The stack's environment; production-only controls are skipped when this is `dev`.",
};

function configSchemaFor(meta: GuardrailMetadata): PolicyConfigSchema {
  const properties: Record<string, PolicyConfigJSONSchema> =
    meta.waivable === false ? {} : { waivers: waiversConfigSchema };
  if (meta.scope === "prod-only") properties.environment = ENVIRONMENT_SCHEMA;
  Object.assign(properties, meta.configProperties ?? {});
  return { properties };
}

function contextFrom(configSchema: PolicyConfigSchema, rawConfig: Record<string, unknown>): GuardrailContext {
  const config: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(configSchema.properties)) {
    config[key] = rawConfig[key] ?? (schema as { default?: unknown }).default;
  }
  const environment: Environment = config.environment === "dev" ? "dev" : "prod";
  return { config, environment };
}

/** Reports through the waiver filter: a waived violation is recorded for `waivers-in-effect` instead. */
function waiverAwareReporter(
  meta: GuardrailMetadata,
  context: GuardrailContext,
  report: ReportViolation,
): (message: string, urn: string, name: string) => void {
  const waivers = meta.waivable === false ? undefined : (context.config.waivers as Waiver[] | undefined);
  return (message, urn, name) => {
    const waiver = findWaiver(waivers, urn, name);
    if (waiver) {
      recordAppliedWaiver({
        policy: meta.name,
        urn,
        pattern: waiver.resource,
        justification: waiver.justification,
        message,
      });
      return;
    }
    report(message, urn);
  };
}

function baseFields(meta: GuardrailMetadata, configSchema: PolicyConfigSchema) {
  return {
    name: meta.name,
    description: meta.description,
    enforcementLevel: meta.enforcementLevel,
    severity: meta.severity,
    framework: primaryFramework(meta.controls),
    tags: controlTags(meta.service, meta.controls),
    remediationSteps: meta.remediationSteps,
    configSchema,
    [GUARDRAIL_METADATA]: meta,
  };
}

/**
 * What both kinds of guardrail do before their check: read this policy's config (schema built once per guardrail,
 * not per resource), skip prod-only checks outside prod, and route reports through the waivers. `undefined` = skip.
 */
function prepareRun(
  meta: GuardrailMetadata,
  configSchema: PolicyConfigSchema,
  rawConfig: Record<string, unknown>,
  report: ReportViolation,
): { context: GuardrailContext; report: (message: string, urn: string, name: string) => void } | undefined {
  const context = contextFrom(configSchema, rawConfig);
  if (meta.scope === "prod-only" && context.environment !== "prod") return undefined;
  return { context, report: waiverAwareReporter(meta, context, report) };
}

/** The last segment of a URN: the resource's logical name. */
export function nameFromUrn(urn: string): string {
  const i = urn.lastIndexOf("::");
  return i >= 0 ? urn.slice(i + 2) : urn;
}

/** A per-resource guardrail: sees each resource's inputs as the engine registers it. */
export function resourceGuardrail(meta: GuardrailMetadata, check: ResourceCheck): Guardrail {
  const configSchema = configSchemaFor(meta);
  const policy: ResourceValidationPolicy & Guardrail = {
    ...baseFields(meta, configSchema),
    validateResource: async (args, report) => {
      const run = prepareRun(meta, configSchema, args.getConfig<Record<string, unknown>>(), report);
      if (!run) return;
      await check(args, run.context, (message) => run.report(message, args.urn, args.name));
    },
  };
  return policy;
}

/** A stack guardrail: sees every resource's outputs, parents and (property) dependencies at the end of a run. */
export function stackGuardrail(meta: GuardrailMetadata, check: StackCheck): Guardrail {
  const configSchema = configSchemaFor(meta);
  const policy: StackValidationPolicy & Guardrail = {
    ...baseFields(meta, configSchema),
    validateStack: async (args, report) => {
      const run = prepareRun(meta, configSchema, args.getConfig<Record<string, unknown>>(), report);
      if (!run) return;
      await check(args.resources, run.context, (message, urn) => run.report(message, urn, nameFromUrn(urn)), args);
    },
  };
  return policy;
}
