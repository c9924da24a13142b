// Free TCP ports on 127.0.0.1, for a process that must be started (and started again) on a port
// known in advance.
import { createServer, type AddressInfo } from 'node:net'

/**
 * A port nobody listens on right now. For a server that must come back at the same address after a
 * restart, as a service manager would restart it (the links it emailed before keep working).
 */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
