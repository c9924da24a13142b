import { useEffect, type RefObject } from 'react'
import { useNavigation, type FocusTarget } from '../stores/navigation'

/**
 * Moves focus to `ref` when someone asked for `target` (Ctrl+F → search, Back → the list, opening
 * a user → its heading). The request stays in the store until the element that answers it mounts.
 */
export function useFocusRequest(target: FocusTarget, ref: RefObject<HTMLElement | null>): void {
  const request = useNavigation((state) => state.focusRequest)
  const focusDone = useNavigation((state) => state.focusDone)
  useEffect(() => {
    if (request?.target !== target || !ref.current) return
    ref.current.focus()
    if (ref.current instanceof HTMLInputElement) ref.current.select()
    focusDone()
  }, [request, target, ref, focusDone])
}
