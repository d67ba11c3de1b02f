// Group commit: the items handed in during one turn of the event loop, or while the previous batch is being
// written, are written together (one transaction, one commit). On SQLite a transaction never yields, so without
// the wait for the end of the turn no two requests would ever share one.

/**
 * Returns the function that hands in one item; its promise settles with the item's own result once its batch
 * committed. `writeBatch` writes a batch in one transaction and answers one result per item, in order. When a
 * batch fails, each of its items is written again alone, in order, so that one bad item fails only its caller.
 */
export function groupCommit<T, R>(writeBatch: (items: T[]) => Promise<R[]>, maxBatch: number): (item: T) => Promise<R> {
  type Waiting = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };
  const queue: Waiting[] = [];
  let flushing = false;
  const alone = (w: Waiting) => writeBatch([w.item]).then(([result]) => w.resolve(result!), w.reject);
  const flush = async () => {
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        try {
          const results = await writeBatch(batch.map((w) => w.item));
          batch.forEach((w, i) => w.resolve(results[i]!));
        } catch (error) {
          if (batch.length === 1) batch[0]!.reject(error);
          else for (const w of batch) await alone(w);
        }
      }
    } finally {
      flushing = false;
    }
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!flushing) {
        flushing = true;
        setImmediate(() => void flush());
      }
    });
}
