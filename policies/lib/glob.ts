/**
 * `*` patterns (waiver resources, credential-looking variable names) as anchored regular expressions, compiled once
 * per pattern. No imports: the program's config validation loads this file without the policy SDK.
 */
const cache = new Map<string, RegExp>();

/** `*` matches any run of characters; everything else is literal. `ignoreCase` for names that vary in case. */
export function globToRegExp(pattern: string, ignoreCase = false): RegExp {
  const key = `${ignoreCase ? "i" : "-"}${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
    re = new RegExp(`^${escaped}$`, ignoreCase ? "i" : "");
    cache.set(key, re);
  }
  return re;
}
