// What the HTTP middleware leaves on ctx.state for the routes.
import type { ActiveSession } from '../accounts/sessions'

export interface HttpState {
  /** The browser's signed-in session, when there is one. */
  session?: ActiveSession | undefined
}
