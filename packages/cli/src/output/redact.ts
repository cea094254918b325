import type { OutputStream } from '../io.js'

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g
const MIN_SECRET_LENGTH = 4
export const REDACTED = '[redacted]'

/**
 * Removes known secret values from text before it reaches a terminal or a log. Secrets are
 * registered as they are read (environment, key files, tokens); every write of the CLI goes
 * through {@link Redactor.stream}, so a library error that quotes a secret is still masked.
 */
export class Redactor {
  readonly #secrets = new Set<string>()

  /** Registers a secret and the forms it takes in output: JSON-escaped, `\n`-escaped and line by line. */
  add(secret: string | undefined): void {
    if (secret === undefined) return
    const forms = [secret, secret.replaceAll('\\n', '\n'), JSON.stringify(secret).slice(1, -1)]
    // A PEM's lines are long base64 runs; masking each catches a key quoted partially.
    for (const form of [...forms]) {
      if (form.includes('\n')) forms.push(...form.split(/\r?\n/).map((line) => line.trim()))
    }
    for (const form of forms) {
      if (form.length >= MIN_SECRET_LENGTH && !/^-----(BEGIN|END) /.test(form)) this.#secrets.add(form)
    }
  }

  redact(text: string): string {
    let result = text.replace(PEM_BLOCK, REDACTED)
    // Longest first, so a secret containing another is masked whole.
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
      if (result.includes(secret)) result = result.replaceAll(secret, REDACTED)
    }
    return result
  }

  /** A stream that redacts every chunk before passing it on. */
  stream(target: OutputStream): OutputStream {
    return {
      write: (chunk: string) => target.write(this.redact(chunk)),
      get isTTY() {
        return target.isTTY
      },
      get columns() {
        return target.columns
      },
    }
  }
}
