export const PACKAGE = 'action'
