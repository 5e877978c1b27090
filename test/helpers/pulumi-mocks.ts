/**
 * Runs Pulumi code under mocks and records every registration with its full request (parent, dependencies,
 * protect, retainOnDelete...), with realistic outputs from tools/mocks/aws-mocks.ts. Unmocked invokes throw.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsMocks } from "../../tools/mocks/aws-mocks";
import {
  captureRegistrations,
  toPlain,
  type CapturedResource,
  type RegistrationCapture,
} from "../../tools/mocks/registration-capture";

export const PROJECT = "starscreen-infra";

export interface MockedRunOptions {
  readonly stack?: string;
  /** Raw stack config (`namespace:key` → string). */
  readonly config?: Record<string, string>;
  readonly secretKeys?: string[];
  /** Run as a preview: outputs the mocks do not supply are unknown. Default false. */
  readonly preview?: boolean;
}

export class MockedRun {
  constructor(
    readonly capture: RegistrationCapture,
    readonly mocks: AwsMocks,
  ) {}

  /** Waits until every registration started so far (and those they trigger) has completed. */
  settle(): Promise<void> {
    return this.capture.drain();
  }

  resources(type?: string): CapturedResource[] {
    return this.capture.resources.filter((r) => !type || r.type === type);
  }

  /** The one resource of this type (and name, when given); throws when there are none or several. */
  one(type: string, name?: string): CapturedResource {
    const matches = this.resources(type).filter((r) => !name || r.name === name);
    if (matches.length !== 1) {
      throw new Error(
        `expected one ${type}${name ? ` named ${name}` : ""}, found ${matches.length}: ${matches.map((m) => m.name).join(", ")}`,
      );
    }
    return matches[0];
  }

  byUrn(urn: string): CapturedResource | undefined {
    return this.capture.resources.find((r) => r.urn === urn);
  }

  /** Inputs as plain JSON (secrets revealed, resource references as engine URNs). */
  inputs(resource: CapturedResource): Record<string, any> {
    return toPlain(resource.inputs, { secrets: "reveal", urnOf: (u) => this.capture.engineUrnOf(u) }) as Record<
      string,
      any
    >;
  }

  outputs(resource: CapturedResource): Record<string, any> {
    return toPlain(resource.outputs, { secrets: "reveal", urnOf: (u) => this.capture.engineUrnOf(u) }) as Record<
      string,
      any
    >;
  }

  /** A JSON-string input (policy documents, container definitions) parsed. */
  json(resource: CapturedResource, key: string): any {
    const value = this.inputs(resource)[key];
    if (typeof value !== "string")
      throw new Error(`${resource.name}.${key} is not a JSON string: ${JSON.stringify(value)}`);
    return JSON.parse(value);
  }

  /** The chain of parent types from the resource up to (not including) the stack. */
  parentTypes(resource: CapturedResource): string[] {
    const chain: string[] = [];
    let parent = resource.parent ? this.byUrn(resource.parent) : undefined;
    while (parent && parent.type !== "pulumi:pulumi:Stack") {
      chain.push(parent.type);
      parent = parent.parent ? this.byUrn(parent.parent) : undefined;
    }
    return chain;
  }
}

/** Installs fresh mocks (one per test file is the norm: vitest isolates files in their own process). */
export async function startMockedRun(options: MockedRunOptions = {}): Promise<MockedRun> {
  const stack = options.stack ?? "test";
  const config = options.config ?? {};
  const mocks = new AwsMocks({ region: config["aws:region"] ?? "us-east-1" });
  await pulumi.runtime.setMocks(mocks, PROJECT, stack, options.preview ?? false);
  pulumi.runtime.setAllConfig(config, options.secretKeys);
  const capture = captureRegistrations(PROJECT, stack);
  return new MockedRun(capture, mocks);
}

/** Resolves an Output's value under mocks (undefined when unknown during a preview). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}
