import CircularProgress from '@mui/material/CircularProgress';
import Box from '@mui/material/Box';
import { isVisibleTo, usePlugins, useSession, type PageLoader } from '@portico/core/react';
import { lazy, Suspense, useMemo, type ComponentType, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Shell } from './layout/Shell.js';
import { HomeScreen } from './screens/HomeScreen.js';
import { LoginScreen } from './screens/LoginScreen.js';

const cache = new Map<PageLoader, ComponentType>();
/** One lazy component per loader, so React keeps its state between renders. */
export function lazyPage(load: PageLoader): ComponentType {
  let c = cache.get(load);
  if (!c) cache.set(load, (c = lazy(load)));
  return c;
}

export function Loading() {
  return (
    <Box sx={{ display: 'flex', justifyContent: 'center', p: 6 }} role="status" aria-live="polite">
      <CircularProgress aria-label="Loading" />
    </Box>
  );
}

/** Sends visitors who are not logged in to the login page, and back here afterwards. */
function RequireLogin(props: { children: ReactNode }) {
  const { me } = useSession();
  const location = useLocation();
  if (me === undefined) return <Loading />;
  if (me === null) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return <>{props.children}</>;
}

export function App() {
  const plugins = usePlugins();
  const { me } = useSession();
  const pluginRoutes = useMemo(
    () =>
      plugins.flatMap((p) =>
        (p.routes ?? [])
          .filter((r) => isVisibleTo(me, p.id, r.permission))
          .map((r) => ({ key: `${p.id}:${r.path}`, path: r.path, Page: lazyPage(r.load) })),
      ),
    [plugins, me],
  );
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/login" element={<LoginScreen />} />
        <Route
          element={
            <RequireLogin>
              <Shell />
            </RequireLogin>
          }
        >
          <Route index element={<HomeScreen />} />
          {pluginRoutes.map(({ key, path, Page }) => (
            <Route key={key} path={path} element={<Page />} />
          ))}
          <Route path="*" element={<HomeScreen notFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
