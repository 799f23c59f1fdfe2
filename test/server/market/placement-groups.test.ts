import { describe, expect, it } from "vitest";
import type { BatchOrder, Placement } from "../../../server/src/market/order-batches.ts";
import { createPlacementGroups, MAX_GROUP_ORDERS } from "../../../server/src/market/placement-groups.ts";
import { serially } from "../../../server/src/serial.ts";

/** A placement of `n` orders named `name` (only their count and identity matter here). */
const placement = (name: string, n = 1): Placement & { name: string } => ({
  name,
  orders: Array.from({ length: n }, (_, index) => ({ index }) as BatchOrder),
  outcomes: [],
});

/** The market's queue as market-service.ts runs it, with a gate to hold it busy. */
function queueWithGate() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const exclusive = serially();
  return { exclusive, busy: () => exclusive(() => gate), open: () => open() };
}

describe("placement groups (group commit in the market's queue)", () => {
  it("enters the placements that arrive while the queue is busy as one group, in their order", async () => {
    const q = queueWithGate();
    const groups: string[][] = [];
    const enter = createPlacementGroups({ exclusive: q.exclusive, enter: async (ps) => void groups.push(ps.map((p) => (p as ReturnType<typeof placement>).name)) });
    const held = q.busy();
    const first = enter(placement("a"));
    const entered = [first, enter(placement("b", 50)), enter(placement("c"))];
    expect(groups).toEqual([]);
    q.open();
    await held;
    await Promise.all(entered);
    // One placement after the group went in starts a group of its own.
    await enter(placement("d"));
    expect(groups).toEqual([["a", "b", "c"], ["d"]]);
  });

  it("starts a new group rather than pass the most orders of one group", async () => {
    const q = queueWithGate();
    const sizes: number[] = [];
    const enter = createPlacementGroups({ exclusive: q.exclusive, enter: async (ps) => void sizes.push(ps.reduce((n, p) => n + p.orders.length, 0)) });
    const held = q.busy();
    const entered = Array.from({ length: 25 }, (_, i) => enter(placement(`p${i}`, 100)));
    q.open();
    await held;
    await Promise.all(entered);
    expect(sizes).toEqual([MAX_GROUP_ORDERS, MAX_GROUP_ORDERS, 500]);
  });

  it("fails every placement of a group whose entry fails, and the next group still goes in", async () => {
    const q = queueWithGate();
    let calls = 0;
    const enter = createPlacementGroups({
      exclusive: q.exclusive,
      enter: async () => {
        if (++calls === 1) throw new Error("database gone");
      },
    });
    const held = q.busy();
    const failed = [enter(placement("a")), enter(placement("b"))].map((p) => p.then(() => "entered", (e: Error) => e.message));
    q.open();
    await held;
    expect(await Promise.all(failed)).toEqual(["database gone", "database gone"]);
    await expect(enter(placement("c"))).resolves.toBeUndefined();
  });
});
