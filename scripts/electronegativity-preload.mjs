// Loaded into Electronegativity's own process by scripts/electronegativity.ts (node --import). The
// scanner downloads its translations and Electron's release list (for upgrade advice) with got 11.
// Where those hosts cannot be reached, the scanner handles the failure and goes on, but on Node 24
// got retries the request after it has already failed and throws from the retry (sindresorhus/got#1489),
// which would end the scan. Errors from those two downloads are ignored; anything else still ends it.
const DOWNLOAD_HOSTS = new Set(['electronegativity-i18n.s3.us-west-2.amazonaws.com', 'raw.githubusercontent.com'])
const LATE_RETRY = 'The `onCancel` handler was attached after the promise settled.'

function fromFailedDownload(error) {
  if (!(error instanceof Error)) return false
  if (error.message === LATE_RETRY) return true
  const url = error.options?.url
  return url instanceof URL && DOWNLOAD_HOSTS.has(url.hostname)
}

process.on('uncaughtException', (error) => {
  if (fromFailedDownload(error)) return
  console.error(error)
  process.exit(1)
})
