/**
 * The one place that reads Pulumi config. Components never read config: they take typed args built from the
 * StackConfig returned here. Call `loadStackConfig()` before creating any resource, so bad config fails the run
 * before anything is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig, type StackConfig } from "./config/stack-config";

export { ConfigError } from "./config/config-error";
export { parseStackConfig } from "./config/stack-config";
export type { Environment, StackConfig, StorageConfig } from "./config/stack-config";

export function loadStackConfig(): StackConfig {
  // allConfig() holds every key of every namespace, including ones no code asks for: that is what lets the schema
  // reject a misspelled top-level key instead of silently ignoring it.
  return parseStackConfig(pulumi.runtime.allConfig());
}
