#!/usr/bin/env node
// npm links a package's bin only if the file exists at install time, and dist/ is built after
// `npm ci`; this stable, committed file is what npm links, and it forwards to the build.
import('../dist/bin.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist')) {
    process.stderr.write('oci-focus: not built yet; run `npm run build` first\n')
    process.exit(2)
  }
  throw error
})
