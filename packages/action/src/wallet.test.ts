import { existsSync, readFileSync, statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { zip } from '../test/zip.js'
import { readFlatZip, unpackWallet } from './wallet.js'

// PEM armour is assembled at run time: these are fake key bodies, and literal armour in a committed
// file reads as a leaked private key to secret scanners.
const ARMOUR = (edge: 'BEGIN' | 'END', label: string) => `-----${edge} ${label}-----`

describe('unpackWallet', () => {
  it('validation: rejects entries that would leave the folder, naming the entry', () => {
    const evil = zip([{ name: '../tnsnames.ora', data: 'x' }]).toString('base64')
    return expect(unpackWallet(evil)).rejects.toThrow(
      `input 'db-wallet': entries must be plain file names at the top level, got "../tnsnames.ora"`,
    )
  })

  it('rejects bytes that are not a zip', async () => {
    await expect(unpackWallet(Buffer.from('hello world').toString('base64'))).rejects.toThrow(
      `input 'db-wallet': must be a zip file, got no end-of-central-directory record`,
    )
  })

  it('unpacks stored and deflated entries into a private folder and deletes it on dispose', async () => {
    const tns = 'mydb_high = (description=(address=(protocol=tcps)(port=1522)(host=adb.example)))\n'.repeat(
      20,
    )
    const wallet = await unpackWallet(
      zip([
        { name: 'tnsnames.ora', data: tns, deflate: true },
        { name: 'ewallet.pem', data: `${ARMOUR('BEGIN', 'ENCRYPTED PRIVATE KEY')}\n` },
      ]).toString('base64'),
    )
    expect(wallet.files).toEqual(['tnsnames.ora', 'ewallet.pem'])
    expect(readFileSync(`${wallet.dir}/tnsnames.ora`, 'utf8')).toBe(tns)
    expect(statSync(wallet.dir).mode & 0o777).toBe(0o700)
    expect(statSync(`${wallet.dir}/ewallet.pem`).mode & 0o777).toBe(0o600)
    await wallet.dispose()
    expect(existsSync(wallet.dir)).toBe(false)
  })

  it('checks each entry against its declared size', () => {
    const bytes = zip([{ name: 'sqlnet.ora', data: 'WALLET_LOCATION' }])
    bytes.writeUInt32LE(99, bytes.length - 22 - 46 - 'sqlnet.ora'.length + 24)
    expect(() => readFlatZip(bytes)).toThrow(`input 'db-wallet': entry sqlnet.ora must be 99 bytes, got 15`)
  })
})
