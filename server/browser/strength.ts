// The live password strength meter of pages with a new password. It runs the same policy as the
// server (src-shared/password-policy.ts), so what it says is what the server will say. Large,
// because the policy carries the common-password and English dictionaries: loaded only here.
//
// Its words come from the same catalogues as the server's (src-shared/i18n), in the page's language
// (<html lang>): the policy's reasons and the strength labels are messages this script translates
// itself, as it judges the password in the browser.
import { isLocale } from '../../src-shared/i18n/locales'
import { translator } from '../../src-shared/i18n/translator'
import { assessPassword } from '../../src-shared/password-policy'
import { strengthMeterView } from '../../src-shared/strength-meter'
import { pageLocale } from './strings'

const locale = pageLocale()
const t = translator(isLocale(locale) ? locale : undefined)

interface PolicyData {
  minLength: number
  username?: string
  displayName?: string
}

/** Announcements wait for a pause in typing, so a screen reader is not talked over at every key. */
const ANNOUNCE_AFTER_MS = 700

function readPolicy(form: HTMLFormElement): PolicyData | undefined {
  try {
    const data = JSON.parse(form.dataset.passwordPolicy ?? '') as PolicyData
    return typeof data.minLength === 'number' ? data : undefined
  } catch {
    return undefined
  }
}

function meter(form: HTMLFormElement, policy: PolicyData): void {
  for (const input of form.querySelectorAll<HTMLInputElement>('input[data-new-password]')) {
    const box = form.querySelector<HTMLElement>(`[data-strength-for="${input.name}"]`)
    const text = box?.querySelector<HTMLElement>('.strength-text')
    const announce = box?.querySelector<HTMLElement>('.strength-announce')
    if (!box || !text || !announce) continue
    let timer: ReturnType<typeof setTimeout> | undefined
    let latest = 0
    const update = async () => {
      clearTimeout(timer)
      const asked = ++latest
      if (!input.value) {
        box.hidden = true
        delete box.dataset.score
        delete box.dataset.level
        text.textContent = ''
        announce.textContent = ''
        return
      }
      const result = await assessPassword(input.value, {
        minLength: policy.minLength,
        context: { username: policy.username, displayName: policy.displayName },
      })
      // Typing went on while this was judged: a newer answer is on its way.
      if (asked !== latest) return
      // The console's meter shows the same view of the same judgement (src-shared/strength-meter.ts).
      const view = strengthMeterView(result)
      box.hidden = false
      box.dataset.score = String(view.score)
      box.dataset.level = view.level
      const label = document.createElement('span')
      label.className = 'strength-label'
      label.textContent = t.t('pages.script.strength', { label: view.label ? t.text(view.label) : '' })
      text.replaceChildren(label, ...(view.problem ? [` ${t.text(view.problem)}`] : []))
      const message = text.textContent ?? ''
      timer = setTimeout(() => {
        if (announce.textContent !== message) announce.textContent = message
      }, ANNOUNCE_AFTER_MS)
    }
    // Whenever the field has a value: typed, pasted or filled in (input), or already there when
    // the script starts (after a server-side error the pages keep no password: then no meter).
    input.addEventListener('input', () => void update())
    void update()
  }
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-password-policy]')) {
  const policy = readPolicy(form)
  if (policy) meter(form, policy)
}
