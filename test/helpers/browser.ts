// A minimal browser for HTTP tests: keeps cookies like a browser does (for one host), reads the
// CSRF token from each page, submits forms, and shows redirects instead of following them.
import { request as httpRequest } from 'node:http'
export interface Page {
  status: number
  headers: Headers
  text: string
  /** The Location of a redirect, as given. */
  location: string | null
  /** The CSRF token of the page's forms, when it has one. */
  csrf: string | undefined
  setCookies: string[]
}

type FormFields = Record<string, string | string[]>

export class Browser {
  readonly cookies = new Map<string, string>()
  private csrf: string | undefined

  constructor(
    readonly base: string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.request('GET', path, undefined, headers)
  }

  /** Submits a form as a browser would, with the CSRF token of the last page unless one is given. */
  async post(path: string, fields: FormFields, options: { csrf?: string | false; headers?: Record<string, string> } = {}): Promise<Page> {
    const body = new URLSearchParams()
    const token = options.csrf === undefined ? this.csrf : options.csrf
    if (token !== false && token !== undefined) body.append('_csrf', token)
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item)
    }
    return this.request('POST', path, body.toString(), { 'content-type': 'application/x-www-form-urlencoded', ...options.headers })
  }

  /**
   * A copy of this browser (its cookies and form token) that talks to another server of the same
   * installation: another instance behind the load balancer, in the multi-instance tests.
   */
  at(base: string): Browser {
    const other = new Browser(base, this.extraHeaders)
    for (const [name, value] of this.cookies) other.cookies.set(name, value)
    other.csrf = this.csrf
    return other
  }

  /** The CSRF token of the last page that had one. */
  get csrfToken(): string | undefined {
    return this.csrf
  }

  /** Sends anything at all: for bad-input tests. */
  async raw(method: string, path: string, body: string | Buffer | undefined, headers: Record<string, string>): Promise<Page> {
    return this.request(method, path, body, headers)
  }

  async request(method: string, path: string, body: string | Buffer | undefined, headers: Record<string, string>): Promise<Page> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    const allHeaders = { ...this.extraHeaders, ...(cookie ? { cookie } : {}), ...headers }
    // fetch always sends the real Host; a forged one needs the plain HTTP client.
    const response = Object.keys(allHeaders).some((name) => name.toLowerCase() === 'host')
      ? await plainRequest(method, new URL(path, this.base), body, allHeaders)
      : await fetch(new URL(path, this.base), { method, body, redirect: 'manual', headers: allHeaders })
    const setCookies = response.headers.getSetCookie()
    for (const line of setCookies) this.store(line)
    const text = await response.text()
    const csrf = /name="_csrf" value="([^"]+)"/.exec(text)?.[1]
    if (csrf) this.csrf = csrf
    return { status: response.status, headers: response.headers, text, location: response.headers.get('location'), csrf, setCookies }
  }

  private store(line: string): void {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim())
    const at = pair.indexOf('=')
    const name = pair.slice(0, at)
    const value = pair.slice(at + 1)
    const expired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()))
    if (expired || value === '') this.cookies.delete(name)
    else this.cookies.set(name, value)
  }
}

/** One request through node:http, which sends the headers exactly as given (Host included). */
function plainRequest(method: string, url: URL, body: string | Buffer | undefined, headers: Record<string, string>): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const responseHeaders = new Headers()
        for (const [name, value] of Object.entries(res.headers)) {
          for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, item)
        }
        const status = res.statusCode ?? 0
        const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks)
        resolve(new Response(payload, { status, headers: responseHeaders }))
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** The visible text of an HTML page, roughly: for asserting on what a person reads. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}
