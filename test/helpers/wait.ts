// Waiting for something the server does in the background (the mail worker) by looking at what
// it leaves behind, instead of sleeping for a guessed time.
export type Found<T> = Exclude<T, false | null | undefined>

/** Polls `probe` until it returns something other than false, null or undefined, and returns that. */
export async function waitUntil<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<Found<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined && value !== null && value !== false) return value as Found<T>
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
