// Browser end-to-end tests in Debian's Chromium (Playwright's own browser download is not used):
//   pages    the server's browser pages (sign in, forgot password, reset link), test/e2e
//   console  the admin console's renderer wired to the real main-process handlers, test/console
//            (needs a Secret Service for the keychain: `npm test` starts one; see test/console/harness.ts)
import { defineConfig } from '@playwright/test'

export default defineConfig({
  // The pages load /assets/pages.js and site.css from dist/assets, the console loads dist/renderer:
  // build what is missing or older than its sources, as `npm test` does.
  globalSetup: ['./test/global-setup.ts', './test/console/global-setup.ts'],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Chromium's background services try to reach Google and are refused on this network.
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
    },
    trace: 'retain-on-failure',
    // The console's tests start it in this language unless a spec says otherwise (test.use({ locale })).
    locale: 'en-US',
  },
  projects: [
    { name: 'pages', testDir: 'test/e2e', outputDir: 'test-results/e2e' },
    { name: 'console', testDir: 'test/console', outputDir: 'test-results/console' },
  ],
})
