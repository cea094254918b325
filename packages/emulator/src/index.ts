export const PACKAGE = 'emulator'
