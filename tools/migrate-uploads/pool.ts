// Bounded concurrency: at most `concurrency` items in flight. When a worker throws (a fatal error) or `shouldStop`
// turns true (Ctrl-C), no new item starts, the ones in flight finish, and the first error is rethrown.

export async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const runner = async (): Promise<void> => {
    while (!failure && !shouldStop() && next < items.length) {
      const item = items[next++];
      try {
        await worker(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const runners = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, runner);
  await Promise.all(runners);
  if (failure) throw failure.error;
}
