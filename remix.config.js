// Remix options, kept apart from the Vite config so a later move to React Router only touches this file.
import { flatRoutes } from 'remix-flat-routes'

/** @type {import('@remix-run/dev').VitePluginConfig} */
export default {
  appDirectory: 'app',
  // Tests build into their own folder so a run never clobbers the build a developer is serving.
  buildDirectory: process.env.REMIX_BUILD_DIR ?? 'build',
  serverModuleFormat: 'esm',
  // Routes are grouped by audience in `+` folders (app/routes/_public+, _auth+, _account+, _staff+, …),
  // as the Epic Stack does: remix-flat-routes reads them; Remix's own convention is switched off.
  // A folder's `_name+` prefix is pathless, so URLs stay what the file names say.
  ignoredRouteFiles: ['**/*'],
  routes: async (defineRoutes) =>
    flatRoutes('routes', defineRoutes, {
      // Tests sit beside the code they test; they are not routes.
      ignoredRouteFiles: ['**/*.test.{ts,tsx}', '**/.*'],
    }),
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // Costs a re-match of the route table (doubled by the ($lang) segment) per page rendered, but turning
    // it off gained no measurable throughput and coincided with a React #345 in a browser test: kept on.
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
}
