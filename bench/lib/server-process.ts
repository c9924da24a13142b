// Runs the production bundle (dist/server/main.js) as its own process, times its start to the first
// answer of GET /health, and stops it the way an operator would (SIGTERM).
import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

export interface ServerProcess {
  pid: number
  port: number
  url: string
  /** From spawning the process to the end of the first successful GET /health. */
  coldStartMs: number
  /** What the server wrote (warnings and errors only, at LOG_LEVEL=warn). */
  output: () => string
  /** Sends SIGTERM and waits for the exit; resolves with the exit code and how long stopping took. */
  stop(): Promise<{ code: number | null; ms: number }>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

function healthOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode === 200))
    })
    req.on('error', () => resolve(false))
  })
}

export interface StartServerOptions {
  /** What node runs: the bundle's path, or -e and a script. */
  args: string[]
  cwd: string
  env: Record<string, string>
  /** Extra node flags, such as --enable-source-maps. */
  nodeFlags?: string[]
  timeoutMs?: number
}

export async function startServerProcess(options: StartServerOptions): Promise<ServerProcess> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, PORT: String(port) }
  // The server must not inherit tsx's loader from this process.
  delete env.NODE_OPTIONS
  const started = performance.now()
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeFlags ?? []), ...options.args], {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  let exited: number | null | undefined
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve((exited = code))))
  const deadline = started + (options.timeoutMs ?? 30_000)
  for (;;) {
    if (exited !== undefined) throw new Error(`The server exited with code ${exited} before answering:\n${output}`)
    if (await healthOnce(port)) break
    if (performance.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`The server did not answer GET /health within ${options.timeoutMs ?? 30_000} ms:\n${output}`)
    }
    await sleep(2)
  }
  const coldStartMs = performance.now() - started
  if (child.pid === undefined) throw new Error('The server process has no pid')
  return {
    pid: child.pid,
    port,
    url: `http://127.0.0.1:${port}`,
    coldStartMs,
    output: () => output,
    async stop() {
      const t = performance.now()
      if (exited === undefined) child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      const code = await exit
      clearTimeout(timer)
      return { code, ms: performance.now() - t }
    },
  }
}
