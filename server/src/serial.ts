/**
 * A line of async work run one piece at a time, in the order given: each starts when the one before it has settled,
 * whether it succeeded or failed. Returns the function that adds work to the line.
 */
export function serially(): <T>(work: () => Promise<T>) => Promise<T> {
  let line: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = line.then(work, work);
    line = run.catch(() => undefined);
    return run;
  };
}
