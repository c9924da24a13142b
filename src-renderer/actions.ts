// What the admin does that changes more than one store: signing in and out, a session that ended
// on the server, opening a user, a user just created, clearing the search, the menu's commands.
// Each store keeps to its own state; the flows that cross them are named here, so no store resets
// another and no screen reaches into several.
import { msg } from '../src-shared/i18n/translator'
import type { FirstAdminCreated, MenuCommand, SecondFactorSignIn, SignedInAdmin, SignInStep, UserView } from '../src-shared/ipc'
import { consoleClient } from './lib/console-client'
import { useNavigation } from './stores/navigation'
import { announce, useNotices } from './stores/notices'
import { useSession, type SignInMessage } from './stores/session'
import { useUsers } from './stores/users'

/** Everything the signed-in screens kept goes when the session goes (and before a new one starts). */
function forgetSignedInState(): void {
  useUsers.getState().reset()
  useNavigation.getState().reset()
  useNotices.getState().clear()
}

/** The admin signed in: the users screen, from an empty search. */
export function signedIn(admin: SignedInAdmin): void {
  forgetSignedInState()
  useSession.getState().signedIn(admin)
}

/** The password was right: the users screen, or the code screen when the server asks for a second factor. */
export function passwordAccepted(step: SignInStep): void {
  if (step.step === 'signed_in') signedIn(step.admin)
  else useSession.getState().secondFactorAsked(step.prompt)
}

/** The first admin was created: signed in with it (the users screen), or the sign-in screen saying why not. */
export function firstAdminCreated(username: string, created: FirstAdminCreated): void {
  useSession.getState().firstAdminCreated(username, created.step === 'sign_in' ? created : null)
  if (created.step === 'signed_in') signedIn(created.admin)
}

/** The code was right. A recovery code works once: the admin is told how many are left. */
export function secondFactorAccepted(result: SecondFactorSignIn): void {
  signedIn(result.admin)
  const left = result.recoveryCodesLeft
  if (left === null) return
  const few = left <= 3
  announce(
    msg(few ? 'start.secondFactor.recoveryCodeUsedFew' : 'start.secondFactor.recoveryCodeUsed', { count: left }),
    few ? 'error' : 'info',
  )
}

/** The sign-in waiting for its code ended (expired, too many wrong codes, password changed) or the admin cancelled it. */
export function startSignInAgain(reason: 'expired' | 'cancelled'): void {
  useSession
    .getState()
    .signedOut(
      reason === 'expired'
        ? { tone: 'error', text: msg('start.arrival.signInExpired') }
        : { tone: 'info', text: msg('start.arrival.signInCancelled') },
    )
}

/** The admin signs out (the button or the menu). */
export async function signOut(): Promise<void> {
  if (useSession.getState().phase !== 'signed-in') return
  const outcome = await consoleClient.signOut()
  forgetSignedInState()
  // The main process forgets the session on this computer either way; say so if the server was not told.
  const message: SignInMessage =
    outcome.ok || outcome.error.kind === 'signed_out'
      ? { tone: 'info', text: msg('start.arrival.signedOut') }
      : { tone: 'error', text: msg('start.arrival.signedOutLocally'), detail: outcome.error.title }
  useSession.getState().signedOut(message)
}

/** A call found the session ended on the server (expired, revoked, signed out elsewhere). */
export function sessionEnded(): void {
  if (useSession.getState().phase !== 'signed-in') return
  forgetSignedInState()
  // Information, not an error: nothing the admin did went wrong.
  useSession.getState().signedOut({ tone: 'info', text: msg('start.arrival.sessionEnded') })
}

/** Opening a user from the list: their row stays selected for the way back, and their details show. */
export function openUser(user: UserView): void {
  useUsers.getState().select(user.id)
  useNavigation.getState().openUser(user)
}

/** A user was just created: their details show, and the list behind has them, selected, for the way back. */
export function showCreatedUser(user: UserView): void {
  useNavigation.getState().closeCreateUser()
  openUser(user)
  const users = useUsers.getState()
  void users.search(users.query)
}

/** "Clear search" when nothing matched: every user again, and focus back in the search box. */
export function clearSearch(): void {
  const users = useUsers.getState()
  users.setQuery('')
  void users.search('')
  useNavigation.getState().focus('search')
}

/** The application menu's commands (Find, New user, Sign out): only while signed in. */
export function runMenuCommand(command: MenuCommand): void {
  if (useSession.getState().phase !== 'signed-in') return
  const navigation = useNavigation.getState()
  switch (command) {
    case 'find':
      if (navigation.createUserOpen) return
      if (navigation.view.name === 'users') navigation.focus('search')
      else navigation.showUsers('search')
      return
    case 'new-user':
      navigation.openCreateUser()
      return
    case 'sign-out':
      void signOut()
      return
  }
}
