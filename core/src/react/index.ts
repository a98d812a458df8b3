/**
 * @portico/core/react: what the portal and admin apps and every plugin's "./portal" and
 * "./admin" code share. Browser code only; compiled by the apps' bundler (Vite), never by tsc -b.
 */
export * from './types.js';
export { createApi, ApiError, type Api } from './api.js';
export {
  PorticoProvider,
  useApi,
  useApiData,
  useBoot,
  useHasPermission,
  holdsPermission,
  usePlugins,
  useSession,
  isVisibleTo,
  type ApiData,
  type SessionState,
} from './context.js';
export { createPorticoTheme, contrastRatio, readableOn, defaultBranding } from './theme.js';
export { createI18n, initialLanguage, rememberLanguage } from './i18n.js';
export { useProfileLanguage } from './profile-language.js';
export { readBootData } from './boot.js';
export { ProblemAlert, problemText } from './problem-alert.js';
export { ThemeRoot, useColorMode } from './theme-root.js';
export { Loading, lazyPage, preloadPage } from './loading.js';
export { warmUpDateFormats } from './intl-warm-up.js';
export { nextTask } from './next-task.js';
