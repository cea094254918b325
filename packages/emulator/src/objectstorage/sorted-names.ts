/**
 * Object names kept in UTF-8 byte order, which is how Object Storage lists them. JavaScript's
 * `<` compares UTF-16 code units and disagrees for characters above U+FFFF versus U+E000–U+FFFF,
 * so every name carries its UTF-8 bytes as the sort key.
 */
export class SortedNames {
  readonly #keys: Buffer[] = []
  readonly #names: string[] = []

  get size(): number {
    return this.#names.length
  }

  add(name: string): void {
    const key = Buffer.from(name, 'utf8')
    const index = this.#lowerBound(key)
    if (index < this.#keys.length && this.#keys[index]!.equals(key)) return
    this.#keys.splice(index, 0, key)
    this.#names.splice(index, 0, name)
  }

  delete(name: string): void {
    const key = Buffer.from(name, 'utf8')
    const index = this.#lowerBound(key)
    if (index < this.#keys.length && this.#keys[index]!.equals(key)) {
      this.#keys.splice(index, 1)
      this.#names.splice(index, 1)
    }
  }

  /** Names in byte order starting at the first name >= `from` (or > `from` when `exclusive`). */
  *from(from: string, exclusive: boolean): Generator<{ name: string; key: Buffer }> {
    const fromKey = Buffer.from(from, 'utf8')
    let index = this.#lowerBound(fromKey)
    if (exclusive && index < this.#keys.length && this.#keys[index]!.equals(fromKey)) index++
    for (; index < this.#names.length; index++) {
      yield { name: this.#names[index]!, key: this.#keys[index]! }
    }
  }

  #lowerBound(key: Buffer): number {
    let low = 0
    let high = this.#keys.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (Buffer.compare(this.#keys[mid]!, key) < 0) low = mid + 1
      else high = mid
    }
    return low
  }
}

/** UTF-8 byte-order comparison of two strings. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}
