import type { ReactNode, Ref } from 'react'
import type { ConsoleError } from '../../src-shared/ipc'
import { useT } from '../i18n'
import { formatWait } from '../lib/format'
import { Icon } from './icon'

interface ErrorBoxProps {
  error: Pick<ConsoleError, 'title' | 'detail' | 'kind' | 'retryAfterSeconds'>
  /** Messages for fields the form does not show. */
  more?: string[]
  /** Actions such as "Try again". */
  children?: ReactNode
  /** A heading to show above the error's own title. */
  heading?: ReactNode
  ref?: Ref<HTMLDivElement>
}

/** A ConsoleError as a box that is announced when it appears (role="alert"). */
export function ErrorBox({ error, more, children, heading, ref }: ErrorBoxProps) {
  const t = useT()
  const wait = error.kind === 'throttled' ? error.retryAfterSeconds : undefined
  return (
    <div className="error-box" role="alert" ref={ref} tabIndex={-1}>
      <Icon name="error" className="error-box-icon" />
      {heading && <p className="error-heading">{heading}</p>}
      <p className="error-title">{error.title}</p>
      {wait === undefined ? (
        error.detail && <p className="error-detail">{error.detail}</p>
      ) : (
        // The console's own words for how long, in place of a detail that says the same.
        <p className="error-detail">{t.t('start.error.wait', { wait: formatWait(wait, t) })}</p>
      )}
      {more && more.length > 0 && (
        <ul className="error-more">
          {more.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {children && <div className="error-actions">{children}</div>}
    </div>
  )
}
