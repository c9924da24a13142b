// The layering of the code (see ARCHITECTURE in README, "What is here"), checked by
// dependency-cruiser as part of `npm run lint`: a wrong import fails the build instead of waiting
// for a reviewer. test/lint-fixtures holds deliberately wrong imports that prove each rule fires.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Modules never import each other, directly or through others: each layer rests on the ones below.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'renderer-runs-in-a-browser',
      severity: 'error',
      comment: 'The console renderer talks to the main process only through window.textup: never src-main, the server or Node at run time.',
      from: { path: '^src-renderer/' },
      to: { path: ['^src-main/', '^server/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-has-no-node',
      severity: 'error',
      comment: 'The console renderer is sandboxed: Node modules do not exist there.',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-stands-alone',
      severity: 'error',
      comment: 'src-shared holds the contracts both sides agree on, and imports nothing from either side.',
      from: { path: '^src-shared/' },
      to: { path: ['^server/', '^src-main/', '^src-renderer/'] },
    },
    {
      name: 'server-knows-no-console',
      severity: 'error',
      comment: 'The server runs without the console (on a server, in a container): it never imports it.',
      from: { path: '^server/' },
      to: { path: ['^src-main/', '^src-renderer/'] },
    },
    {
      name: 'domain-knows-no-http',
      severity: 'error',
      comment: 'The domain (accounts), email (mail), background work (jobs) and storage (db) do not know they are behind HTTP.',
      from: { path: '^server/(accounts|mail|jobs|db)/' },
      to: { path: '^server/http/' },
    },
    {
      name: 'storage-knows-no-domain',
      severity: 'error',
      comment: 'The storage layer (db) holds no rules: it imports no domain, email or background work.',
      from: { path: '^server/db/' },
      to: { path: '^server/(accounts|mail|jobs)/' },
    },
    {
      name: 'no-cycle-between-folders',
      severity: 'error',
      comment:
        'The domain (accounts) may queue email (mail), so email never reaches back into the domain: work that needs both (settling reset requests, delivering links, pruning) lives in jobs.',
      from: { path: '^server/mail/' },
      to: { path: '^server/accounts/' },
    },
    {
      name: 'background-work-sits-on-top',
      severity: 'error',
      comment: 'jobs composes the domain and email; neither imports it.',
      from: { path: '^server/(accounts|mail|db)/' },
      to: { path: '^server/jobs/' },
    },
    {
      name: 'only-the-server-starts-http',
      severity: 'error',
      comment:
        'Only the composition root (server.ts) puts the HTTP layer together; nothing else imports it. The page scripts (server/browser) may take types from the pages they run on.',
      from: { path: '^server/', pathNot: ['^server/http/', '^server/server\\.ts$', '^server/browser/'] },
      to: { path: '^server/http/' },
    },
    {
      name: 'tests-do-not-use-the-benchmark',
      severity: 'error',
      comment: 'Tests import product code and their helpers, never bench/: what both need lives in lib/.',
      from: { path: '^test/' },
      to: { path: '^bench/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '^dist/', '^test/lint-fixtures/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    moduleSystems: ['es6', 'cjs'],
  },
}
