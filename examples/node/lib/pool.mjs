// Bounded concurrency that keeps order: at most `limit` calls of `fn` in flight, results
// yielded in the order of the input. Memory holds `limit` results at most.

/**
 * @template T, R
 * @param {AsyncIterable<T>|Iterable<T>} source
 * @param {number} limit
 * @param {(item: T) => Promise<R>} fn
 * @returns {AsyncGenerator<R>}
 */
export async function* mapOrdered(source, limit, fn) {
  const inflight = [];
  const start = (item) => {
    const p = fn(item);
    p.catch(() => {}); // handled when its turn comes; avoids an unhandled rejection meanwhile
    inflight.push(p);
  };
  for await (const item of source) {
    start(item);
    if (inflight.length >= limit) yield await inflight.shift();
  }
  while (inflight.length) yield await inflight.shift();
}

/** Splits an array into arrays of at most `n`. */
export function* chunks(array, n) {
  for (let i = 0; i < array.length; i += n) yield array.slice(i, i + n);
}
