// Progressive enhancement of the server's pages: a live strength meter and policy check on new
// passwords, a live "passwords match" check, and "Show password". Everything works without it.
import { assessPassword } from '../../src-shared/password-policy'

interface PolicyData {
  minLength: number
  username?: string
  displayName?: string
}

function readPolicy(form: HTMLFormElement): PolicyData | undefined {
  try {
    const data = JSON.parse(form.dataset.passwordPolicy ?? '') as PolicyData
    return typeof data.minLength === 'number' ? data : undefined
  } catch {
    return undefined
  }
}

function enhanceStrengthMeter(form: HTMLFormElement, policy: PolicyData): void {
  for (const input of form.querySelectorAll<HTMLInputElement>('input[data-new-password]')) {
    const box = form.querySelector<HTMLElement>(`[data-strength-for="${input.name}"]`)
    const meter = box?.querySelector('meter')
    const text = box?.querySelector<HTMLElement>('.strength-text')
    if (!box || !meter || !text) continue
    const update = () => {
      if (!input.value) {
        box.hidden = true
        return
      }
      const result = assessPassword(input.value, {
        minLength: policy.minLength,
        context: { username: policy.username, displayName: policy.displayName },
      })
      box.hidden = false
      meter.value = result.strength.score
      box.dataset.score = String(result.strength.score)
      text.textContent = result.ok
        ? `Strength: ${result.strength.label}.`
        : `Strength: ${result.strength.label}. ${result.problems[0]?.message ?? ''}`
    }
    input.addEventListener('input', update)
    update()
  }
}

function enhanceConfirmation(form: HTMLFormElement): void {
  for (const confirm of form.querySelectorAll<HTMLInputElement>('input[data-confirms]')) {
    const original = form.querySelector<HTMLInputElement>(`input[name="${confirm.dataset.confirms}"]`)
    if (!original) continue
    const status = document.createElement('p')
    status.className = 'match-status'
    status.setAttribute('aria-live', 'polite')
    confirm.insertAdjacentElement('afterend', status)
    const update = () => {
      if (!confirm.value) status.textContent = ''
      else if (confirm.value === original.value) status.textContent = 'The passwords match.'
      else if (original.value.startsWith(confirm.value)) status.textContent = ''
      else status.textContent = 'The passwords do not match.'
      status.dataset.match = String(Boolean(confirm.value) && confirm.value === original.value)
    }
    confirm.addEventListener('input', update)
    original.addEventListener('input', update)
  }
}

function addShowPasswordToggles(): void {
  for (const input of document.querySelectorAll<HTMLInputElement>('input[type="password"]')) {
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'link-button show-password'
    button.textContent = 'Show'
    button.setAttribute('aria-pressed', 'false')
    button.setAttribute('aria-label', `Show ${document.querySelector(`label[for="${input.id}"]`)?.textContent ?? 'password'}`)
    button.addEventListener('click', () => {
      const show = input.type === 'password'
      input.type = show ? 'text' : 'password'
      button.textContent = show ? 'Hide' : 'Show'
      button.setAttribute('aria-pressed', String(show))
    })
    input.insertAdjacentElement('afterend', button)
  }
}

function start(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-password-policy]')) {
    const policy = readPolicy(form)
    if (!policy) continue
    enhanceStrengthMeter(form, policy)
    enhanceConfirmation(form)
  }
  addShowPasswordToggles()
  document.querySelector<HTMLElement>('.error-summary')?.focus()
}

start()
