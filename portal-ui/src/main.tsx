import { createApi, createI18n, PorticoProvider, readBootData, ThemeRoot } from '@portico/core/react';
import GlobalStyles from '@mui/material/GlobalStyles';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { App } from './App.js';
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
// Start loading what the first screen needs now, in parallel with the rest of the start-up,
// rather than when React reaches it: the home page's sections with a session, else the login page.
if (boot.session) {
  for (const p of enabled) for (const section of p.home ?? []) void section.load().catch(() => undefined);
} else if (window.location.pathname === '/login' || window.location.pathname === '/') {
  void import('./screens/LoginScreen.js').catch(() => undefined);
}

createRoot(document.getElementById('root')!).render(
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
);
