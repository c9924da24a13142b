// Passkeys on the pages that offer them (sign in, the second step, two-step sign-in): shows their
// forms where the browser can do WebAuthn, and runs the ceremony — options from the server, the
// browser's prompt, the answer posted back in the form's `credential` field, so the server answers
// as for any form (a redirect, or a page that says what went wrong). Without JavaScript or WebAuthn
// the forms stay hidden and codes remain the way in.
import { browserSupportsWebAuthn, startAuthentication, startRegistration, WebAuthnError } from '@simplewebauthn/browser'
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser'
import { pageStrings } from './strings'

/** This script's words, in the page's language (strings.ts). */
const strings = pageStrings()

function say(form: HTMLFormElement, text: string): void {
  const status = form.querySelector<HTMLElement>('.passkey-status')
  if (status) status.textContent = text
}

/** A problem TextUp itself explains, in the page's language. */
class PasskeyProblem extends Error {}

/** Fetches the ceremony's options with the form's token (the server checks it like any form's). */
async function optionsFor(form: HTMLFormElement): Promise<unknown> {
  const token = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? ''
  const response = await fetch(form.dataset.optionsUrl ?? '', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token }).toString(),
    credentials: 'same-origin',
  })
  const body = (await response.json().catch(() => ({}))) as { error?: string }
  // The server's answer is in the page's language too (the same cookie and Accept-Language).
  if (!response.ok) throw new PasskeyProblem(body.error ?? strings.passkeyCouldNotStart ?? '')
  return body
}

async function run(form: HTMLFormElement, button: HTMLButtonElement): Promise<void> {
  const field = form.querySelector<HTMLInputElement>('input[name="credential"]')
  if (!field) return
  button.disabled = true
  say(form, strings.passkeyFollow ?? '')
  try {
    const options = await optionsFor(form)
    const answer =
      form.dataset.passkey === 'register'
        ? await startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON })
        : await startAuthentication({ optionsJSON: options as PublicKeyCredentialRequestOptionsJSON })
    field.value = JSON.stringify(answer)
    say(form, strings.passkeyChecking ?? '')
    form.submit()
  } catch (error) {
    // The browser's own error texts are technical and in its language, not the page's: only TextUp's are shown.
    say(
      form,
      notUsed(error) ? (form.dataset.notUsed ?? '') : error instanceof PasskeyProblem ? error.message : (strings.passkeyFailed ?? ''),
    )
    button.disabled = false
  }
}

/**
 * The browser used no passkey: the prompt was closed or timed out, or (signing in) this device has
 * no passkey for TextUp. WebAuthn answers all of these with NotAllowedError, on purpose (a page must
 * not learn which passkeys a device holds), and @simplewebauthn/browser passes it on as the cause of
 * a WebAuthnError, with the browser's own technical text as its message.
 */
function notUsed(error: unknown): boolean {
  if (error instanceof WebAuthnError && error.code === 'ERROR_CEREMONY_ABORTED') return true
  const cause: unknown = error instanceof WebAuthnError ? error.cause : error
  return cause instanceof Error && cause.name === 'NotAllowedError'
}

if (browserSupportsWebAuthn()) {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-passkey]')) {
    const button = form.querySelector<HTMLButtonElement>('button.passkey-start')
    if (!button) continue
    form.hidden = false
    button.addEventListener('click', () => void run(form, button))
    // Enter in the name field starts the ceremony rather than posting an empty answer.
    form.addEventListener('submit', (event) => {
      if (!form.querySelector<HTMLInputElement>('input[name="credential"]')?.value) {
        event.preventDefault()
        void run(form, button)
      }
    })
  }
}
