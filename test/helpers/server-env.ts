// The environment of a TextUp server process a test starts: the test's own environment without
// any variable that configures TextUp (so the caller's shell cannot leak in), plus the test's values.
import { CONFIG_VARIABLES } from '../../server/config'

export function serverEnv(values: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of CONFIG_VARIABLES) delete env[name]
  return { ...env, ...values }
}
