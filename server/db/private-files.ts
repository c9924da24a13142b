// Files only the server's own user may read or write (the database, backups, emailed reset links):
// created 0600 whatever the umask, and tightened when found readable or writable by others.
// Windows keeps access rights in ACLs, which these modes do not describe: there only the creation
// mode applies, and nothing is judged or tightened.
import { chmodSync, closeSync, fchmodSync, openSync, statSync } from 'node:fs'

const PRIVATE_FILE_MODE = 0o600
const POSIX_MODES = process.platform !== 'win32'

export interface TightenedFile {
  file: string
  /** Its permission bits before, in octal, such as "0644". */
  was: string
}

/** Creates `file` empty with mode 0600 unless it exists. The mode is set again after the open, so no umask can change it. */
export function createPrivateFile(file: string): void {
  let fd: number
  try {
    fd = openSync(file, 'wx', PRIVATE_FILE_MODE)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return
    throw error
  }
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE)
  } finally {
    closeSync(fd)
  }
}

/** Takes every permission of group and others off a file or folder, if it has any; undefined when there was nothing to do or no such file. */
export function makePrivate(file: string): TightenedFile | undefined {
  const mode = modeOf(file)
  if (mode === undefined || (mode & 0o077) === 0) return undefined
  chmodSync(file, mode & 0o700)
  return { file, was: octal(mode) }
}

/** The folder's mode, in octal, when group or others may read or write in it; else undefined. */
export function openToOthers(folder: string): string | undefined {
  const mode = modeOf(folder)
  return mode !== undefined && (mode & 0o066) !== 0 ? octal(mode) : undefined
}

/** Permission bits, or undefined for no such file (and on Windows). */
function modeOf(file: string): number | undefined {
  if (!POSIX_MODES) return undefined
  try {
    return statSync(file).mode & 0o777
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Permission bits as people write them: 0644. */
function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`
}
