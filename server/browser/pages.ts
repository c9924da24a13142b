// Progressive enhancement of every page: "Show password" toggles, a live "passwords match" check,
// and times in the reader's own time zone. Small on purpose: it loads on every page. Everything
// works without it. Its words come from the page (strings.ts), in the page's language.
import { pageLocale, pageStrings } from './strings'

const strings = pageStrings()

function addShowPasswordToggles(): void {
  for (const input of document.querySelectorAll<HTMLInputElement>('input[type="password"]')) {
    const row = document.createElement('div')
    row.className = 'input-row'
    // Moving a field blurs it: keep the focus autofocus gave it.
    const focused = document.activeElement === input
    input.replaceWith(row)
    row.append(input)
    if (focused) input.focus()
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'show-password'
    // The visible text is the accessible name ("Show"/"Hide"); aria-controls ties it to its field.
    button.textContent = strings.show ?? ''
    button.setAttribute('aria-controls', input.id)
    button.setAttribute('aria-pressed', 'false')
    button.addEventListener('click', () => {
      const show = input.type === 'password'
      input.type = show ? 'text' : 'password'
      button.textContent = (show ? strings.hide : strings.show) ?? ''
      button.setAttribute('aria-pressed', String(show))
    })
    row.append(button)
  }
  // Password managers only offer to save what was typed into password fields.
  for (const form of document.querySelectorAll('form')) {
    form.addEventListener('submit', () => {
      for (const button of form.querySelectorAll<HTMLButtonElement>('button.show-password[aria-pressed="true"]')) button.click()
    })
  }
}

function checkConfirmations(): void {
  for (const confirm of document.querySelectorAll<HTMLInputElement>('input[data-confirms]')) {
    const original = document.querySelector<HTMLInputElement>(`input[name="${confirm.dataset.confirms}"]`)
    if (!original) continue
    const status = document.createElement('p')
    status.className = 'match-status'
    status.setAttribute('aria-live', 'polite')
    ;(confirm.closest('.field') ?? confirm.parentElement)?.append(status)
    const update = () => {
      const match = confirm.value !== '' && confirm.value === original.value
      // Quiet while the confirmation is still a correct beginning of the password.
      if (!confirm.value || (!match && original.value.startsWith(confirm.value))) status.textContent = ''
      else status.textContent = (match ? strings.passwordsMatch : strings.passwordsDoNotMatch) ?? ''
      status.dataset.match = String(match)
    }
    confirm.addEventListener('input', update)
    original.addEventListener('input', update)
  }
}

/** The pseudo-locale (en-XA) writes dates as English does, like the server's translator. */
function intlLocale(): string {
  const locale = pageLocale()
  return locale === 'en-XA' ? 'en' : locale
}

/** The server writes times in UTC; here they become the reader's own time zone, in the page's language. */
function showLocalTimes(): void {
  // The one format TextUp shows a moment in (src-shared/i18n/translator.ts); the browser's own time zone.
  const format = new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' })
  for (const time of document.querySelectorAll<HTMLTimeElement>('time[datetime]')) {
    const date = new Date(time.dateTime)
    if (!Number.isNaN(date.getTime())) time.textContent = format.format(date)
  }
}

addShowPasswordToggles()
checkConfirmations()
showLocalTimes()
