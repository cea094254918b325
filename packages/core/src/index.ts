export const PACKAGE = 'core'
