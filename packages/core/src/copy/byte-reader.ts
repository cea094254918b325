/**
 * Pulls bytes from an async iterable of Buffers with exact-length reads and push-back, which a
 * streaming archive parser needs. Holds at most what the caller asked for plus one chunk.
 */
export class ByteReader {
  readonly #source: AsyncIterator<Buffer>
  #chunks: Buffer[] = []
  #head = 0
  #buffered = 0
  #eof = false

  constructor(source: AsyncIterable<Buffer>) {
    this.#source = source[Symbol.asyncIterator]()
  }

  /** Reads until `bytes` are buffered; false when the input ends first. */
  async fill(bytes: number): Promise<boolean> {
    while (this.#buffered < bytes && !this.#eof) {
      const next = await this.#source.next()
      if (next.done) {
        this.#eof = true
        break
      }
      if (next.value.length === 0) continue
      this.#chunks.push(next.value)
      this.#buffered += next.value.length
    }
    return this.#buffered >= bytes
  }

  /** Exactly `bytes` bytes, or undefined when the input ends first. */
  async read(bytes: number): Promise<Buffer | undefined> {
    if (bytes === 0) return Buffer.alloc(0)
    if (!(await this.fill(bytes))) return undefined
    return this.#take(bytes)
  }

  /** `max` bytes, fewer only at the end of the input, or undefined when nothing is left. */
  async readSome(max: number): Promise<Buffer | undefined> {
    await this.fill(max)
    if (this.#buffered === 0) return undefined
    return this.#take(Math.min(max, this.#buffered))
  }

  /** Puts bytes back in front of the stream. */
  unread(bytes: Buffer): void {
    if (bytes.length === 0) return
    if (this.#head > 0) this.#chunks[--this.#head] = bytes
    else this.#chunks.unshift(bytes)
    this.#buffered += bytes.length
  }

  /** Reads and drops everything left (so upstream verifiers see the whole input). */
  async drain(): Promise<number> {
    let dropped = this.#buffered
    this.#chunks = []
    this.#head = 0
    this.#buffered = 0
    while (!this.#eof) {
      const next = await this.#source.next()
      if (next.done) this.#eof = true
      else dropped += next.value.length
    }
    return dropped
  }

  #take(bytes: number): Buffer {
    const first = this.#chunks[this.#head]!
    if (first.length >= bytes) {
      this.#buffered -= bytes
      if (first.length === bytes) this.#advance()
      else this.#chunks[this.#head] = first.subarray(bytes)
      return first.subarray(0, bytes)
    }
    const out = Buffer.allocUnsafe(bytes)
    let filled = 0
    while (filled < bytes) {
      const chunk = this.#chunks[this.#head]!
      const need = bytes - filled
      if (chunk.length <= need) {
        chunk.copy(out, filled)
        filled += chunk.length
        this.#advance()
      } else {
        chunk.copy(out, filled, 0, need)
        this.#chunks[this.#head] = chunk.subarray(need)
        filled += need
      }
    }
    this.#buffered -= bytes
    return out
  }

  // A head index instead of Array#shift keeps many tiny chunks O(n).
  #advance(): void {
    this.#head++
    if (this.#head === this.#chunks.length) {
      this.#chunks = []
      this.#head = 0
    } else if (this.#head > 1024 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head)
      this.#head = 0
    }
  }
}
