import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react'

interface BusyButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  busy: boolean
  /** What the button says while its action runs ("Signing in…"). */
  busyLabel: ReactNode
  variant?: 'primary' | 'secondary' | 'danger'
  ref?: Ref<HTMLButtonElement>
}

/**
 * A button whose action takes a while. While busy it is aria-disabled rather than disabled, so it
 * keeps keyboard focus (a disabled button drops focus to the page); the form ignores repeat presses.
 */
export function BusyButton({ busy, busyLabel, variant = 'primary', children, className, onClick, ref, ...rest }: BusyButtonProps) {
  return (
    <button
      ref={ref}
      className={`button button-${variant}${className ? ` ${className}` : ''}`}
      aria-disabled={busy || undefined}
      data-busy={busy || undefined}
      onClick={(event) => {
        if (busy) event.preventDefault()
        else onClick?.(event)
      }}
      {...rest}
    >
      {busy && <span className="spinner" aria-hidden="true" />}
      {busy ? busyLabel : children}
    </button>
  )
}
