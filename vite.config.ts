import { vitePlugin as remix } from '@remix-run/dev'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'
import remixConfig from './remix.config.js'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

const isVitest = Boolean(process.env.VITEST)

export default defineConfig({
  // The Remix plugin builds the app; under vitest it would try to compile routes for every test file.
  plugins: [!isVitest && remix(remixConfig), tailwindcss(), tsconfigPaths()].filter(Boolean),
  server: { port: Number(process.env.PORT ?? 3000) },
  build: {
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      // zod 4 ships /* @__PURE__ */ comments Rollup cannot place; the warning is noise at every start.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return
        warn(warning)
      },
    },
  },
  test: {
    include: ['app/**/*.test.{ts,tsx}', 'db/**/*.test.ts', 'tests/**/*.test.ts'],
    setupFiles: ['tests/setup/env.ts'],
    globalSetup: ['tests/setup/global.ts'],
    pool: 'forks',
    // Two cores: more workers only fight for them, and browser tests start their own servers.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
})
