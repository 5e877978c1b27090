/**
 * tsx turns on Node's source-map support so that stack traces (and the SDK's source positions of resources) point
 * at TypeScript lines. Node then also reads and parses the `.js.map` file of every module loaded from
 * node_modules: thousands of maps for @pulumi/pulumi and @pulumi/aws, costing time and memory for stack frames the
 * plan never shows. This turns source maps off while a module under node_modules compiles (its top-level code
 * included) and back on afterwards, so project files keep their TypeScript positions.
 */
import Module from "node:module";
import * as path from "node:path";

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
let installed = false;

interface CompilingModule {
  _compile(content: string, filename: string): unknown;
}

export function skipNodeModulesSourceMaps(): void {
  const proc = process as NodeJS.Process & {
    sourceMapsEnabled?: boolean;
    setSourceMapsEnabled?: (on: boolean) => void;
  };
  if (installed || typeof proc.setSourceMapsEnabled !== "function") return;
  installed = true;
  const proto = (Module as unknown as { prototype: CompilingModule }).prototype;
  const compile = proto._compile;
  proto._compile = function (this: CompilingModule, content: string, filename: string) {
    if (!filename.includes(NODE_MODULES) || !proc.sourceMapsEnabled) return compile.call(this, content, filename);
    proc.setSourceMapsEnabled!(false);
    try {
      return compile.call(this, content, filename);
    } finally {
      proc.setSourceMapsEnabled!(true);
    }
  };
}
