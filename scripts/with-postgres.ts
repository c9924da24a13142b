// Runs a command with a throwaway PostgreSQL cluster (test/helpers/postgres-cluster.ts): one
// database with pg_trgm, named by TEXTUP_TEST_POSTGRES_URL in the command's environment. The
// cluster is stopped and deleted when the command ends, whatever its outcome; the command's exit
// code is this script's.
import { spawn } from 'node:child_process'
import { PostgresCluster } from '../test/helpers/postgres-cluster'

const [command, ...args] = process.argv.slice(2)
if (!command) {
  console.error('Usage: bash scripts/with-postgres.sh <command> [arguments…]')
  process.exit(64)
}

let cluster: PostgresCluster
try {
  cluster = await PostgresCluster.create()
} catch (error) {
  console.error(`with-postgres: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
let code = 1
try {
  const url = await cluster.createDatabase('textup_test', ['pg_trgm'])
  console.error(`with-postgres: PostgreSQL ${await cluster.version()} on 127.0.0.1:${cluster.port}`)
  const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, TEXTUP_TEST_POSTGRES_URL: url } })
  // Ctrl-C reaches the command from the terminal; a SIGTERM sent to this script is passed on. Either
  // way the cluster goes once the command has ended.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => signal === 'SIGTERM' && child.kill(signal))
  code = await new Promise<number>((resolve) => {
    child.once('error', (error) => {
      console.error(`with-postgres: ${error.message}`)
      resolve(127)
    })
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)))
  })
} finally {
  await cluster.destroy()
}
process.exit(code)
