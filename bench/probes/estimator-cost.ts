// What the password-strength estimator (zxcvbn-ts and its dictionaries, src-shared/password-policy)
// costs a process: time to load its module, time of the first assessment (which builds the ranked
// dictionaries, and loads them if the module does so lazily), and the memory both keep.
// Run in its own process with --expose-gc; prints one JSON line.
const collectGarbage = (globalThis as { gc?: () => void }).gc
const mib = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10

function memory(): { rssMiB: number; heapUsedMiB: number } {
  collectGarbage?.()
  const m = process.memoryUsage()
  return { rssMiB: mib(m.rss), heapUsedMiB: mib(m.heapUsed) }
}

const before = memory()
let t = performance.now()
const policy = await import('../../src-shared/password-policy')
const importMs = performance.now() - t
const afterImport = memory()
t = performance.now()
await Promise.resolve(policy.assessPassword('warm up the estimator'))
const firstAssessmentMs = performance.now() - t
const afterFirst = memory()
t = performance.now()
await Promise.resolve(policy.assessPassword('a second password to judge'))
const secondAssessmentMs = performance.now() - t

console.log(JSON.stringify({ before, importMs, afterImport, firstAssessmentMs, afterFirst, secondAssessmentMs }))

export {}
