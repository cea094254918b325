// Bundles both actions into dist/ with esbuild: dist/copy.js and dist/load.js are the two
// actions' `runs.main`; code they share (@actions/core, core, the OCI SDK) lives once in
// dist/chunks/. The output is committed and must be byte-for-byte reproducible (check-dist).
import { rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const packageDir = dirname(fileURLToPath(import.meta.url))

// The action loads the Oracle sink only; DuckDB's native bindings must never be bundled (they
// cannot be, and the runner would not have them). Fail the build naming the importer instead.
const forbidDuckDb = {
  name: 'forbid-duckdb',
  setup(b) {
    b.onResolve({ filter: /^@duckdb\// }, (args) => ({
      errors: [
        {
          text: `${args.path} must not enter the action bundle (imported by ${args.importer}); import the loader's main entry, not '@oci-focus/loader/duckdb'`,
        },
      ],
    }))
  },
}

await rm(`${packageDir}/dist`, { recursive: true, force: true })
const result = await build({
  absWorkingDir: packageDir,
  entryPoints: { copy: 'src/entry-copy.ts', load: 'src/entry-load.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The runner uses Node 24; node20 keeps the bundle loadable on the oldest Node we support.
  target: 'node20',
  // Bundle the workspace packages from their TypeScript sources, so the bundle depends only on
  // source files (not on whether, or with which compiler, their dist/ was built).
  conditions: ['@oci-focus/source'],
  // oci-common, opossum and oracledb are CommonJS and call require() at run time.
  banner: {
    js: "import { createRequire as __ociFocusCreateRequire } from 'node:module';\nconst require = __ociFocusCreateRequire(import.meta.url);",
  },
  legalComments: 'eof',
  charset: 'utf8',
  metafile: true,
  logLevel: 'warning',
  plugins: [forbidDuckDb],
})

const native = Object.keys(result.metafile.inputs).filter((input) => /duckdb|\.node$/.test(input))
if (native.length > 0) {
  throw new Error(`native modules must not enter the action bundle, got ${native.join(', ')}`)
}
