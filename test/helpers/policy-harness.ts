/**
 * Runs guardrails the way the policy runtime does (props behind `unknownCheckingProxy`, per-policy config through
 * `getConfig`, unknown values turned into "can't run during preview"), without a CLI or a gRPC server.
 */
import {
  unknownCheckingProxy,
  UnknownValueError,
  type PolicyResource,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { resetAppliedWaivers } from "../../policies/lib/waivers";

/** The sentinel the engine sends for a value not known during preview (any type). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface Violation {
  message: string;
  urn?: string;
}

export interface PolicyRun {
  violations: Violation[];
  /** Set when the policy read an unknown value: the runtime reports it as advisory and moves on. */
  unknown?: string;
  notApplicable?: string;
}

export interface FakeResource {
  type: string;
  props: Record<string, unknown>;
  name?: string;
  urn?: string;
  protect?: boolean;
  parent?: string;
  /** URNs this resource depends on. */
  dependencies?: string[];
  /** property name → URNs it depends on. */
  propertyDependencies?: Record<string, string[]>;
}

let counter = 0;

export function urnFor(type: string, name: string): string {
  return `urn:pulumi:test::starscreen-infra::${type}::${name}`;
}

function nameOf(r: FakeResource): string {
  if (r.name) return r.name;
  if (r.urn) return r.urn.slice(r.urn.lastIndexOf("::") + 2);
  return `resource-${++counter}`;
}

function isType(type: string, cls: { __pulumiType?: string }): boolean {
  return (cls as { __pulumiType?: string }).__pulumiType === type;
}

async function capture(run: () => unknown): Promise<Pick<PolicyRun, "unknown" | "notApplicable">> {
  try {
    await run();
    return {};
  } catch (e) {
    if (e instanceof UnknownValueError) return { unknown: (e as Error).message };
    const reason = (e as { reason?: unknown } | undefined)?.reason;
    if (reason !== undefined) return { notApplicable: String(reason) };
    throw e;
  }
}

/** Runs one resource policy on one resource. `config` is this policy's entry in the pack config. */
export async function runResourcePolicy(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  resource: FakeResource,
  config: Record<string, unknown> = {},
): Promise<PolicyRun> {
  if (!("validateResource" in policy) || !policy.validateResource) {
    throw new Error(`${policy.name} is not a resource policy`);
  }
  resetAppliedWaivers();
  const name = nameOf(resource);
  const urn = resource.urn ?? urnFor(resource.type, name);
  const violations: Violation[] = [];
  const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
  const props = unknownCheckingProxy(structuredClone(resource.props)) as Record<string, unknown>;
  const outcome = await capture(async () => {
    for (const validate of validations) {
      await validate(
        {
          type: resource.type,
          props,
          urn,
          name,
          opts: {
            protect: resource.protect ?? false,
            ignoreChanges: [],
            aliases: [],
            additionalSecretOutputs: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            parent: resource.parent,
          },
          stackTags: new Map(),
          isType: (cls) => isType(resource.type, cls as { __pulumiType?: string }),
          asType: ((cls: { __pulumiType?: string }) => (isType(resource.type, cls) ? props : undefined)) as never,
          getConfig: <T extends object>() => config as T,
          notApplicable: (reason?: string) => {
            throw Object.assign(new Error("not applicable"), { reason: reason ?? "" });
          },
        },
        (message, violationUrn) => violations.push({ message, urn: violationUrn ?? urn }),
      );
    }
  });
  return { violations, ...outcome };
}

/** Builds the stack view the runtime builds: parents, dependencies and property dependencies as objects. */
export function stackResources(resources: FakeResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const built = resources.map((r) => {
    const name = nameOf(r);
    const urn = r.urn ?? urnFor(r.type, name);
    const props = unknownCheckingProxy(structuredClone(r.props)) as Record<string, unknown>;
    const resource: PolicyResource = {
      type: r.type,
      props,
      urn,
      name,
      opts: {
        protect: r.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        additionalSecretOutputs: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        parent: r.parent,
      },
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => isType(r.type, cls as { __pulumiType?: string }),
      asType: ((cls: { __pulumiType?: string }) => (isType(r.type, cls) ? props : undefined)) as never,
    };
    byUrn.set(urn, resource);
    return { source: r, resource };
  });
  for (const { source, resource } of built) {
    if (source.parent) resource.parent = byUrn.get(source.parent);
    resource.dependencies = (source.dependencies ?? []).flatMap((u) => byUrn.get(u) ?? []);
    for (const [prop, urns] of Object.entries(source.propertyDependencies ?? {})) {
      resource.propertyDependencies[prop] = urns.flatMap((u) => byUrn.get(u) ?? []);
    }
  }
  return built.map((b) => b.resource);
}

/** Runs one stack policy over a set of resources. Does not reset waivers (so `waivers-in-effect` can follow). */
export async function runStackPolicy(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  resources: FakeResource[] | PolicyResource[],
  config: Record<string, unknown> = {},
): Promise<PolicyRun> {
  if (!("validateStack" in policy)) throw new Error(`${policy.name} is not a stack policy`);
  const view =
    resources.length > 0 &&
    "dependencies" in resources[0] &&
    Array.isArray((resources[0] as PolicyResource).dependencies) &&
    "isType" in resources[0]
      ? (resources as PolicyResource[])
      : stackResources(resources as FakeResource[]);
  const violations: Violation[] = [];
  const outcome = await capture(() =>
    policy.validateStack(
      {
        resources: view,
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string) => {
          throw Object.assign(new Error("not applicable"), { reason: reason ?? "" });
        },
      },
      (message, urn) => violations.push({ message, urn }),
    ),
  );
  return { violations, ...outcome };
}

/** Runs either kind of policy: a resource policy on one resource, a stack policy on the list. */
export async function runPolicy(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  resources: FakeResource | FakeResource[],
  config: Record<string, unknown> = {},
): Promise<PolicyRun> {
  if ("validateStack" in policy) {
    resetAppliedWaivers();
    return runStackPolicy(policy, Array.isArray(resources) ? resources : [resources], config);
  }
  const list = Array.isArray(resources) ? resources : [resources];
  const runs = await Promise.all(list.map((r) => runResourcePolicy(policy, r, config)));
  return {
    violations: runs.flatMap((r) => r.violations),
    unknown: runs.find((r) => r.unknown)?.unknown,
    notApplicable: runs.find((r) => r.notApplicable)?.notApplicable,
  };
}
