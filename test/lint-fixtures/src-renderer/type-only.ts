import type { thing } from '../src-main/thing'
export type AllowedTypeOnly = typeof thing
