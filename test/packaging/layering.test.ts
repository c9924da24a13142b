// The layering rules that `npm run lint` checks the real code against (.dependency-cruiser.cjs)
// fire on the imports they forbid: cruised as if it were the repository, test/lint-fixtures breaks
// each rule once.
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { cruise, type IConfiguration, type IViolation } from 'dependency-cruiser'
import { describe, expect, it } from 'vitest'

const FIXTURES = fileURLToPath(new URL('../lint-fixtures', import.meta.url))
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration

async function violations(baseDir: string, paths: string[]): Promise<IViolation[]> {
  const { tsConfig: _, ...options } = config.options ?? {}
  const result = await cruise(paths, { ...options, ruleSet: { forbidden: config.forbidden }, baseDir, validate: true, outputType: 'json' })
  const output =
    typeof result.output === 'string' ? (JSON.parse(result.output) as { summary: { violations: IViolation[] } }) : result.output
  return output.summary.violations
}

describe('the layering rules', () => {
  it('each fires on the import it forbids', { timeout: 60_000 }, async () => {
    const found = (await violations(FIXTURES, ['server', 'src-main', 'src-renderer', 'src-shared', 'cycle', 'test', 'bench'])).map(
      (v) => `${v.rule.name}: ${v.from} → ${v.to}`,
    )
    expect(found.sort()).toEqual(
      [
        'background-work-sits-on-top: server/accounts/reaches-jobs.ts → server/jobs/job.ts',
        'domain-knows-no-http: server/accounts/reaches-http.ts → server/http/app.ts',
        'no-cycle-between-folders: server/mail/reaches-domain.ts → server/accounts/plain.ts',
        'no-cycle: cycle/a.ts → cycle/b.ts',
        'only-the-server-starts-http: server/accounts/reaches-http.ts → server/http/app.ts',
        'only-the-server-starts-http: server/starts-http.ts → server/http/app.ts',
        'renderer-runs-in-a-browser: src-renderer/reaches-main.ts → src-main/thing.ts',
        'renderer-has-no-node: src-renderer/reaches-node.ts → fs',
        'server-knows-no-console: server/reaches-console.ts → src-main/thing.ts',
        'shared-stands-alone: src-shared/reaches-server.ts → server/accounts/plain.ts',
        'storage-knows-no-domain: server/db/reaches-domain.ts → server/accounts/plain.ts',
        'tests-do-not-use-the-benchmark: test/uses-bench.ts → bench/tool.ts',
      ].sort(),
    )
  })
})
