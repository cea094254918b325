/**
 * What the loader logs through; structurally the same as @oci-focus/core's Logger, so the CLI
 * and the action pass theirs unchanged.
 */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warn(message: string): void
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {} }
