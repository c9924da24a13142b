// Fills a TextUp database with accounts for the benchmark, directly in SQLite (the server is not
// running; PostgreSQL: bench/lib/seed-postgres.ts): one admin for the API token, and ordinary staff accounts with plausible names, usernames
// and email addresses, all sharing one argon2id hash made once with the server's own parameters.
// The full-text search index is filled by the schema's triggers, as for accounts made by the server.
import { randomUUID } from 'node:crypto'
import SQLite from 'better-sqlite3'
import { usernameKey } from '../../src-shared/accounts'
import { databasePath } from '../../server/db/sqlite'

const FIRST_NAMES = [
  'Aaliyah',
  'Aaron',
  'Abdul',
  'Ada',
  'Adele',
  'Adrian',
  'Agnes',
  'Ahmed',
  'Aiko',
  'Alan',
  'Alba',
  'Alejandro',
  'Alice',
  'Amara',
  'Amelia',
  'Amir',
  'Ana',
  'Anders',
  'Andrea',
  'Ann',
  'Anna',
  'Anton',
  'Arjun',
  'Astrid',
  'Aurora',
  'Ayesha',
  'Beatriz',
  'Ben',
  'Bianca',
  'Boris',
  'Bruno',
  'Camille',
  'Carlos',
  'Carmen',
  'Chen',
  'Chloe',
  'Chidi',
  'Clara',
  'Daniel',
  'Daria',
  'David',
  'Deepa',
  'Diego',
  'Dmitri',
  'Elena',
  'Eli',
  'Elif',
  'Emeka',
  'Emil',
  'Emma',
  'Eric',
  'Esther',
  'Fatima',
  'Felix',
  'Fiona',
  'Francesca',
  'Gabriel',
  'Grace',
  'Hana',
  'Hannah',
  'Hassan',
  'Helga',
  'Hiroshi',
  'Ian',
  'Ida',
  'Imani',
  'Ines',
  'Ingrid',
  'Isaac',
  'Ivan',
  'Jamal',
  'James',
  'Jana',
  'Javier',
  'Jia',
  'Joao',
  'John',
  'Jonas',
  'Jose',
  'Julia',
  'Kai',
  'Karim',
  'Katarina',
  'Kenji',
  'Kofi',
  'Lara',
  'Layla',
  'Lea',
  'Leon',
  'Liam',
  'Lina',
  'Lucia',
  'Lukas',
  'Maya',
  'Mateo',
  'Mei',
  'Michelle',
  'Mikhail',
  'Mohammed',
  'Nadia',
  'Naomi',
  'Nia',
  'Nikolai',
  'Noah',
  'Nora',
  'Olga',
  'Oliver',
  'Omar',
  'Oscar',
  'Paula',
  'Pedro',
  'Priya',
  'Rafael',
  'Rania',
  'Ravi',
  'Rosa',
  'Ruth',
  'Sakura',
  'Samuel',
  'Sara',
  'Sebastian',
  'Sofia',
  'Sven',
  'Tariq',
  'Thomas',
  'Tomas',
  'Uma',
  'Valentina',
  'Victor',
  'Wei',
  'Yara',
  'Yusuf',
  'Zainab',
  'Zoe',
]
const LAST_NAMES = [
  'Abara',
  'Adeyemi',
  'Agarwal',
  'Ahn',
  'Alvarez',
  'Andersen',
  'Araujo',
  'Bakker',
  'Banda',
  'Barros',
  'Becker',
  'Bianchi',
  'Bjork',
  'Brown',
  'Campbell',
  'Castro',
  'Chandra',
  'Chen',
  'Cohen',
  'Costa',
  'Dahl',
  'Das',
  'Diaz',
  'Dubois',
  'Eze',
  'Farouk',
  'Fernandes',
  'Fischer',
  'Fontaine',
  'Garcia',
  'Gomez',
  'Gonzalez',
  'Gupta',
  'Haddad',
  'Hansen',
  'Hashemi',
  'Hoffmann',
  'Hughes',
  'Ibrahim',
  'Ito',
  'Ivanova',
  'Jensen',
  'Johansson',
  'Johnson',
  'Kaur',
  'Kim',
  'Koch',
  'Kowalski',
  'Kumar',
  'Larsen',
  'Laurent',
  'Lee',
  'Lindqvist',
  'Lopez',
  'Madsen',
  'Mahlangu',
  'Martin',
  'Martinez',
  'Mensah',
  'Meyer',
  'Moreau',
  'Morales',
  'Muller',
  'Murphy',
  'Nakamura',
  'Nguyen',
  'Nielsen',
  'Novak',
  'Nowak',
  'Obi',
  'Odhiambo',
  'Okafor',
  'Oliveira',
  'Olsen',
  'Osei',
  'Park',
  'Patel',
  'Pereira',
  'Petrov',
  'Popescu',
  'Quispe',
  'Rahman',
  'Ramos',
  'Reddy',
  'Rossi',
  'Russo',
  'Sabri',
  'Saito',
  'Santos',
  'Sato',
  'Schmidt',
  'Schneider',
  'Silva',
  'Singh',
  'Smith',
  'Sokolov',
  'Suzuki',
  'Tanaka',
  'Taylor',
  'Torres',
  'Tran',
  'Van Dijk',
  'Vasquez',
  'Wagner',
  'Wang',
  'Weber',
  'Williams',
  'Wilson',
  'Wong',
  'Yamamoto',
  'Yilmaz',
  'Zhang',
  'Zhou',
  'Zielinski',
]
const DOMAINS = ['example.org', 'staff.example.org', 'example.com', 'corp.example.net']

export interface SeededUser {
  username: string
  displayName: string
  email: string
}

export interface SeedResult {
  admin: SeededUser
  users: SeededUser[]
  /** The shared password hash's parameters, as stored (the PHC prefix). */
  hashPrefix: string
  insertMs: number
}

/** A plausible, unique username for each generated person: first.last, then first.last2, … */
export function generatePeople(count: number, random: () => number, taken: readonly SeededUser[] = []): SeededUser[] {
  // first.last → how many people have it so far: new people go on from the numbers taken.
  const seen = new Map<string, number>()
  for (const { username } of taken) {
    const [, base = username, n = ''] = /^(.*?)(\d*)$/.exec(username) ?? []
    seen.set(base, Math.max(seen.get(base) ?? 0, n === '' ? 1 : Number(n)))
  }
  const people: SeededUser[] = []
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  while (people.length < count) {
    const first = pick(FIRST_NAMES)
    const last = pick(LAST_NAMES)
    const base = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '')
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    const username = n === 1 ? base : `${base}${n}`
    people.push({ username, displayName: `${first} ${last}`, email: `${username}@${pick(DOMAINS)}` })
  }
  return people
}

/** Usernames of the same shape as the seeded ones that belong to nobody. */
export function unknownUsernames(count: number, existing: ReadonlySet<string>, random: () => number): string[] {
  const names: string[] = []
  while (names.length < count) {
    const first = FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)]!
    const last = LAST_NAMES[Math.floor(random() * LAST_NAMES.length)]!
    const candidate = `${first}.${last}${100 + Math.floor(random() * 900)}`.toLowerCase().replace(/[^a-z0-9.]/g, '')
    if (!existing.has(candidate)) names.push(candidate)
  }
  return names
}

/**
 * Inserts the admin and the people in one transaction into the database of dataDir, whose schema
 * the server has already created.
 */
export function seedDatabase(dataDir: string, admin: SeededUser, people: SeededUser[], passwordHash: string): SeedResult {
  const insertMs = insertUsers(dataDir, admin, people, passwordHash, people.length + 1)
  return { admin, users: people, hashPrefix: hashPrefix(passwordHash), insertMs }
}

/** Adds more staff to a seeded database (the large search measure); returns how long it took. */
export function addPeople(dataDir: string, people: SeededUser[], passwordHash: string, total: number): number {
  return insertUsers(dataDir, undefined, people, passwordHash, total)
}

/** The PHC string up to the salt: the algorithm and its parameters. */
export function hashPrefix(passwordHash: string): string {
  return passwordHash.slice(0, passwordHash.lastIndexOf('$', passwordHash.lastIndexOf('$') - 1) + 1)
}

function insertUsers(dataDir: string, admin: SeededUser | undefined, people: SeededUser[], passwordHash: string, total: number): number {
  const sqlite = new SQLite(databasePath(dataDir))
  try {
    sqlite.pragma('foreign_keys = ON')
    const insert = sqlite.prepare(`
      insert into users (id, username, username_key, display_name, email, role, status, password_hash, password_changed_at,
                         must_change_password, last_sign_in_at, created_at, updated_at)
      values (?, ?, ?, ?, ?, ?, 'active', ?, ?, 0, null, ?, ?)`)
    const now = new Date().toISOString()
    const started = performance.now()
    sqlite.transaction(() => {
      if (admin)
        insert.run(
          randomUUID(),
          admin.username,
          usernameKey(admin.username),
          admin.displayName,
          admin.email,
          'admin',
          passwordHash,
          now,
          now,
          now,
        )
      for (const p of people)
        insert.run(randomUUID(), p.username, usernameKey(p.username), p.displayName, p.email, 'user', passwordHash, now, now, now)
    })()
    const insertMs = performance.now() - started
    const count = (sqlite.prepare('select count(*) as n from users').get() as { n: number }).n
    const indexed = (sqlite.prepare('select count(*) as n from users_search').get() as { n: number }).n
    if (count !== total || indexed !== count) throw new Error(`Seeding left ${count} users and ${indexed} index rows, not ${total}`)
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    return insertMs
  } finally {
    sqlite.close()
  }
}
