import { describe, expect, it } from "vitest";
import { isEnabled, readContainers, upperStrings } from "../../../policies/ecs/shared";

describe("ecs shared readers", () => {
  it("reads JSON strings, arrays and single objects", () => {
    expect(readContainers(JSON.stringify([{ name: "a" }, { name: "b" }])).containers.map((c) => c.label)).toEqual([
      "a",
      "b",
    ]);
    expect(readContainers([{ name: "a" }, 3, null, { image: "x" }]).containers.map((c) => c.label)).toEqual([
      "a",
      "#3",
    ]);
    expect(readContainers(JSON.stringify({ name: "solo" })).containers.map((c) => c.label)).toEqual(["solo"]);
    expect(readContainers(undefined)).toEqual({ containers: [] });
    expect(readContainers(null)).toEqual({ containers: [] });
  });

  it("says why definitions are unreadable", () => {
    expect(readContainers("[").unreadable).toBe("containerDefinitions is not valid JSON");
    expect(readContainers("12").unreadable).toMatch(/is number, not an array/);
    expect(readContainers(12).unreadable).toMatch(/is number/);
    expect(readContainers("x".repeat(100)).unreadable).toBe("containerDefinitions is not valid JSON");
    expect(readContainers(JSON.stringify("x".repeat(100))).unreadable).toMatch(/a string of 100 characters/);
  });

  it("reads ECS booleans and enums", () => {
    expect([true, "true", "ENABLED", " enabled "].every(isEnabled)).toBe(true);
    expect([false, "DISABLED", undefined, 1, null].some(isEnabled)).toBe(false);
    expect(upperStrings(["fargate", 1, " ec2 "])).toEqual(["FARGATE", "EC2"]);
    expect(upperStrings("fargate")).toEqual(["FARGATE"]);
    expect(upperStrings(undefined)).toEqual([]);
  });
});
