import type { SortedNames } from './sorted-names.js'
import { ServiceError } from './wire.js'

export interface ListParameters {
  prefix: string
  start?: string
  startAfter?: string
  end?: string
  limit: number
  delimiter?: '/'
}

export type ListEntry = { kind: 'object'; name: string } | { kind: 'prefix'; prefix: string }

export interface ListPage {
  entries: ListEntry[]
  /** The first object name or rolled-up prefix that did not fit; undefined on the last page. */
  nextStartWith: string | undefined
}

/**
 * One ListObjects page over names in UTF-8 byte order. `start` is inclusive, `startAfter` and
 * `end` exclusive; with the `/` delimiter, names below the next `/` after `prefix` collapse into one
 * prefix entry. Objects and prefixes count together against `limit`, and `nextStartWith` is a real
 * name or prefix, usable as the next inclusive `start` (what the SDK iterators send back).
 */
export function listPage(names: SortedNames, parameters: ListParameters): ListPage {
  const { prefix, start, startAfter, end, limit, delimiter } = parameters
  const prefixKey = Buffer.from(prefix, 'utf8')
  const endKey = end === undefined ? undefined : Buffer.from(end, 'utf8')

  // Begin at the greatest lower bound among prefix, start and startAfter.
  let from = prefix
  let exclusive = false
  const bump = (candidate: string | undefined, isExclusive: boolean) => {
    if (candidate === undefined) return
    const order = Buffer.compare(Buffer.from(candidate, 'utf8'), Buffer.from(from, 'utf8'))
    if (order > 0 || (order === 0 && isExclusive)) {
      from = candidate
      exclusive = isExclusive
    }
  }
  bump(start, false)
  bump(startAfter, true)

  const entries: ListEntry[] = []
  let lastPrefix: string | undefined
  for (const { name, key } of names.from(from, exclusive)) {
    if (endKey && Buffer.compare(key, endKey) >= 0) break
    if (!startsWithBytes(key, prefixKey)) {
      // names sharing the prefix are contiguous in byte order; past them nothing more can match
      if (Buffer.compare(key, prefixKey) > 0) break
      continue
    }
    let entry: ListEntry = { kind: 'object', name }
    if (delimiter) {
      const slash = name.indexOf(delimiter, prefix.length)
      if (slash >= 0) {
        const rolledUp = name.slice(0, slash + 1)
        if (rolledUp === lastPrefix) continue
        lastPrefix = rolledUp
        entry = { kind: 'prefix', prefix: rolledUp }
      }
    }
    if (entries.length === limit) {
      return { entries, nextStartWith: entry.kind === 'object' ? entry.name : entry.prefix }
    }
    entries.push(entry)
  }
  return { entries, nextStartWith: undefined }
}

function startsWithBytes(key: Buffer, prefix: Buffer): boolean {
  return key.length >= prefix.length && key.subarray(0, prefix.length).equals(prefix)
}

export const OBJECT_FIELDS = [
  'name',
  'size',
  'etag',
  'md5',
  'timeCreated',
  'timeModified',
  'storageTier',
  'archivalState',
] as const
export type ObjectField = (typeof OBJECT_FIELDS)[number]

/** Parses `fields` (comma-separated, case-insensitive, possibly repeated); `name` is always included. */
export function parseFields(values: readonly string[] | undefined): Set<ObjectField> {
  const fields = new Set<ObjectField>(['name'])
  for (const value of values ?? []) {
    for (const raw of value.split(',')) {
      const wanted = raw.trim().toLowerCase()
      if (wanted === '') continue
      const field = OBJECT_FIELDS.find((candidate) => candidate.toLowerCase() === wanted)
      if (!field) {
        throw new ServiceError(
          400,
          'InvalidParameter',
          `The fields parameter must be a comma-separated list of ${OBJECT_FIELDS.join(', ')}, got '${raw}'`,
        )
      }
      fields.add(field)
    }
  }
  return fields
}
