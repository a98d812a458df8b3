import {
  createApi,
  createI18n,
  PorticoProvider,
  preloadPage,
  readBootData,
  ThemeRoot,
  warmUpDateFormats,
} from '@portico/core/react';
import GlobalStyles from '@mui/material/GlobalStyles';
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { App } from './App.js';
import { homeSections, wideScreen } from './home-sections.js';
import en from './locales/en.json';
import sv from './locales/sv.json';
import { plugins } from './plugins.generated.js';

/** Text for screen readers only (a table's actions column, for example). */
const portalStyles = {
  '.visually-hidden': {
    position: 'absolute',
    width: 1,
    height: 1,
    padding: 0,
    margin: -1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
} as const;

const boot = readBootData();
const enabled = plugins.filter((p) => boot.plugins.includes(p.id));
const api = createApi();
const i18n = createI18n(boot, 'portal', { en, sv }, enabled);
// The home page greets with today's date and dates its articles: the browser's locale data for
// them loads on another thread while this one renders.
if (boot.me) warmUpDateFormats(i18n.language, boot.me.user.timeZone);
// Start loading what the first screen needs now, in parallel with the rest of the start-up,
// rather than when React reaches it: the home page's sections with a session, else the login page.
if (boot.session && boot.me !== null) {
  // Who it is for is known when the page said (boot.me); else every section that may show.
  const sections = boot.me
    ? homeSections(enabled, boot.me, wideScreen())
    : enabled.flatMap((p) => p.home ?? []).filter((h) => h.slot !== 'side' || wideScreen());
  if (window.location.pathname === '/')
    for (const section of sections) {
      void preloadPage(section.load).catch(() => undefined);
      if (boot.me) for (const path of section.prefetch ?? []) api.prefetch(path);
    }
} else if (window.location.pathname === '/login' || window.location.pathname === '/') {
  void import('./screens/LoginScreen.js').catch(() => undefined);
}

const root = createRoot(document.getElementById('root')!);
// A transition: React renders the first screen in slices of a few milliseconds and lets the
// browser in between, instead of in one long task that keeps the page from answering a tap.
startTransition(() =>
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <PorticoProvider api={api} boot={boot} plugins={enabled}>
          <ThemeRoot>
            <GlobalStyles styles={portalStyles} />
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </ThemeRoot>
        </PorticoProvider>
      </I18nextProvider>
    </StrictMode>,
  ),
);
