import CssBaseline from '@mui/material/CssBaseline';
import GlobalStyles from '@mui/material/GlobalStyles';
import { ThemeProvider } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useBoot } from './context.js';
import { createPorticoTheme } from './theme.js';
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

/** A skip link that shows only when focused (WCAG 2.4.1). */
const globalStyles = {
  '.skip-link': {
    position: 'absolute',
    left: 8,
    top: -64,
    zIndex: 2000,
    padding: '8px 16px',
    background: '#fff',
    color: '#000',
    borderRadius: 6,
  },
  '.skip-link:focus': { top: 8 },
} as const;

type Mode = 'light' | 'dark' | 'system';
const key = 'portico.colorMode';

const ModeContext = createContext<{ mode: Mode; setMode(m: Mode): void }>({
  mode: 'system',
  setMode: () => {},
});
export const useColorMode = () => useContext(ModeContext);

function savedMode(): Mode {
  try {
    const m = localStorage.getItem(key);
    return m === 'light' || m === 'dark' ? m : 'system';
  } catch {
    return 'system';
  }
}

/** The MUI theme of the portal's branding, light or dark by the user's choice or the system's. */
export function ThemeRoot(props: { children: ReactNode }) {
  const boot = useBoot();
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });
  const [mode, setModeState] = useState<Mode>(savedMode);
  const effective = mode === 'system' ? (prefersDark ? 'dark' : 'light') : mode;
  const theme = useMemo(() => createPorticoTheme(boot.branding, effective), [boot.branding, effective]);
  const value = useMemo(
    () => ({
      mode,
      setMode(m: Mode) {
        setModeState(m);
        try {
          localStorage.setItem(key, m);
        } catch {
          // The choice then lasts until the page reloads.
        }
      },
    }),
    [mode],
  );
  return (
    <ModeContext.Provider value={value}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <GlobalStyles styles={globalStyles} />
        {props.children}
      </ThemeProvider>
    </ModeContext.Provider>
  );
}
