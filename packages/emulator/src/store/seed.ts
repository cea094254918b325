import { createReadStream } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { EmulatorError } from '../errors.js'
import type { ObjectStorageService } from '../objectstorage/service.js'

/** Files that only exist to keep an otherwise empty folder in git or are OS litter; never objects. */
const IGNORED_FILES = new Set(['.gitkeep', '.DS_Store'])

/**
 * Loads `dir/<namespace>/<bucket>/<object name>`: every bucket folder becomes a bucket (even an
 * empty one; folder names may contain dots, like a tenancy OCID), every file below it an object
 * whose name is its relative path with `/` separators. Bytes are stored as they are on disk (a
 * `.gz` stays compressed, with no Content-Encoding), and the file's mtime becomes timeModified.
 */
export async function seedFromDirectory(service: ObjectStorageService, dir: string): Promise<void> {
  const fail = (message: string, path: string, cause?: unknown): never => {
    throw new EmulatorError(
      'EMULATOR_SEED_FAILED',
      `seed ${path}: ${message}`,
      { path },
      cause ? { cause } : undefined,
    )
  }
  let namespaces: string[]
  try {
    namespaces = (await readdir(dir)).sort()
  } catch (error) {
    return fail('must be a readable folder laid out as <namespace>/<bucket>/<object name>', dir, error)
  }
  for (const namespace of namespaces) {
    const namespacePath = join(dir, namespace)
    if (namespace.startsWith('.') || !(await stat(namespacePath)).isDirectory()) continue
    for (const bucket of (await readdir(namespacePath)).sort()) {
      const bucketPath = join(namespacePath, bucket)
      if (bucket.startsWith('.')) continue
      if (!(await stat(bucketPath)).isDirectory()) {
        fail('must be a bucket folder; objects go in <namespace>/<bucket>/, got a file', bucketPath)
      }
      await service.createBucket(namespace, bucket)
      for await (const { path, name } of walkFiles(bucketPath, '')) {
        const info = await stat(path)
        try {
          await service.putObject(namespace, bucket, name, createReadStream(path), {
            timeModified: info.mtime,
          })
        } catch (error) {
          fail('could not be read into the store', path, error)
        }
      }
    }
  }
}

async function* walkFiles(root: string, prefix: string): AsyncGenerator<{ path: string; name: string }> {
  const entries = (await readdir(join(root, prefix), { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )
  for (const entry of entries) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`
    const path = join(root, relative)
    const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(path)).isDirectory())
    if (isDirectory) {
      yield* walkFiles(root, relative)
    } else if (!IGNORED_FILES.has(entry.name)) {
      yield { path, name: relative }
    }
  }
}
