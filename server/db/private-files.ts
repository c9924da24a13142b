// Files only the server's own user may read or write (the database, backups, emailed reset links):
// created 0600 whatever the umask, and tightened when found readable or writable by others.
import { chmodSync, closeSync, fchmodSync, openSync, statSync } from 'node:fs'

export const PRIVATE_FILE_MODE = 0o600

export interface TightenedFile {
  file: string
  /** Its permission bits before, in octal, such as "0644". */
  was: string
}

/**
 * Creates `file` empty with mode 0600 and says true, or says false when it already exists. The
 * mode is set after the open too, so that no umask can change it.
 */
export function createPrivateFile(file: string): boolean {
  let fd: number
  try {
    fd = openSync(file, 'wx', PRIVATE_FILE_MODE)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE)
  } finally {
    closeSync(fd)
  }
  return true
}

/** Takes every permission of group and others off a file or folder, if it has any; undefined when there was nothing to do or no such file. */
export function makePrivate(file: string): TightenedFile | undefined {
  let mode: number
  try {
    mode = statSync(file).mode & 0o777
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  if ((mode & 0o077) === 0) return undefined
  chmodSync(file, mode & 0o700)
  return { file, was: octal(mode) }
}

/** Permission bits as people write them: 0644. */
export function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`
}
