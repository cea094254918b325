// node-oracledb ships JavaScript only; this declares the part we use (see driver.ts).
declare module 'oracledb' {
  const oracledb: import('./driver.js').OracleDriver
  export default oracledb
}
