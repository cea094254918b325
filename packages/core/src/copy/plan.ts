import type { ObjectHead, ObjectStore, ObjectSummary } from '../store/types.js'
import type { ReportWindow } from '../window.js'
import {
  destinationName,
  METADATA_KEYS,
  type SourceFormat,
  sourceFormat,
  staleReason,
  zipEntryFolder,
} from './naming.js'
import { mapPool } from './pool.js'
import type { CopyAction } from './types.js'

/** One source object and what the run will do with it. */
export interface PlannedObject {
  readonly source: ObjectSummary
  readonly format: SourceFormat
  readonly action: CopyAction
  /** Destination names known before copying (for zips: the entries an earlier copy wrote). */
  readonly destination: string[]
  readonly reason: string
}

export interface PlanOptions {
  readonly source: ObjectStore
  readonly destination: ObjectStore
  readonly window: ReportWindow
  readonly destPrefix: string
  readonly keepCompressed: boolean
  readonly force: boolean
  readonly headConcurrency: number
  readonly signal: AbortSignal | undefined
}

/**
 * Lists the window's prefixes in the source and HEADs each destination candidate to decide:
 * copy (not there), skip (there, recording this source's etag, size and md5) or recopy
 * (there, but from another version of the source). `force` turns skips into recopies.
 */
export async function planCopy(options: PlanOptions): Promise<PlannedObject[]> {
  const { source, destination, window, destPrefix, keepCompressed, force, signal } = options
  const listed = new Map<string, ObjectSummary>()
  for (const prefix of window.prefixes) {
    for await (const object of source.list(prefix, signal ? { signal } : {})) {
      if (object.name.endsWith('/') || !window.includes(object)) continue
      listed.set(object.name, object)
    }
  }
  const sources = [...listed.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const zipFolders = new Map<string, Promise<ObjectHead[]>>()
  const headOptions = signal ? { signal } : {}

  return mapPool(sources, options.headConcurrency, signal, async (object): Promise<PlannedObject> => {
    const format = sourceFormat(object.name, keepCompressed)
    if (format === 'zip') {
      // Entry names are only known by reading the zip, so look for objects an earlier copy
      // wrote from it in its destination folder.
      const folder = zipEntryFolder(object.name, destPrefix)
      let heads = zipFolders.get(folder)
      if (heads === undefined) {
        heads = headFolder(destination, folder, options.headConcurrency, signal)
        zipFolders.set(folder, heads)
      }
      const written = (await heads).filter((head) => head.metadata[METADATA_KEYS.sourceName] === object.name)
      const names = written.map((head) => head.name)
      if (written.length === 0)
        return { source: object, format, action: 'copy', destination: [], reason: 'new' }
      const stale = written.map((head) => staleReason(object, head)).find((reason) => reason !== undefined)
      if (stale !== undefined)
        return { source: object, format, action: 'recopy', destination: names, reason: stale }
      if (force) return { source: object, format, action: 'recopy', destination: names, reason: 'forced' }
      return { source: object, format, action: 'skip', destination: names, reason: 'up to date' }
    }
    const name = destinationName(object.name, destPrefix, format)
    const head = await destination.head(name, headOptions)
    if (head === undefined)
      return { source: object, format, action: 'copy', destination: [name], reason: 'new' }
    const stale = staleReason(object, head)
    if (stale !== undefined)
      return { source: object, format, action: 'recopy', destination: [name], reason: stale }
    if (force) return { source: object, format, action: 'recopy', destination: [name], reason: 'forced' }
    return { source: object, format, action: 'skip', destination: [name], reason: 'up to date' }
  })
}

async function headFolder(
  store: ObjectStore,
  folder: string,
  concurrency: number,
  signal: AbortSignal | undefined,
): Promise<ObjectHead[]> {
  const names: string[] = []
  for await (const object of store.list(folder, signal ? { signal } : {})) names.push(object.name)
  const heads = await mapPool(names, concurrency, signal, (name) =>
    store.head(name, signal ? { signal } : {}),
  )
  return heads.filter((head): head is ObjectHead => head !== undefined)
}
