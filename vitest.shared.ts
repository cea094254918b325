import { defineConfig } from 'vitest/config'

// Tests run against TypeScript sources through the "@oci-focus/source" export condition, so a
// package's tests never depend on another package's build output.
export const sharedConfig = defineConfig({
  resolve: { conditions: ['@oci-focus/source'] },
  ssr: { resolve: { conditions: ['@oci-focus/source'] } },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    clearMocks: true,
    restoreMocks: true,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
})
