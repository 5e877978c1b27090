import { describe, expect, it } from "vitest";
import { dependencyUrns, relate, stringValues } from "../../../policies/logging/relations";
import { stackResources, UNKNOWN, type FakeResource } from "../../helpers/policy-harness";
import { res } from "./our-stack";

function view(resources: FakeResource[]) {
  const built = stackResources(resources);
  return (name: string) => built.find((r) => r.name === name)!;
}

describe("relations", () => {
  it("reads dependency URNs and string values defensively", () => {
    const get = view([
      res("t:a:A", "a", {}),
      res("t:b:B", "b", { v: ["x", " ", 3, "y "] }, { propertyDependencies: { v: [res("t:a:A", "a", {}).urn] } }),
    ]);
    expect(dependencyUrns(get("b"), "v")).toEqual([get("a").urn]);
    expect(dependencyUrns(get("b"), "missing")).toEqual([]);
    expect(dependencyUrns({ ...get("b"), propertyDependencies: undefined } as never, "v")).toEqual([]);
    expect(stringValues(get("b").props.v)).toEqual(["x", "y"]);
    expect(stringValues(undefined)).toEqual([]);
  });

  it("relates by dependency first and by value only for the rest, in one pass", () => {
    const t1 = res("t:t:T", "t1", { id: UNKNOWN });
    const t2 = res("t:t:T", "t2", { id: "id-2" });
    const t3 = res("t:t:T", "t3", { id: "id-3" });
    const c1 = res("t:c:C", "c1", { ref: UNKNOWN }, { propertyDependencies: { ref: [t1.urn] } });
    const c2 = res("t:c:C", "c2", { ref: "id-2" });
    const other = res("t:o:O", "other", {});
    const c3 = res("t:c:C", "c3", { ref: "id-3" }, { propertyDependencies: { ref: [other.urn] } });
    const get = view([t1, t2, t3, c1, c2, other, c3]);
    const related = relate({
      targets: [get("t1"), get("t2"), get("t3")],
      children: [get("c1"), get("c2"), get("c3")],
      childProp: "ref",
      targetKeys: (t) => stringValues(t.props.id),
    });
    expect([...related.keys()]).toEqual([t1.urn, t2.urn]);
    expect(related.get(t2.urn)!.map((c) => c.name)).toEqual(["c2"]);
  });

  it("scales linearly: 10,000 targets and children relate in well under a second", () => {
    const resources: FakeResource[] = [];
    for (let i = 0; i < 10_000; i++) {
      resources.push(res("t:t:T", `t${i}`, { id: `id-${i}` }));
      resources.push(res("t:c:C", `c${i}`, { ref: `id-${i}` }));
    }
    const built = stackResources(resources);
    const started = performance.now();
    const related = relate({
      targets: built.filter((r) => r.type === "t:t:T"),
      children: built.filter((r) => r.type === "t:c:C"),
      childProp: "ref",
      targetKeys: (t) => stringValues(t.props.id),
    });
    expect(related.size).toBe(10_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
