// Every migration, in order. Listed statically (not read from a folder) so bundled and packaged
// builds carry them inside the bundle. Applied migrations are never edited: add a new one.
import type { Migration } from 'kysely'
import * as initial from './0001-initial'
import * as userSearch from './0002-user-search'
import * as passwordGeneration from './0003-password-generation-and-link-address'
import * as secondFactor from './0004-second-factor'
import * as preferredLanguage from './0005-preferred-language'

export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-user-search': userSearch,
  '0003-password-generation-and-link-address': passwordGeneration,
  '0004-second-factor': secondFactor,
  '0005-preferred-language': preferredLanguage,
}
