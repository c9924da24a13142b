// Time as the services see it. Tests pass their own clock to move through expiry windows.
export type Clock = () => Date

export const systemClock: Clock = () => new Date()

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000)
}
