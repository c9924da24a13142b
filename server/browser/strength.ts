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
      box.hidden = false
      box.dataset.score = String(result.strength.score)
      const label = t.text(result.strength.label)
      const problem = result.problems[0]
      const message =
        result.ok || !problem
          ? t.t('pages.script.strength', { label })
          : t.t('pages.script.strengthWithProblem', { label, problem: t.text(problem.message) })
      text.textContent = message
      timer = setTimeout(() => {
        if (announce.textContent !== message) announce.textContent = message
      }, ANNOUNCE_AFTER_MS)
    }
    input.addEventListener('input', () => void update())
    void update()
  }
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-password-policy]')) {
  const policy = readPolicy(form)
  if (policy) meter(form, policy)
}
