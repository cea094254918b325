import type { ObjectHead, ObjectSummary } from '../store/types.js'

/** How a source object's bytes become destination objects. */
export type SourceFormat = 'gzip' | 'zip' | 'plain'

/** Metadata keys (without `opc-meta-`) that record where a destination object came from. */
export const METADATA_KEYS = {
  sourceName: 'source-name',
  sourceEtag: 'source-etag',
  sourceMd5: 'source-md5',
  sourceSize: 'source-size',
  sourceModified: 'source-modified',
  sourceEntry: 'source-entry',
  toolVersion: 'tool-version',
} as const

export function sourceFormat(name: string, keepCompressed: boolean): SourceFormat {
  if (keepCompressed) return 'plain'
  const lower = name.toLowerCase()
  if (lower.endsWith('.gz')) return 'gzip'
  if (lower.endsWith('.zip')) return 'zip'
  return 'plain'
}

/** `raw` → `raw/`; '' and undefined → ''. Leading slashes are dropped: object names have none. */
export function normalizePrefix(prefix: string | undefined): string {
  if (prefix === undefined) return ''
  const trimmed = prefix.replace(/^\/+/, '')
  if (trimmed === '') return ''
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`
}

/** The destination of a gzip or plain source: its path under the prefix, `.gz` dropped unless kept. */
export function destinationName(source: string, destPrefix: string, format: SourceFormat): string {
  const name = format === 'gzip' ? source.replace(/\.gz$/i, '') : source
  return `${destPrefix}${name}`
}

/** The folder zip entries land in: the zip's own folder under the prefix (`<dir>/<entry name>`). */
export function zipEntryFolder(source: string, destPrefix: string): string {
  const slash = source.lastIndexOf('/')
  return `${destPrefix}${slash === -1 ? '' : source.slice(0, slash + 1)}`
}

export function contentTypeFor(destination: string): string {
  const lower = destination.toLowerCase()
  if (lower.endsWith('.csv')) return 'text/csv'
  if (lower.endsWith('.gz')) return 'application/gzip'
  if (lower.endsWith('.zip')) return 'application/zip'
  if (lower.endsWith('.json')) return 'application/json'
  return 'application/octet-stream'
}

/** The provenance record written with every destination object; it is also the idempotency key. */
export function provenanceMetadata(
  source: ObjectSummary,
  toolVersion: string,
  entry?: string,
): Record<string, string> {
  const metadata: Record<string, string> = {
    [METADATA_KEYS.sourceName]: source.name,
    [METADATA_KEYS.sourceEtag]: source.etag,
    [METADATA_KEYS.sourceSize]: String(source.size),
    [METADATA_KEYS.sourceModified]: source.timeModified,
    [METADATA_KEYS.toolVersion]: toolVersion,
  }
  if (source.md5 !== undefined) metadata[METADATA_KEYS.sourceMd5] = source.md5
  if (entry !== undefined) metadata[METADATA_KEYS.sourceEntry] = entry
  return metadata
}

/**
 * Why an existing destination object is NOT an up-to-date copy of `source`, or undefined when it
 * is. Up to date = it records this source's name, etag and size, and its MD5 when OCI gave one.
 */
export function staleReason(source: ObjectSummary, head: ObjectHead): string | undefined {
  const meta = head.metadata
  const recorded = meta[METADATA_KEYS.sourceEtag]
  if (recorded === undefined) return 'destination exists without source metadata'
  if (meta[METADATA_KEYS.sourceName] !== undefined && meta[METADATA_KEYS.sourceName] !== source.name) {
    return `destination was copied from ${meta[METADATA_KEYS.sourceName]}`
  }
  if (recorded !== source.etag) return `source etag changed: recorded ${recorded}, now ${source.etag}`
  const recordedSize = meta[METADATA_KEYS.sourceSize]
  if (recordedSize !== String(source.size)) {
    return `source size changed: recorded ${recordedSize ?? 'none'}, now ${source.size}`
  }
  const recordedMd5 = meta[METADATA_KEYS.sourceMd5]
  if (source.md5 !== undefined && recordedMd5 !== source.md5) {
    return `source md5 changed: recorded ${recordedMd5 ?? 'none'}, now ${source.md5}`
  }
  return undefined
}
