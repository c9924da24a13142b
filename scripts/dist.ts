// `npm run dist`: installers with electron-builder (electron-builder.yml), signed with what the
// environment provides. `npm run dist -- --release` refuses to produce anything unsigned; a local
// build says plainly, before and after, that its installers are unsigned.
//
//   npm run dist [-- --win | --mac | --linux] [--release]
import { lookup } from 'node:dns/promises'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Configuration } from 'electron-builder'
import { parse } from 'yaml'
import { KEYTAR_MISSING, keytarInstalled } from './keytar'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const release = args.includes('--release') || process.env.TEXTUP_RELEASE === '1'
const platform = args.includes('--win') ? 'win' : args.includes('--mac') ? 'mac' : args.includes('--linux') ? 'linux' : hostPlatform()

function hostPlatform(): 'win' | 'mac' | 'linux' {
  return process.platform === 'win32' ? 'win' : process.platform === 'darwin' ? 'mac' : 'linux'
}

const env = process.env
const has = (...names: string[]) => names.every((name) => Boolean(env[name]))

/** Which signing this platform's installers would get, and what is missing for a release. */
function signingPlan(): { signed: boolean; how: string; missing: string[]; config: Configuration } {
  switch (platform) {
    case 'win': {
      if (
        has(
          'AZURE_TRUSTED_SIGNING_ENDPOINT',
          'AZURE_CODE_SIGNING_ACCOUNT',
          'AZURE_CERTIFICATE_PROFILE',
          'AZURE_TENANT_ID',
          'AZURE_CLIENT_ID',
          'AZURE_CLIENT_SECRET',
        )
      ) {
        return {
          signed: true,
          how: 'Azure Trusted Signing',
          missing: [],
          config: {
            win: {
              azureSignOptions: {
                endpoint: env.AZURE_TRUSTED_SIGNING_ENDPOINT!,
                codeSigningAccountName: env.AZURE_CODE_SIGNING_ACCOUNT!,
                certificateProfileName: env.AZURE_CERTIFICATE_PROFILE!,
                publisherName: env.AZURE_PUBLISHER_NAME ?? 'TextUp',
              },
            },
          },
        }
      }
      if ((has('CSC_LINK') || has('WIN_CSC_LINK')) && (has('CSC_KEY_PASSWORD') || has('WIN_CSC_KEY_PASSWORD'))) {
        return { signed: true, how: 'the certificate in CSC_LINK / WIN_CSC_LINK', missing: [], config: {} }
      }
      return {
        signed: false,
        how: 'unsigned',
        missing: [
          'WIN_CSC_LINK + WIN_CSC_KEY_PASSWORD (a code signing certificate), or AZURE_TRUSTED_SIGNING_ENDPOINT, AZURE_CODE_SIGNING_ACCOUNT, AZURE_CERTIFICATE_PROFILE, AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET',
        ],
        config: { win: { signAndEditExecutable: true } },
      }
    }
    case 'mac': {
      const missing: string[] = []
      if (!has('CSC_LINK') && !has('CSC_NAME'))
        missing.push('CSC_LINK (+ CSC_KEY_PASSWORD): a "Developer ID Application" certificate, or CSC_NAME for one in the keychain')
      if (
        !has('APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER') &&
        !has('APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID')
      ) {
        missing.push(
          'APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER (or APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID) for notarization',
        )
      }
      if (missing.length === 0) return { signed: true, how: 'Developer ID, hardened runtime, notarized', missing, config: {} }
      return { signed: false, how: 'unsigned', missing, config: { mac: { identity: null, notarize: false } } }
    }
    case 'linux': {
      // AppImage and deb carry no signature of their own; a release publishes SHA256SUMS signed with GPG.
      if (has('TEXTUP_GPG_KEY'))
        return { signed: true, how: `SHA256SUMS signed with GPG key ${env.TEXTUP_GPG_KEY}`, missing: [], config: {} }
      return { signed: false, how: 'unsigned', missing: ['TEXTUP_GPG_KEY (the GPG key that signs SHA256SUMS)'], config: {} }
    }
  }
}

async function canReachGitHub(): Promise<boolean> {
  try {
    await Promise.race([lookup('github.com'), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000))])
    return true
  } catch {
    return false
  }
}

async function main(): Promise<number> {
  const plan = signingPlan()
  if (!plan.signed && release) {
    console.error(
      `Refusing to make an unsigned release for ${platform}. Set:\n${plan.missing.map((m) => `  - ${m}`).join('\n')}\nSee docs/it-deployment.md.`,
    )
    return 2
  }
  if (!plan.signed) {
    console.warn(
      `\n*** LOCAL BUILD: the ${platform} installers will be UNSIGNED. Not for distribution. ***\n(For a release: npm run dist -- --release, with ${plan.missing.join('; ')})\n`,
    )
    env.CSC_IDENTITY_AUTO_DISCOVERY = 'false'
  }
  if (!keytarInstalled()) {
    // electron-builder would package the console without it, taking a missing optional dependency as expected.
    console.error(KEYTAR_MISSING)
    return 1
  }
  if (!(await canReachGitHub())) {
    console.error(
      "Packaging needs to download Electron and electron-builder's tools from github.com, which cannot be reached from this machine.\n" +
        'Run `npm run dist` on a machine with access to github.com (see README: "What needs a networked machine").',
    )
    return 1
  }
  await import('./build')
  const { build, Platform } = await import('electron-builder')
  const base = parse(await readFile(path.join(root, 'electron-builder.yml'), 'utf8')) as unknown as Configuration
  const target = { win: Platform.WINDOWS, mac: Platform.MAC, linux: Platform.LINUX }[platform]
  const artifacts = await build({ targets: target.createTarget(), config: merge(base, plan.config), publish: 'never', projectDir: root })
  console.log(`\nBuilt (${plan.signed ? `signed: ${plan.how}` : 'UNSIGNED'}):\n${artifacts.map((a) => `  ${a}`).join('\n')}`)
  if (platform === 'linux') await writeChecksums(artifacts, plan.signed)
  return 0
}

async function writeChecksums(artifacts: string[], sign: boolean): Promise<void> {
  const { createHash } = await import('node:crypto')
  const { writeFile } = await import('node:fs/promises')
  const { execFileSync } = await import('node:child_process')
  const lines = await Promise.all(
    artifacts.map(
      async (file) =>
        `${createHash('sha256')
          .update(await readFile(file))
          .digest('hex')}  ${path.basename(file)}`,
    ),
  )
  const sums = path.join(root, 'release', 'SHA256SUMS')
  await writeFile(sums, `${lines.join('\n')}\n`)
  if (sign)
    execFileSync('gpg', ['--batch', '--yes', '--local-user', env.TEXTUP_GPG_KEY!, '--armor', '--detach-sign', sums], { stdio: 'inherit' })
}

/** The signing settings on top of electron-builder.yml, one level deep (win: {...} merges into win). */
function merge(base: Configuration, extra: Configuration): Configuration {
  const result: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(extra)) {
    const current = result[key]
    result[key] = current && typeof current === 'object' && value && typeof value === 'object' ? { ...current, ...value } : value
  }
  return result
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error)
    const network = /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|getaddrinfo|socket hang up/i.test(message)
    console.error(
      network
        ? `Packaging stopped: a download failed (${message.split('\n')[0]}). Packaging needs access to github.com.`
        : `Packaging failed: ${message.split('\n')[0]}`,
    )
    process.exit(1)
  },
)
