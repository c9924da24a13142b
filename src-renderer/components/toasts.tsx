import { useT } from '../i18n'
import { useNotices, type Notice } from '../stores/notices'

/**
 * Messages after actions. The two regions are always in the page (a live region must exist before
 * text is put in it to be announced): successes and information politely, errors as alerts.
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
      <span className="toast-icon" aria-hidden="true">
        {notice.tone === 'error' ? '!' : notice.tone === 'success' ? '✓' : 'i'}
      </span>
      <p className="toast-message">{typeof notice.message === 'string' ? notice.message : t.text(notice.message)}</p>
      <button type="button" className="toast-dismiss" onClick={() => onDismiss(notice.id)} aria-label={t.t('start.toast.dismiss')}>
        ×
      </button>
    </div>
  )
}
