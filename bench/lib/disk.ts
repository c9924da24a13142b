// How long one SQLite commit takes on the disk that holds the data folder, with the server's
// settings (WAL, synchronous=FULL: an fsync per commit) and with synchronous=NORMAL (no fsync at
// commit in WAL mode; only checkpoints sync). better-sqlite3 is synchronous, so in the server each
// commit holds the event loop for this long.
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { summarize, type Summary } from '../../lib/stats'

export function commitLatency(directory: string, synchronous: 'FULL' | 'NORMAL', commits: number): Summary {
  const sqlite = new SQLite(path.join(directory, `commit-${synchronous.toLowerCase()}.sqlite`))
  try {
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma(`synchronous = ${synchronous}`)
    sqlite.exec('create table if not exists t (id integer primary key, at text not null)')
    const insert = sqlite.prepare('insert into t (at) values (?)')
    const samples: number[] = []
    for (let i = 0; i < commits; i++) {
      const t = performance.now()
      insert.run(new Date().toISOString())
      samples.push(performance.now() - t)
    }
    return summarize(samples)
  } finally {
    sqlite.close()
  }
}
