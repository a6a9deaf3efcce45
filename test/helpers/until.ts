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

/** Polls an expectation for up to 5 s (its own failure, not a timeout, if it never holds). */
export async function eventually(check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
