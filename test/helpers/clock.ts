// A clock the test moves by hand: through session idle and absolute expiry, link expiry, throttle
// windows and mail backoff, without sleeping.
import type { Clock } from '../../server/clock'

export interface TestClock extends Clock {
  advanceMinutes(minutes: number): void
  advanceMs(ms: number): void
  set(date: Date): void
}

export function testClock(start: Date = new Date()): TestClock {
  let now = start.getTime()
  const clock = () => new Date(now)
  return Object.assign(clock, {
    advanceMinutes: (minutes: number) => {
      now += minutes * 60_000
    },
    advanceMs: (ms: number) => {
      now += ms
    },
    set: (date: Date) => {
      now = date.getTime()
    },
  })
}
