import * as common from 'oci-common'
import * as os from 'oci-objectstorage'
import { createTestApiKey, type TestApiKey } from '../src/index.ts'

// Fault tests must not trip the SDK's circuit breaker (common brief).
common.CircuitBreaker.EnableGlobalCircuitBreaker = false

export const TENANCY = 'ocid1.tenancy.oc1..aaaaaaaatesttenancy'
export const USER = 'ocid1.user.oc1..aaaaaaaatestuser'

let sharedKey: TestApiKey | undefined
/** One RSA key per test file (key generation costs tens of milliseconds). */
export function testKey(): TestApiKey {
  sharedKey ??= createTestApiKey()
  return sharedKey
}

export interface ClientOptions {
  key?: TestApiKey
  /** Attempts in total (1 = no retry). */
  attempts?: number
}

/** The official client, unmodified, pointed at the emulator with short retry delays. */
export function objectStorageClient(url: string, options: ClientOptions = {}): os.ObjectStorageClient {
  const key = options.key ?? testKey()
  const provider = new common.SimpleAuthenticationDetailsProvider(
    TENANCY,
    USER,
    key.fingerprint,
    key.privateKeyPem,
    null,
    common.Region.US_ASHBURN_1,
  )
  const client = new os.ObjectStorageClient(
    { authenticationDetailsProvider: provider },
    {
      retryConfiguration: {
        terminationStrategy: new common.MaxAttemptsTerminationStrategy(options.attempts ?? 4),
        delayStrategy: new common.FixedTimeDelayStrategy(0.05),
      },
      circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
    },
  )
  client.endpoint = url
  return client
}

export async function readAll(value: unknown): Promise<Buffer> {
  const chunks: Buffer[] = []
  if (value instanceof ReadableStream) {
    for await (const chunk of value as ReadableStream<Uint8Array>) chunks.push(Buffer.from(chunk))
  } else {
    for await (const chunk of value as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks)
}

/**
 * Builds dist/ when it is missing or older than src/ (tests of the bin run the built file, as
 * users do; `npm test` builds first through turbo, a bare `vitest run` may not have).
 */
export async function ensureBuilt(): Promise<string> {
  const { existsSync, statSync, readdirSync } = await import('node:fs')
  const { execFileSync } = await import('node:child_process')
  const { fileURLToPath } = await import('node:url')
  const { join } = await import('node:path')
  const packageDir = fileURLToPath(new URL('..', import.meta.url))
  const bin = join(packageDir, 'dist', 'bin.js')
  const newestSource = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
        entry.isDirectory() ? newestSource(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs,
      ),
    )
  if (!existsSync(bin) || statSync(bin).mtimeMs < newestSource(join(packageDir, 'src'))) {
    execFileSync('npm', ['run', 'build'], { cwd: packageDir, stdio: 'ignore' })
  }
  return bin
}
