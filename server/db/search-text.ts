// What the PostgreSQL search index holds for each account: username, name and email, joined by a
// line break (which no field and no search may contain, so a match never runs from one field into
// the next), lower-cased by ICU's root locale whatever the database's own locale, as JavaScript's
// toLowerCase does. Migration 0002 builds the trigram index on exactly this expression, and the
// search must use exactly it for PostgreSQL to use the index: changing it needs a new migration.
import { sql } from 'kysely'

export const POSTGRES_SEARCH_TEXT = sql`lower((username || E'\\n' || display_name || E'\\n' || email) collate "und-x-icu")`
