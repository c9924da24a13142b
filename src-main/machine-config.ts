// Machine-wide settings that IT deploys (one JSON file per machine, one documented place per OS):
// the organisation's server address, whether admins may use another one, and whether the console
// may run its own embedded server. Read once at start; problems are reported in plain words.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { parseServerUrl } from './api-client'
import type { ServerPolicy } from './handlers'

export function machineConfigPath(platform: NodeJS.Platform, env: Record<string, string | undefined> = process.env): string {
  switch (platform) {
    case 'win32':
      return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'TextUp', 'console.json')
    case 'darwin':
      return '/Library/Application Support/TextUp/console.json'
    default:
      return '/etc/textup/console.json'
  }
}

const machineConfigSchema = z.strictObject({
  serverUrl: z.string({ message: 'serverUrl must be text, such as "https://accounts.example.org".' }).optional(),
  allowServerChange: z.boolean({ message: 'allowServerChange must be true or false.' }).optional(),
  allowEmbeddedServer: z.boolean({ message: 'allowEmbeddedServer must be true or false.' }).optional(),
})

export interface MachineConfig extends ServerPolicy {
  allowEmbeddedServer: boolean
  /** Sentences for the admin when the file could not be used. */
  problems: string[]
}

const DEFAULTS: MachineConfig = { serverUrl: undefined, serverLocked: false, allowEmbeddedServer: true, problems: [] }

/**
 * The machine's configuration. No file: the defaults. A file that cannot be read or is invalid
 * fails closed — no embedded server and no server address allowed, since the file may have been
 * meant to lock one — with a problem naming the file and what is wrong.
 */
export async function loadMachineConfig(file: string): Promise<MachineConfig> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULTS
    return invalid(file, `it cannot be read (${(error as Error).message})`)
  }
  let json: unknown
  try {
    // Windows Notepad saves UTF-8 with a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return invalid(file, 'it is not valid JSON')
  }
  const parsed = machineConfigSchema.safeParse(json)
  if (!parsed.success) {
    return invalid(
      file,
      parsed.error.issues
        .map((issue) => (issue.code === 'unrecognized_keys' ? `unknown setting ${issue.keys.join(', ')}` : issue.message))
        .join('; '),
    )
  }
  const { serverUrl, allowServerChange = true, allowEmbeddedServer = true } = parsed.data
  if (serverUrl === undefined) {
    if (!allowServerChange) return invalid(file, 'allowServerChange is false but no serverUrl is given')
    return { ...DEFAULTS, allowEmbeddedServer }
  }
  const address = parseServerUrl(serverUrl)
  if (!address.ok) return invalid(file, `serverUrl: ${address.message}`)
  return { serverUrl: address.origin, serverLocked: !allowServerChange, allowEmbeddedServer, problems: [] }
}

function invalid(file: string, why: string): MachineConfig {
  return {
    serverUrl: undefined,
    serverLocked: true,
    allowEmbeddedServer: false,
    problems: [`The machine configuration ${file} is invalid: ${why}. Signing in is disabled until your IT department corrects it.`],
  }
}
