// Phase: the data. 100,000 accounts in one transaction (the server stopped), all sharing one argon2id
// hash made with the server's own parameters, and which of them each load uses. A comparison seeds
// the same accounts into each build's data folder; a run on PostgreSQL into its database.
import { randomBytes } from 'node:crypto'
import { PasswordHasher } from '../../server/accounts/passwords'
import { loadConfig } from '../../server/config'
import { shuffled } from '../../lib/stats'
import { log, type Bench } from '../lib/bench'
import { generatePeople, unknownUsernames, type SeededUser, type SeedResult } from '../lib/seed'
import { searchQueries } from './search'

export type Dataset = Awaited<ReturnType<typeof seedAccounts>>

/** Puts the admin and the people into one database. */
export type Seeder = (admin: SeededUser, people: SeededUser[], passwordHash: string) => Promise<SeedResult>

export async function seedAccounts(bench: Bench, seeders: Seeder[], serverEnv: Record<string, string>) {
  const { plan, random } = bench
  const password = randomBytes(15).toString('base64url')
  const hash = await new PasswordHasher(loadConfig({ ...serverEnv, PORT: '0' }).argon2).hash(password)
  const people = generatePeople(plan.users - 1, random)
  const admin: SeededUser = { username: 'bench.admin', displayName: 'Bench Admin', email: 'bench.admin@example.org' }
  for (const seed of seeders) {
    const seeded = await bench.phases.run(
      'seed',
      () => undefined,
      () => seed(admin, people, hash),
    )
    log(
      `seeded ${plan.users} accounts in ${(seeded.insertMs / 1000).toFixed(1)} s (one transaction; the search index kept by the schema), hash ${seeded.hashPrefix}`,
    )
  }
  const order = shuffled(people, random)
  const take = (() => {
    let next = 0
    return (n: number) => order.slice(next, (next += n))
  })()
  const signInAccounts = take(plan.signInAccounts).map((p) => p.username)
  const outboxPeople = take(plan.outboxRate * plan.outboxSeconds)
  const forgotExisting = take(5000).map((p) => p.username)
  return {
    password,
    hash,
    admin,
    people,
    signInAccounts,
    outboxPeople,
    forgotExisting,
    forgotUnknown: unknownUsernames(5000, new Set(people.map((p) => p.username)), random),
    queries: searchQueries(people, random, plan.queriesPerCategory),
  }
}
