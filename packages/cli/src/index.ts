export const PACKAGE = 'cli'
