// The preload's API (see src-shared/ipc.ts): the renderer's only way to reach anything outside the page.
import type { ConsoleApi } from '../src-shared/ipc'

declare global {
  interface Window {
    readonly textup: ConsoleApi
  }
}

export {}
