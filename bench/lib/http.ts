// A minimal HTTP/1.1 client over keep-alive connections that times each request, for the loads
// that need one sample per request (labelled, or with its send time), and the helpers the browser
// forms need: the anonymous CSRF cookie and the form's hidden _csrf field.
import http from 'node:http'

export interface TimedResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
  /** When the request started, in milliseconds since the Unix epoch (sub-millisecond precision). */
  sentAt: number
  /** From the start of the request to the last byte of the answer. */
  ms: number
}

export interface RequestOptions {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string
}

/** Milliseconds since the Unix epoch with the monotonic clock's precision: comparable across processes on one machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now()
}

export class HttpClient {
  readonly agent: http.Agent

  constructor(
    readonly baseUrl: string,
    maxSockets = Infinity,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, scheduling: 'fifo' })
  }

  request(options: RequestOptions): Promise<TimedResponse> {
    const url = new URL(options.path, this.baseUrl)
    const body = options.body === undefined ? undefined : Buffer.from(options.body)
    const headers: Record<string, string> = { ...options.headers }
    if (body) headers['content-length'] = String(body.length)
    return new Promise((resolve, reject) => {
      const sentAt = epochMs()
      const start = performance.now()
      const req = http.request(url, { method: options.method ?? 'GET', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            sentAt,
            ms: performance.now() - start,
          }),
        )
      })
      req.on('error', reject)
      req.end(body)
    })
  }

  close(): void {
    this.agent.destroy()
  }
}

/** What a browser needs to post a TextUp form: its tu_csrf cookie and the page's _csrf field. */
export interface FormCredentials {
  cookie: string
  csrf: string
}

export async function formCredentials(client: HttpClient, pagePath: string): Promise<FormCredentials> {
  const page = await client.request({ path: pagePath })
  if (page.status !== 200) throw new Error(`GET ${pagePath} answered ${page.status}`)
  const setCookie = page.headers['set-cookie'] ?? []
  const cookie = setCookie.map((c) => c.split(';')[0] ?? '').find((c) => /^(__Host-)?tu_csrf=/.test(c))
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
  if (!cookie || !csrf) throw new Error(`GET ${pagePath} gave no CSRF cookie or field`)
  return { cookie, csrf }
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString()
}
