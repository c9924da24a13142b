// Indexed user search: a trigram full-text index over username, name and email, so that
// "any part of it" searches stay fast at 100,000 accounts.
//
// SQLite: an FTS5 trigram table kept by triggers, keyed by users.search_key, an integer of our
// own, because SQLite may renumber implicit rowids (VACUUM). PostgreSQL: a pg_trgm GIN index on an
// expression over the same three fields (db/search-text.ts); search_key is added there too, unused,
// so both engines have the same columns.
//
// The three fields are joined by a line break, which no field and no search text may contain
// (both refuse control characters): a match can never run from the end of one field into the
// next, as "jdoe john" would across "jdoe" and "John Doe" if they were joined by a space.
import { sql, type Kysely } from 'kysely'
import { engineOf } from '../engine'
import { POSTGRES_SEARCH_TEXT } from '../search-text'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('search_key', 'integer').execute()
  if (engineOf(db) === 'postgres') {
    // A trusted extension since PostgreSQL 13: the database's owner may create it.
    await sql`create extension if not exists pg_trgm`.execute(db)
    await sql`create index users_search_trigrams on users using gin (${POSTGRES_SEARCH_TEXT} gin_trgm_ops)`.execute(db)
    return
  }
  await sql`update users set search_key = rowid`.execute(db)
  await db.schema.createIndex('users_by_search_key').on('users').column('search_key').unique().execute()
  await sql`create virtual table users_search using fts5(text, tokenize = 'trigram')`.execute(db)
  await sql`insert into users_search (rowid, text) select search_key, username || char(10) || display_name || char(10) || email from users`.execute(
    db,
  )
  await sql`
    create trigger users_search_insert after insert on users begin
      update users set search_key = (select coalesce(max(search_key), 0) + 1 from users) where id = new.id;
      insert into users_search (rowid, text)
        select search_key, new.username || char(10) || new.display_name || char(10) || new.email from users where id = new.id;
    end`.execute(db)
  await sql`
    create trigger users_search_update after update of username, display_name, email on users begin
      update users_search set text = new.username || char(10) || new.display_name || char(10) || new.email where rowid = new.search_key;
    end`.execute(db)
  await sql`
    create trigger users_search_delete after delete on users begin
      delete from users_search where rowid = old.search_key;
    end`.execute(db)
}
