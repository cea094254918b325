import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { ActionError } from './errors.js'

/** An unpacked database wallet; `dispose()` deletes it. */
export interface UnpackedWallet {
  /** Folder holding tnsnames.ora, ewallet.pem, ... (used as both configDir and walletLocation). */
  readonly dir: string
  readonly files: readonly string[]
  dispose(): Promise<void>
}

// An ADB wallet is a flat zip of a dozen small files; anything much bigger is not a wallet.
const MAX_WALLET_BYTES = 10 * 1024 * 1024
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

/**
 * Unpacks the base64 wallet zip into a fresh private temp folder (mode 0700, files 0600). Only
 * flat entries with plain names are written; anything else fails the run before a byte is written.
 */
export async function unpackWallet(base64: string): Promise<UnpackedWallet> {
  const zip = Buffer.from(base64.replace(/\s+/g, ''), 'base64')
  if (zip.length === 0 || zip.length > MAX_WALLET_BYTES) {
    throw walletError(`must be base64 of a zip of at most ${MAX_WALLET_BYTES} bytes, got ${zip.length} bytes`)
  }
  const entries = readFlatZip(zip)
  const dir = await mkdtemp(join(tmpdir(), 'oci-focus-wallet-'))
  const dispose = () => rm(dir, { recursive: true, force: true })
  try {
    for (const entry of entries) await writeFile(join(dir, entry.name), entry.data, { mode: 0o600 })
  } catch (error) {
    await dispose()
    throw error
  }
  return { dir, files: entries.map((entry) => entry.name), dispose }
}

function walletError(rule: string): ActionError {
  return new ActionError('ACTION_INVALID_WALLET', `input 'db-wallet': ${rule}`, { input: 'db-wallet' })
}

/** Reads every file entry of an in-memory zip through its central directory. */
export function readFlatZip(zip: Buffer): { name: string; data: Buffer }[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (eocd < 0 || eocd + 22 > zip.length)
    throw walletError('must be a zip file, got no end-of-central-directory record')
  const count = zip.readUInt16LE(eocd + 10)
  let offset = zip.readUInt32LE(eocd + 16)
  const entries: { name: string; data: Buffer }[] = []
  for (let i = 0; i < count; i++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== 0x02014b50) {
      throw walletError(`must be a zip file, got a broken central directory at entry ${i + 1}`)
    }
    const flags = zip.readUInt16LE(offset + 8)
    const method = zip.readUInt16LE(offset + 10)
    const compressedSize = zip.readUInt32LE(offset + 20)
    const size = zip.readUInt32LE(offset + 24)
    const nameLength = zip.readUInt16LE(offset + 28)
    const next = offset + 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32)
    const localOffset = zip.readUInt32LE(offset + 42)
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength)
    offset = next
    if (name.endsWith('/')) continue
    if (!SAFE_NAME.test(name)) {
      throw walletError(`entries must be plain file names at the top level, got ${JSON.stringify(name)}`)
    }
    if ((flags & 1) !== 0) throw walletError(`entries must not be encrypted, got ${name}`)
    if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== 0x04034b50) {
      throw walletError(`must be a zip file, got a broken local header for ${name}`)
    }
    const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28)
    const raw = zip.subarray(start, start + compressedSize)
    let data: Buffer
    if (method === 0) data = raw
    else if (method === 8) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: MAX_WALLET_BYTES })
      } catch {
        throw walletError(`entry ${name} does not inflate`)
      }
    } else throw walletError(`entries must be stored or deflated, got method ${method} for ${name}`)
    if (data.length !== size) throw walletError(`entry ${name} must be ${size} bytes, got ${data.length}`)
    entries.push({ name, data })
  }
  if (entries.length === 0) throw walletError('must contain files, got an empty zip')
  return entries
}
