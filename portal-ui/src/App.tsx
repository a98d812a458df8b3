import {
  isVisibleTo,
  lazyPage,
  Loading,
  usePlugins,
  useProfileLanguage,
  useSession,
} from '@portico/core/react';
import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Shell } from './layout/Shell.js';
import { HomeScreen } from './screens/HomeScreen.js';

// Every screen but login and home is its own chunk: the first load stays small (R4, bench ≤ 250 KB).
// Lazy like every screen but home: a logged-in visitor's first load does not carry the login form.
const LoginScreen = lazy(() => import('./screens/LoginScreen.js').then((m) => ({ default: m.LoginScreen })));
const TwoFactorScreen = lazy(() => import('./screens/auth/TwoFactorScreen.js'));
const SsoScreen = lazy(() => import('./screens/auth/SsoScreen.js'));
const ForgotPasswordScreen = lazy(() => import('./screens/auth/ForgotPasswordScreen.js'));
const ResetPasswordScreen = lazy(() => import('./screens/auth/ResetPasswordScreen.js'));
const AcceptInvitationScreen = lazy(() => import('./screens/auth/AcceptInvitationScreen.js'));
const RequestAccountScreen = lazy(() => import('./screens/auth/RequestAccountScreen.js'));
const ProfileScreen = lazy(() => import('./screens/profile/ProfileScreen.js'));
const CompanyUsersScreen = lazy(() => import('./screens/company/CompanyUsersScreen.js'));
const AccountRequestScreen = lazy(() => import('./screens/company/AccountRequestScreen.js'));

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
  useProfileLanguage();
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
        <Route path="/login/two-factor" element={<TwoFactorScreen />} />
        <Route path="/login/sso" element={<SsoScreen />} />
        <Route path="/forgot-password" element={<ForgotPasswordScreen />} />
        <Route path="/reset-password" element={<ResetPasswordScreen />} />
        <Route path="/accept-invitation" element={<AcceptInvitationScreen />} />
        <Route path="/request-account" element={<RequestAccountScreen />} />
        <Route
          element={
            <RequireLogin>
              <Shell />
            </RequireLogin>
          }
        >
          <Route index element={<HomeScreen />} />
          <Route path="profile" element={<ProfileScreen />} />
          <Route path="company/users" element={<CompanyUsersScreen />} />
          {/* The link of the "new account request" mail (core: accountRequestsPath). */}
          <Route path="account-requests" element={<Navigate to="/company/users?tab=requests" replace />} />
          <Route path="account-requests/:id" element={<AccountRequestScreen />} />
          {pluginRoutes.map(({ key, path, Page }) => (
            <Route key={key} path={path} element={<Page />} />
          ))}
          <Route path="*" element={<HomeScreen notFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
