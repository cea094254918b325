import { createTestApiKey, type Emulator, startEmulator } from '@oci-focus/emulator'
import type { ObjectStorageClient } from 'oci-objectstorage'
import { createAuth } from '../../src/auth/index.js'
import type { ApiKeyAuthOptions } from '../../src/auth/types.js'
import {
  createObjectStorageClient,
  createObjectStore,
  silenceSdkRetryWarnings,
} from '../../src/store/index.js'
import type { ObjectStore } from '../../src/store/types.js'
import { type ReportWindow, resolveWindow } from '../../src/window.js'

export const DEST_NS = 'emulatorns'
export const DEST_BUCKET = 'dest'
export const TENANCY = 'ocid1.tenancy.oc1..aaaacopytest'
// Short request-level retries: the default backs off for seconds.
export const FAST_RETRY = { attempts: 8, baseDelayMs: 5, maxDelayMs: 50 }

/** A strict-signature emulator, API-key credentials for it, and stores for bling/<tenancy> and the destination. */
export interface CopyEnv {
  readonly emulator: Emulator
  readonly authOptions: ApiKeyAuthOptions
  readonly client: ObjectStorageClient
  readonly source: ObjectStore
  readonly destination: ObjectStore
  close(): Promise<void>
}

export async function startCopyEnv(options: { dataDir?: string } = {}): Promise<CopyEnv> {
  const key = createTestApiKey()
  // Every planned HEAD of a new object is a 404 the SDK would print a warning for.
  const restoreWarnings = silenceSdkRetryWarnings()
  const emulator = await startEmulator({
    auth: 'strict',
    trustKeys: [key.publicKeyPem],
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  })
  await emulator.createBucket('bling', TENANCY)
  await emulator.createBucket(DEST_NS, DEST_BUCKET)
  const authOptions: ApiKeyAuthOptions = {
    kind: 'api-key',
    tenancy: TENANCY,
    user: 'ocid1.user.oc1..copytest',
    fingerprint: key.fingerprint,
    privateKey: key.privateKeyPem,
    region: 'us-ashburn-1',
  }
  const auth = await createAuth(authOptions)
  const client = createObjectStorageClient({ auth, endpoint: emulator.url })
  const source = createObjectStore({ client, namespace: 'bling', bucket: TENANCY, retry: FAST_RETRY })
  const destination = createObjectStore({
    client,
    namespace: DEST_NS,
    bucket: DEST_BUCKET,
    retry: FAST_RETRY,
  })
  return {
    emulator,
    authOptions,
    client,
    source,
    destination,
    async close() {
      client.close()
      await emulator.stop()
      restoreWarnings()
    },
  }
}

/** The FOCUS window of one day, evaluated as if today were a few days later. */
export function dayWindow(day: string): ReportWindow {
  const now = new Date(`${day}T00:00:00Z`)
  now.setUTCDate(now.getUTCDate() + 2)
  return resolveWindow({ date: day, now })
}

/** Highest number of requests of `operation` that overlapped in time, from the request log. */
export function maxOverlap(emulator: Emulator, operation: string): number {
  const events: Array<[number, number]> = []
  for (const entry of emulator.requests.list()) {
    if (entry.operation !== operation) continue
    events.push([entry.time, 1], [entry.time + entry.durationMs, -1])
  }
  // Ends sort before starts at the same instant: touching intervals do not overlap.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let current = 0
  let max = 0
  for (const [, delta] of events) {
    current += delta
    max = Math.max(max, current)
  }
  return max
}

export function countOperations(emulator: Emulator, ...operations: string[]): number {
  return emulator.requests.list().filter((entry) => operations.includes(entry.operation)).length
}
