// Judges a new password as it is typed, through the main process (which holds the policy and its
// dictionaries, so the renderer bundle stays small).
import { useEffect, useState } from 'react'
import type { PasswordAssessment, PasswordContext } from '../../src-shared/ipc'
import { consoleClient } from '../lib/console-client'
import { useDebouncedValue } from './use-debounced-value'

const ASSESS_DELAY_MS = 250

/** null while the field is empty or the first judgement is on its way. */
export function usePasswordAssessment(password: string, context: PasswordContext): PasswordAssessment | null {
  const settled = useDebouncedValue(password, ASSESS_DELAY_MS)
  const { username, displayName, email } = context
  const [assessment, setAssessment] = useState<{ password: string; result: PasswordAssessment } | null>(null)

  useEffect(() => {
    if (settled === '') return
    let current = true
    void consoleClient.assessPassword(settled, { username, displayName, email }).then((result) => {
      if (current && result) setAssessment({ password: settled, result })
    })
    return () => {
      current = false
    }
  }, [settled, username, displayName, email])

  // Once the field is cleared (after a successful change), forget the last answer: it must not
  // flash up as the judgement of the next password while that one is being assessed.
  if (password === '' && assessment !== null) setAssessment(null)
  if (password === '' || assessment === null) return null
  return assessment.result
}
