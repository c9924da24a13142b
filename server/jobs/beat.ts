// When the mail worker works. Between rounds it sleeps until woken (new work), until a message falls
// due or until it is time to look again; then until its next beat. Its work shares the thread that
// answers requests and delays whatever request meets it: starting only on the beat, it never
// follows a forgot-password request at once, so the request an attacker times right after a probe
// does not meet the work the probe set off (SECURITY.md, "One answer to Forgot password").
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Rounds start only on multiples of this (the process's monotonic clock), whatever woke the worker.
 * An email waits 50 ms more on average.
 */
export const BEAT_MS = 100

export class WorkerBeat {
  private woken = false
  private stopping = false
  private interrupt: { onWake: boolean; end: () => void } | undefined

  get stopped(): boolean {
    return this.stopping
  }

  /** There is new work: end the sleep until the next look (not the wait for the beat). */
  wake(): void {
    this.woken = true
    if (this.interrupt?.onWake) this.interrupt.end()
  }

  /** Ends any sleep, for good. */
  stop(): void {
    this.stopping = true
    this.interrupt?.end()
  }

  /** A round begins: what woke the worker before now, this round sees. */
  beginRound(): void {
    this.woken = false
  }

  /** Sleeps until woken or for `untilNextLook()` ms (asked only if not woken already), then until the next beat. */
  async idle(untilNextLook: () => Promise<number>): Promise<void> {
    if (!this.woken && !this.stopping) {
      const ms = await untilNextLook()
      await this.pause(ms, true)
    }
    await this.pause(BEAT_MS - (performance.now() % BEAT_MS), false)
  }

  private async pause(ms: number, onWake: boolean): Promise<void> {
    // A wake() that came while the caller was reading the database found no sleep to end: honour
    // it now rather than sleeping through it.
    if (this.stopping || (onWake && this.woken)) return
    const controller = new AbortController()
    this.interrupt = { onWake, end: () => controller.abort() }
    await sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined)
    this.interrupt = undefined
  }
}
