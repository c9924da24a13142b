// Requests the fault tests make the way a browser would, and a few a browser cannot: a form POST
// held between its headers and its body, and a bare connection attempt.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { Browser } from '../helpers/browser'

/** A browser that has loaded the forgot-password form (its own anonymous CSRF cookie and token). */
export async function forgotPasswordForm(url: string): Promise<Browser> {
  const browser = new Browser(url)
  const page = await browser.get('/forgot-password')
  if (page.status !== 200 || !browser.csrfToken) throw new Error(`GET /forgot-password answered ${page.status}`)
  return browser
}

/** Whether a forgot-password answer is the normal one: 303 to the "check your email" page. */
export const isAccepted = (status: number, location: string | null) => status === 303 && location === '/forgot-password/sent'

export interface RawAnswer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/**
 * A form POST in two steps, to have a request provably in flight: the headers go first with
 * `Expect: 100-continue`, and `started` resolves when the server answers "100 Continue", i.e. it
 * has parsed them and is handling the request; the body is sent when `send()` is called. `answer`
 * resolves when the answer has come and the connection is closed.
 */
export function heldPost(url: string, path: string, browser: Browser, fields: Record<string, string>) {
  const body = new URLSearchParams({ _csrf: browser.csrfToken ?? '', ...fields }).toString()
  const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  let onContinue: () => void = () => undefined
  let sendBody: () => void = () => undefined
  const started = new Promise<void>((resolve) => (onContinue = resolve))
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    const req = httpRequest(new URL(path, url), {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
        cookie,
        expect: '100-continue',
      },
    })
    req.on('continue', onContinue)
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      // Once the connection is closed too, so the server no longer counts it as in flight.
      res.on('end', () => req.once('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text })))
      res.on('error', reject)
    })
    req.on('error', reject)
    sendBody = () => req.end(body)
  })
  return { started, answer, send: () => sendBody() }
}

/** Resolves with the error code of a TCP connection attempt (undefined if it connected). */
export function connectOutcome(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = httpRequest(new URL('/health', url), { agent: false })
    req.on('response', (res) => {
      res.resume()
      resolve(undefined)
    })
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
    req.end()
  })
}
