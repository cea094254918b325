import { EXIT } from '../errors.js'
import type { CommandContext, CommandOutcome } from '../main.js'

export async function runDemo(_ctx: CommandContext): Promise<CommandOutcome> {
  return { exitCode: EXIT.failed, document: {} }
}
