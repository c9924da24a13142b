// The live password strength meter of pages with a new password. It runs the same policy as the
// server (src-shared/password-policy.ts), so what it says is what the server will say. Large,
// because the policy carries the common-password and English dictionaries: loaded only here.
import { assessPassword } from '../../src-shared/password-policy'

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
      const message = result.ok
        ? `Strength: ${result.strength.label}.`
        : `Strength: ${result.strength.label}. ${result.problems[0]?.message ?? ''}`
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
