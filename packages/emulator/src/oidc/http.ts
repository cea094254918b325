import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** A request target as handlers receive it: a parsed URL, or the raw target. */
export type RequestUrl = URL | string

export function toUrl(url: RequestUrl): URL {
  return typeof url === 'string' ? new URL(url, 'http://127.0.0.1') : url
}

/** Writes a JSON answer with the headers OCI services send. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'opc-request-id': randomUUID().replaceAll('-', '').toUpperCase(),
    ...headers,
  })
  res.end(text)
}

/**
 * Reads a small request body. Resolves `undefined` when it exceeds `limit` bytes (the rest is drained
 * so the connection stays usable).
 */
export async function readSmallBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  let tooLarge = false
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) tooLarge = true
    if (!tooLarge) chunks.push(chunk)
  }
  return tooLarge ? undefined : Buffer.concat(chunks)
}

/** Glob match where `*` matches any run of characters (used for subject and client rules). */
export function globMatch(pattern: string, value: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')
  return new RegExp(`^${escaped}$`, 's').test(value)
}
