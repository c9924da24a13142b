// Bundles the console's renderer (src-renderer) into dist/renderer, which the Electron main process
// serves over its custom protocol and the e2e harness serves to Chromium.
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

/**
 * The renderer may import only types from src-shared: its runtime code pulls in zod and zxcvbn,
 * which would bloat the bundle and duplicate what the main process already does. `import type`
 * is erased before bundling, so any module from these places reaching the bundler is a mistake.
 */
function typesOnlyFromShared(): Plugin {
  const forbidden = [/[\\/]src-shared[\\/]/, /^zod(\/|$)/, /^@zxcvbn-ts\//, /^node:/]
  // The one exception: the message catalogues and their translator (FormatJS, no zod), which the
  // renderer needs at runtime to speak the console's language, with the estimator's translated
  // warnings (zxcvbn-ts's small translation files, not its dictionaries). Their schema helper
  // (validation.ts) is zod's. And the strength meter's definition and stylesheet, shared with the pages.
  const allowed = [
    /[\\/]src-shared[\\/]i18n[\\/](?!validation)/,
    /^@zxcvbn-ts\/language-[a-z]+\/dist\/translations\./,
    /[\\/]src-shared[\\/]strength-meter(\.ts|\.css)?$/,
  ]
  return {
    name: 'textup:types-only-from-shared',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer && !allowed.some((pattern) => pattern.test(source)) && forbidden.some((pattern) => pattern.test(source))) {
        throw new Error(
          `${importer} imports "${source}" at runtime: the renderer may only \`import type\` from src-shared, and never Node or zod/zxcvbn.`,
        )
      }
      return null
    },
  }
}

/**
 * The dev server injects inline scripts and <style> elements (hot reload), which the page's CSP
 * forbids; drop the meta CSP when serving in development only. Built files keep it.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'textup:relax-csp-for-dev-server',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/i, ''),
  }
}

export default defineConfig({
  root: fileURLToPath(new URL('src-renderer', import.meta.url)),
  // Relative URLs: the files are served from a custom protocol in Electron and from a test server in e2e.
  base: './',
  plugins: [typesOnlyFromShared(), relaxCspForDevServer(), react()],
  build: {
    outDir: fileURLToPath(new URL('dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // Electron 45 ships Chromium 142.
    target: 'chrome140',
    // Chromium supports modulepreload natively; the polyfill would only add code (and fetch calls, which connect-src 'none' blocks).
    modulePreload: { polyfill: false },
    // No data: URLs for assets: everything is a file served from 'self'.
    assetsInlineLimit: 0,
  },
})
