import {
  createContext,
  startTransition,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Api } from './api.js';
import { rememberLanguage } from './i18n.js';
import type { BootData, Me, PluginUi } from './types.js';

export interface SessionState {
  /** undefined while loading, null when nobody is logged in. */
  me: Me | null | undefined;
  /** Loads /me again (after login, a profile change or a role change). */
  refresh(): Promise<Me | null>;
  logout(): Promise<void>;
}

export interface PorticoContextValue {
  api: Api;
  boot: BootData;
  plugins: PluginUi[];
  session: SessionState;
}

const PorticoContext = createContext<PorticoContextValue | undefined>(undefined);

function usePortico(): PorticoContextValue {
  const value = useContext(PorticoContext);
  if (!value) throw new Error('Portico hooks must be used inside <PorticoProvider>.');
  return value;
}

/** Holds the API client, the boot data, the plugin list and the logged-in user. */
export function PorticoProvider(props: {
  api: Api;
  boot: BootData;
  plugins: PluginUi[];
  children: ReactNode;
}) {
  const { api, boot, plugins } = props;
  const { i18n } = useTranslation();
  // The page says who is logged in (its session's /me answer, or null); without a session cookie
  // nobody is. Either way: no request, no wait before the first real render. Only when the page
  // could not say does the app ask /me.
  const known = boot.me !== undefined || boot.session === false;
  const [me, setMe] = useState<Me | null | undefined>(
    boot.me !== undefined ? boot.me : boot.session === false ? null : undefined,
  );
  const refresh = useCallback(async () => {
    try {
      const next = await api.get<Me>('/me');
      // The profile's language first, then the user: the app renders once, in the right
      // language, instead of once in the browser's and again in the profile's.
      const language = next.user.language;
      if (language !== i18n.language && boot.languages.includes(language)) {
        rememberLanguage(language);
        await i18n.changeLanguage(language);
      }
      setMe(next);
      return next;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 400)) {
        setMe(null);
        return null;
      }
      throw err;
    }
  }, [api, i18n, boot.languages]);
  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      api.setCsrfToken(undefined);
      setMe(null);
    }
  }, [api]);
  useEffect(() => {
    if (!known) refresh().catch(() => setMe(null));
  }, [refresh, known]);
  const value = useMemo<PorticoContextValue>(
    () => ({ api, boot, plugins, session: { me, refresh, logout } }),
    [api, boot, plugins, me, refresh, logout],
  );
  return <PorticoContext.Provider value={value}>{props.children}</PorticoContext.Provider>;
}

export const useApi = (): Api => usePortico().api;
export const useBoot = (): BootData => usePortico().boot;
export const usePlugins = (): PluginUi[] => usePortico().plugins;
export const useSession = (): SessionState => usePortico().session;

/** Whether `me` holds `permission`; "*" (the provider admin's) holds every permission, as on the server. */
export function holdsPermission(me: Me | null | undefined, permission: string | undefined): boolean {
  if (!permission) return true;
  return !!me && (me.permissions.includes(permission) || me.permissions.includes('*'));
}

/** Whether the logged-in user holds `permission` (false while loading or logged out). */
export function useHasPermission(permission: string | undefined): boolean {
  const { me } = useSession();
  return holdsPermission(me, permission);
}

/** Whether a contribution of `pluginId` needing `permission` is for this user. */
export function isVisibleTo(me: Me | null | undefined, pluginId: string, permission?: string): boolean {
  if (!me) return false;
  if (me.plugins && !me.plugins.includes(pluginId)) return false;
  return holdsPermission(me, permission);
}

export interface ApiData<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/** GETs `path` (null: nothing yet) and re-fetches when it changes; the small data hook of the apps. */
export function useApiData<T>(path: string | null): ApiData<T> {
  const api = useApi();
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: !!path });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api.get<T>(path).then(
      // A transition: what the data shows renders in slices, letting the browser in between.
      (data) => live && startTransition(() => setState({ data, loading: false })),
      (error: unknown) =>
        live &&
        setState({
          loading: false,
          error: error instanceof ApiError ? error : new ApiError(0, { detail: String(error) }),
        }),
    );
    return () => {
      live = false;
    };
  }, [api, path, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
