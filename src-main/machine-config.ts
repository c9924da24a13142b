// Machine-wide settings that IT deploys (one JSON file per machine, one documented place per OS):
// the organisation's server address, whether admins may use another one, and whether the console
// may run its own embedded server. Read once at start; problems are reported in plain words, in
// the console's language (the settings' names stay as IT writes them in the file).
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import type { Translator } from '../src-shared/i18n/translator'
import { issueMessage } from '../src-shared/i18n/validation'
import { parseServerUrl } from './api-client'
import type { ServerPolicy } from './console-deps'

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
  serverUrl: z.string().optional(),
  allowServerChange: z.boolean().optional(),
  allowEmbeddedServer: z.boolean().optional(),
})

export interface MachineConfig extends ServerPolicy {
  allowEmbeddedServer: boolean
  /** Sentences for the admin when the file could not be used, in the console's language. */
  problems: string[]
}

const DEFAULTS: MachineConfig = { serverUrl: undefined, serverLocked: false, allowEmbeddedServer: true, problems: [] }

/**
 * The machine's configuration. No file: the defaults. A file that cannot be read or is invalid
 * fails closed — no embedded server and no server address allowed, since the file may have been
 * meant to lock one — with a problem naming the file and what is wrong.
 */
export async function loadMachineConfig(file: string, t: Translator): Promise<MachineConfig> {
  const invalid = (reason: string): MachineConfig => ({
    serverUrl: undefined,
    serverLocked: true,
    allowEmbeddedServer: false,
    problems: [t.t('native.machineConfig.invalid', { file, reason: reason.replace(/\.$/, '') })],
  })
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULTS
    return invalid(t.t('native.machineConfig.unreadable', { error: (error as Error).message }))
  }
  let json: unknown
  try {
    // Windows Notepad saves UTF-8 with a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return invalid(t.t('native.machineConfig.notJson'))
  }
  const parsed = machineConfigSchema.safeParse(json)
  if (!parsed.success) return invalid(parsed.error.issues.map((issue) => settingProblem(t, issue)).join('; '))
  const { serverUrl, allowServerChange = true, allowEmbeddedServer = true } = parsed.data
  if (serverUrl === undefined) {
    if (!allowServerChange) return invalid(t.t('native.machineConfig.lockedWithoutServer'))
    return { ...DEFAULTS, allowEmbeddedServer }
  }
  const address = parseServerUrl(serverUrl, t)
  if (!address.ok) return invalid(t.t('native.machineConfig.badServerUrl', { problem: address.message.replace(/\.$/, '') }))
  return { serverUrl: address.origin, serverLocked: !allowServerChange, allowEmbeddedServer, problems: [] }
}

/** What is wrong with one setting, naming it as the file does. */
function settingProblem(t: Translator, issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return t.t('native.machineConfig.unknownSettings', { count: issue.keys.length, names: issue.keys.join(', ') })
  }
  const setting = issue.path[0]
  if (issue.code === 'invalid_type') {
    if (setting === undefined) return t.t('native.machineConfig.notAnObject')
    if (setting === 'serverUrl') return t.t('native.machineConfig.serverUrlNotText')
    return t.t('native.machineConfig.notBoolean', { setting: String(setting) })
  }
  return issueMessage(t, issue)
}
