import { useT } from '../i18n'
import { useNotices, type Notice } from '../stores/notices'
import { Icon } from './icon'

/**
 * Messages after actions. The two regions are always in the page (a live region must exist before
 * text is put in it to be announced): successes and information politely, errors as alerts.
 * At the bottom right, in room of their own that the screen above gives up while they show
 * (styles.css, .toasts): they never cover the list's count line, Recent activity or a form.
 */
export function Toasts() {
  const notices = useNotices((state) => state.notices)
  const dismiss = useNotices((state) => state.dismiss)
  const polite = notices.filter((notice) => notice.tone !== 'error')
  const alerts = notices.filter((notice) => notice.tone === 'error')
  return (
    <div className="toasts">
      <div role="alert" className="toast-stack">
        {alerts.map((notice) => (
          <Toast key={notice.id} notice={notice} onDismiss={dismiss} />
        ))}
      </div>
      <div role="status" aria-live="polite" className="toast-stack">
        {polite.map((notice) => (
          <Toast key={notice.id} notice={notice} onDismiss={dismiss} />
        ))}
      </div>
    </div>
  )
}

function Toast({ notice, onDismiss }: { notice: Notice; onDismiss: (id: number) => void }) {
  const t = useT()
  return (
    <div className={`toast toast-${notice.tone}`}>
      <Icon name={notice.tone} className="toast-icon" />
      <p className="toast-message">{typeof notice.message === 'string' ? notice.message : t.text(notice.message)}</p>
      <button type="button" className="toast-dismiss" onClick={() => onDismiss(notice.id)} aria-label={t.t('start.toast.dismiss')}>
        ×
      </button>
    </div>
  )
}
