/**
 * Edits waiting for their debounce: the window flushes them all before the app quits
 * (the shell sends `flushRequested` and waits for `editsFlushed`).
 */
type Flush = () => Promise<void>;

const pending = new Map<string, Flush>();
const listeners = new Set<() => void>();

function changed() {
  for (const listener of listeners) listener();
}

/** Registers (or replaces) the pending save for `key`. */
export function setPending(key: string, flush: Flush) {
  pending.set(key, flush);
  changed();
}

/** Forgets the pending save for `key` (it ran or was cancelled). */
export function clearPending(key: string) {
  if (pending.delete(key)) changed();
}

/** How many saves are waiting. */
export function pendingCount(): number {
  return pending.size;
}

/** Subscribes to changes of the pending count. */
export function subscribePending(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs every pending save now; failures are reported by each save itself. */
export async function flushAll(): Promise<void> {
  const flushes = [...pending.values()];
  pending.clear();
  changed();
  await Promise.allSettled(flushes.map((flush) => flush()));
}
