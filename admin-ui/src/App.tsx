import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import {
  holdsPermission,
  isVisibleTo,
  lazyPage,
  Loading,
  usePlugins,
  useProfileLanguage,
  useSession,
} from '@portico/core/react';
import { Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { Shell } from './layout/Shell.js';
import { coreScreens } from './screens/registry.js';

/** An address with no screen, or one the user's permissions do not open. */
function NotFound() {
  const { t } = useTranslation();
  return (
    <Box sx={{ maxWidth: 600 }}>
      <Alert severity="info">{t('kit.notFound')}</Alert>
    </Box>
  );
}

/** The admin app: for the supplier's staff only; everyone else is sent to log in or told why not. */
export function App() {
  const { t } = useTranslation();
  const { me } = useSession();
  // The admin app speaks the user's profile language too, also when they come straight to it.
  useProfileLanguage();
  const plugins = usePlugins();
  const screens = useMemo(
    () =>
      coreScreens
        .filter((s) => holdsPermission(me, s.permission))
        .map((s) => ({ key: `core:${s.path}`, path: s.path, Page: lazyPage(s.load) })),
    [me],
  );
  const pluginRoutes = useMemo(
    () =>
      plugins.flatMap((p) =>
        (p.routes ?? [])
          .filter((r) => isVisibleTo(me, p.id, r.permission))
          .map((r) => ({ key: `${p.id}:${r.path}`, path: r.path, Page: lazyPage(r.load) })),
      ),
    [plugins, me],
  );
  if (me === undefined) return <Loading />;
  if (me === null) {
    window.location.assign(
      `/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`,
    );
    return <Loading />;
  }
  if (me.organization.kind !== 'provider')
    return (
      <Box component="main" sx={{ p: 3, maxWidth: 600, mx: 'auto' }}>
        <Alert severity="warning">{t('noAccess')}</Alert>
      </Box>
    );
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route element={<Shell />}>
          {screens.map(({ key, path, Page }) =>
            path === '' ? (
              <Route key={key} index element={<Page />} />
            ) : (
              <Route key={key} path={path} element={<Page />} />
            ),
          )}
          {pluginRoutes.map(({ key, path, Page }) => (
            <Route key={key} path={path} element={<Page />} />
          ))}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
