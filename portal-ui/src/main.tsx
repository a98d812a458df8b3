import {
  createApi,
  createI18n,
  initialLanguage,
  nextTask,
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
// The home page greets with today's date and dates its articles. The first date format a page
// makes costs it tens of milliseconds (the browser loads its locale data): a worker does that
// now, while this thread starts the app, and the first render waits for it a little if need be.
const datesReady = boot.me
  ? warmUpDateFormats(initialLanguage(boot), boot.me.user.timeZone)
  : Promise.resolve();
// What the first screen needs starts loading now, in parallel with the rest of the start-up,
// rather than when React reaches it: with a session, the home page's sections (the data they ask
// for first at once, their code in the next task), else the login page.
const sections =
  boot.session && boot.me !== null && window.location.pathname === '/'
    ? // Who it is for is known when the page said (boot.me); else every section that may show.
      boot.me
      ? homeSections(enabled, boot.me, wideScreen())
      : enabled.flatMap((p) => p.home ?? []).filter((h) => h.slot !== 'side' || wideScreen())
    : [];
if (boot.me) for (const section of sections) for (const path of section.prefetch ?? []) api.prefetch(path);
// Nobody logged in (no cookie, or one the server did not know): the login page is next.
const loggedOut = !boot.session || boot.me === null;
if (loggedOut && (window.location.pathname === '/login' || window.location.pathname === '/'))
  void import('./screens/LoginScreen.js').catch(() => undefined);

/** The rest of the start-up, one step per task (the modules' evaluation was a long one already). */
async function start(): Promise<void> {
  await nextTask();
  for (const section of sections) void preloadPage(section.load).catch(() => undefined);
  await nextTask();
  const i18n = createI18n(boot, 'portal', { en, sv }, enabled);
  // Idle while it waits: better than loading the same data on this thread in a long task.
  await Promise.race([datesReady, new Promise((resolve) => setTimeout(resolve, 300))]);
  await nextTask();
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
}

void start();
