/** Timings the benchmark script reads through WebDriver (wall-clock ms since the epoch). */
declare global {
  interface Window {
    __videogenMetrics?: Record<string, number>;
  }
}

/** Records the first time `name` happened; later calls keep the first figure. */
export function markOnce(name: string): void {
  const metrics = (window.__videogenMetrics ??= {});
  if (metrics[name] === undefined) metrics[name] = Date.now();
}

/** Records `name` after the next frame is painted. */
export function markAfterPaint(name: string): void {
  requestAnimationFrame(() => {
    setTimeout(() => {
      markOnce(name);
    }, 0);
  });
}
