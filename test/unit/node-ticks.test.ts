import { createHook } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { keptTickObjects } from "../../src/entry/node-ticks";

/** One tick object as Node makes it now, caught by a hook of the test's own. */
function nextTickObject(): object {
  let caught: object | undefined;
  const hook = createHook({
    init(_id, type, _trigger, resource) {
      if (type === "TickObject") caught ??= resource;
    },
  });
  hook.enable();
  process.nextTick(() => {});
  hook.disable();
  if (!caught) throw new Error("no tick object seen");
  return caught;
}

const shape = (o: object) => [
  Object.getOwnPropertyNames(o),
  Object.getOwnPropertySymbols(o).map(String),
];

describe("node-ticks", () => {
  it("keeps exactly one of Node's tick objects, shaped as every later tick is", () => {
    expect(keptTickObjects).toHaveLength(1);
    const [kept] = keptTickObjects;
    expect(shape(kept as object)).toEqual(shape(nextTickObject()));
    expect(Object.getOwnPropertyNames(kept)).toEqual(expect.arrayContaining(["callback"]));
  });
});
