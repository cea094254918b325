export {
  flagDetails,
  flagSynopsis,
  renderCommandHelp,
  renderMainHelp,
  renderMarkdownReference,
} from './args/help.js'
export { isCalendarDay, ParsedFlags, parseCommandArgs } from './args/parse.js'
export {
  CLI_COMMANDS,
  COMMAND_NAMES,
  type CommandName,
  type CommandSpec,
  type EnvSpec,
  type FlagGroup,
  type FlagKind,
  type FlagSpec,
  flagsOf,
} from './args/spec.js'
export { CLI_ERROR_CODES, CliError, type CliErrorCode, EXIT, isCliError } from './errors.js'
export type { CliEnv, CliIo, OutputStream } from './io.js'
export { type CommandContext, type CommandOutcome, cliVersion, main } from './main.js'
