/** What libraries log through. The CLI and the action adapt it; the default is silent. */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warn(message: string): void
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {} }
