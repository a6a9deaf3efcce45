/** Waits, polling every `everyMs`, until `condition` holds; fails after `limitMs`. */
export async function until(
  condition: () => Promise<boolean> | boolean,
  limitMs: number,
  everyMs = 20,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${limitMs} ms`);
    await new Promise((done) => setTimeout(done, everyMs));
  }
}
