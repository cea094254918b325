import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createTestApiKey, generateFocusReports, seedReports, startEmulator } from '@oci-focus/emulator'
import { describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const TENANCY = 'ocid1.tenancy.oc1..aaaaaaaainterrupt'

describe('Ctrl-C', () => {
  it('stops a copy cleanly: exit 130, nothing half-written at the destination', async () => {
    const key = createTestApiKey()
    const emulator = await startEmulator({
      auth: 'strict',
      trustKeys: [key.publicKeyPem],
      namespace: 'intns',
    })
    try {
      const today = new Date().toISOString().slice(0, 10)
      const reports = generateFocusReports({
        seed: 3,
        startDate: today,
        days: 1,
        filesPerDay: 4,
        rowsPerFile: 20,
        tenancyOcid: TENANCY,
      })
      await seedReports(emulator, reports.files, TENANCY)
      await emulator.createBucket('intns', 'dest')
      // Every download is slow enough for the interrupt to land mid-copy.
      emulator.faults.add({ operation: 'GetObject', latencyMs: 6_000, count: Number.POSITIVE_INFINITY })
      const child = spawn(
        process.execPath,
        [BIN, 'copy', '--dest-bucket', 'dest', '--home-region', 'us-ashburn-1'],
        {
          env: {
            PATH: process.env['PATH'] ?? '',
            OCI_CLI_USER: 'ocid1.user.oc1..interrupt',
            OCI_CLI_TENANCY: TENANCY,
            OCI_CLI_FINGERPRINT: key.fingerprint,
            OCI_CLI_KEY_CONTENT: key.privateKeyPem,
            OCI_CLI_REGION: 'us-ashburn-1',
            OCI_OBJECTSTORAGE_ENDPOINT: emulator.url,
          },
        },
      )
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
      })
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      // Wait until the copy is planned (core logs it just before the downloads start). The request
      // log records a request only once answered, so it cannot show a download in flight.
      const started = Date.now()
      while (!/\d+ to copy/.test(stderr) && Date.now() - started < 30_000) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(stderr).toMatch(/4 to copy/)
      child.kill('SIGINT')
      const code = await exited
      expect(code).toBe(130)
      expect(stderr).toContain('SIGINT received')
      // The interrupt came before any download finished: the aborted objects left nothing behind.
      expect(await emulator.listObjectNames('intns', 'dest')).toEqual([])
      expect(await emulator.listMultipartUploads('intns', 'dest')).toEqual([])
    } finally {
      await emulator.stop()
    }
  })
})
