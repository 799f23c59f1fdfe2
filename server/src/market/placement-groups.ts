import type { Placement } from "./order-batches.ts";

/** Most orders entered as one group; a placement that would pass it starts the next group. */
export const MAX_GROUP_ORDERS = 1_000;

/**
 * Group commit for the market's queue. Placements that arrive while the queue is busy wait together and go in as
 * one group: one admission and one insert for all of them (order-batches.ts). The queue's database round trips are
 * then shared by everyone waiting instead of paid by each placement in turn, which is what bounds the intake under
 * load. Placements keep their arrival order, so time priority is unchanged.
 */
export function createPlacementGroups(options: {
  /** Runs work in the market's queue, after every earlier book change. */
  exclusive: <T>(work: () => Promise<T>) => Promise<T>;
  /** Enters a group's placements in order (in the queue). */
  enter: (placements: Placement[]) => Promise<void>;
}) {
  interface Group {
    placements: Placement[];
    orders: number;
    entered: Promise<void>;
  }
  let forming: Group | null = null;

  /** Enters `placement` with the group forming now; resolves once its outcomes are set. */
  return function enterInGroup(placement: Placement): Promise<void> {
    if (!forming || forming.orders + placement.orders.length > MAX_GROUP_ORDERS) {
      const group: Group = { placements: [], orders: 0, entered: Promise.resolve() };
      // The group closes when its turn in the queue comes: whatever arrived until then goes with it.
      group.entered = options.exclusive(() => {
        if (forming === group) forming = null;
        return options.enter(group.placements);
      });
      forming = group;
    }
    forming.placements.push(placement);
    forming.orders += placement.orders.length;
    return forming.entered;
  };
}
