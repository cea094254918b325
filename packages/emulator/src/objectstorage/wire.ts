import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { pipeline, type Readable, Transform } from 'node:stream'

/** An Object Storage error answer: `{ code, message }` with an HTTP status, as the real service sends. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError'
  readonly status: number
  readonly code: string
  readonly headers: OutgoingHttpHeaders

  constructor(status: number, code: string, message: string, headers: OutgoingHttpHeaders = {}) {
    super(message)
    this.status = status
    this.code = code
    this.headers = headers
  }
}

/** Query parameters split on `&` and the first `=`, each decoded once; `+` stays a literal `+` (the SDK never form-encodes). */
export type Query = ReadonlyMap<string, readonly string[]>

export function parseQuery(rawQuery: string): Query {
  const query = new Map<string, string[]>()
  if (rawQuery === '') return query
  for (const part of rawQuery.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const key = decodeComponent(eq < 0 ? part : part.slice(0, eq), 'query parameter name')
    const value = eq < 0 ? '' : decodeComponent(part.slice(eq + 1), `query parameter '${key}'`)
    const values = query.get(key)
    if (values) values.push(value)
    else query.set(key, [value])
  }
  return query
}

export function decodeComponent(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    throw new ServiceError(
      400,
      'InvalidParameter',
      `The ${what} is not valid percent-encoded UTF-8: '${raw}'`,
    )
  }
}

/** Per-request state shared by the router, the services and the request log. */
export interface Exchange {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly requestId: string
  /** Counts body bytes read and written, for the request log. */
  bytesIn: number
  bytesOut: number
  /** A response fault: close the socket after this many body bytes. */
  cutResponseAfter?: number
}

/** The request body as a stream that counts the bytes it passes (errors of the request propagate). */
export function requestBody(exchange: Exchange): Readable {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      exchange.bytesIn += chunk.length
      callback(null, chunk)
    },
  })
  // pipeline destroys `counter` with the request's error (a cut connection), so readers see it
  pipeline(exchange.req, counter, () => {})
  return counter
}

/** Reads the whole request body, refusing more than `limit` bytes (JSON bodies are small). */
export async function readBody(exchange: Exchange, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of exchange.req) {
    size += (chunk as Buffer).length
    exchange.bytesIn += (chunk as Buffer).length
    if (size > limit) {
      throw new ServiceError(400, 'RequestTooLarge', `The request body is larger than ${limit} bytes`)
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** Reads and discards what is left of the request body, so an early answer leaves the connection reusable. */
export async function drainBody(exchange: Exchange): Promise<void> {
  if (exchange.req.readableEnded) return
  try {
    for await (const chunk of exchange.req) exchange.bytesIn += (chunk as Buffer).length
  } catch {
    // the client went away; nothing to answer
  }
}

function baseHeaders(exchange: Exchange): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { 'opc-request-id': exchange.requestId }
  const clientRequestId = exchange.req.headers['opc-client-request-id']
  if (typeof clientRequestId === 'string') headers['opc-client-request-id'] = clientRequestId
  return headers
}

/** Sends a complete body (JSON or empty), honouring a response cut. */
export function sendBuffer(
  exchange: Exchange,
  status: number,
  headers: OutgoingHttpHeaders,
  body: Buffer,
): void {
  const { res } = exchange
  const noBody = exchange.req.method === 'HEAD' || status === 204 || status === 304
  res.writeHead(status, {
    ...baseHeaders(exchange),
    ...(noBody ? {} : { 'content-length': body.length }),
    ...headers,
  })
  if (noBody) {
    res.end()
    return
  }
  const cut = exchange.cutResponseAfter
  if (cut !== undefined && cut < body.length) {
    cutAfter(exchange, body.subarray(0, cut))
    return
  }
  exchange.bytesOut += body.length
  res.end(body)
}

export function sendJson(
  exchange: Exchange,
  status: number,
  value: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  sendBuffer(
    exchange,
    status,
    { 'content-type': 'application/json', ...headers },
    Buffer.from(JSON.stringify(value)),
  )
}

export function sendEmpty(exchange: Exchange, status: number, headers: OutgoingHttpHeaders = {}): void {
  sendBuffer(exchange, status, { 'content-length': 0, ...headers }, Buffer.alloc(0))
}

export function sendError(exchange: Exchange, error: ServiceError): void {
  if (exchange.res.headersSent) {
    exchange.res.destroy()
    return
  }
  sendJson(exchange, error.status, { code: error.code, message: error.message }, error.headers)
}

/**
 * Streams `body` as the response, with backpressure. `contentLength` is announced up front, so a
 * response cut (or a failing source) is seen by the client as a truncated body, never as success.
 */
export async function sendStream(
  exchange: Exchange,
  status: number,
  headers: OutgoingHttpHeaders,
  body: Readable,
  contentLength: number,
): Promise<void> {
  const { res } = exchange
  res.writeHead(status, { ...baseHeaders(exchange), 'content-length': contentLength, ...headers })
  const cut = exchange.cutResponseAfter
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer
      if (cut !== undefined && exchange.bytesOut + buffer.length >= cut) {
        cutAfter(exchange, buffer.subarray(0, cut - exchange.bytesOut))
        body.destroy()
        return
      }
      exchange.bytesOut += buffer.length
      if (!res.write(buffer)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done)
            res.off('close', done)
            resolve()
          }
          res.on('drain', done)
          res.on('close', done)
        })
        if (res.destroyed) {
          body.destroy()
          return
        }
      }
    }
    res.end()
  } catch {
    // source failed mid-body: the announced length cannot be met, so drop the connection
    res.destroy()
  }
}

/** Writes the last bytes before a fault cut, then drops the connection once they reached the socket. */
function cutAfter(exchange: Exchange, last: Buffer): void {
  const { res } = exchange
  exchange.bytesOut += last.length
  const destroy = () => {
    res.socket?.destroy()
    res.destroy()
  }
  if (last.length === 0) {
    // flush the status line and headers before dropping
    res.flushHeaders()
    setImmediate(destroy)
    return
  }
  res.write(last, () => setImmediate(destroy))
}
