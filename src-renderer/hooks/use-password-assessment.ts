// Judges a new password as it is typed, through the main process (which holds the policy and its
// dictionaries, so the renderer bundle stays small).
import { useEffect, useRef, useState } from 'react'
import type { PasswordAssessment, PasswordContext } from '../../src-shared/ipc'
import { consoleClient } from '../lib/console-client'

const ASSESS_DELAY_MS = 250

/**
 * null while the field is empty or the first judgement is on its way. Judged again whenever the
 * field has a value: keyed on the value itself, so a field emptied and given the same text again
 * (within the pause), a screen that keeps the value after an error, or a field that starts filled
 * in are all judged. Earlier, a debounced copy of the value was the key: emptied and refilled with
 * the same text within the pause, it never changed, and the meter stayed empty beside a password.
 */
export function usePasswordAssessment(password: string, context: PasswordContext): PasswordAssessment | null {
  const { username, displayName, email } = context
  const [assessment, setAssessment] = useState<PasswordAssessment | null>(null)
  const judged = useRef(false)

  useEffect(() => {
    if (password === '') return
    let current = true
    // The first judgement at once (nothing shows yet), later ones after a pause in typing.
    const timer = setTimeout(
      () => {
        void consoleClient.assessPassword(password, { username, displayName, email }).then((result) => {
          if (!current || !result) return
          judged.current = true
          setAssessment(result)
        })
      },
      judged.current ? ASSESS_DELAY_MS : 0,
    )
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [password, username, displayName, email])

  // Once the field is cleared (after a successful change), forget the last answer: it must not
  // flash up as the judgement of the next password while that one is being assessed.
  if (password === '' && assessment !== null) {
    judged.current = false
    setAssessment(null)
  }
  return password === '' ? null : assessment
}
