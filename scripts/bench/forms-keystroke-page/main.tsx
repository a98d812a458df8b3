// The page of the keystroke benchmark (scripts/bench/forms-keystroke.mjs): a 200-field form in
// Portico's renderer (?mode=portico) or, for comparison, in react-jsonschema-form as it is
// commonly set up (?mode=plain: controlled data, Ajv, validation on every change). The page
// records, for every keystroke, the time from the key event to the end of the work it caused
// (React's render and commit, then style and layout, forced) and to the next frame.
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import TextField from '@mui/material/TextField';
import { createApi, createPorticoTheme, defaultBranding, PorticoProvider } from '@portico/core/react';
import { PorticoForm } from '@portico/forms/react';
import MuiForm from '@rjsf/mui';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020.js';
import i18next from 'i18next';
import { useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { benchForm } from './form.js';

interface Sample {
  /** Key event to the end of the work it caused, layout included (ms). */
  work: number;
  /** Key event to the start of the next frame after that work (ms). */
  frame?: number;
  target: string;
}

declare global {
  interface Window {
    benchSamples: Sample[];
    benchReady: boolean;
    benchFields: number;
  }
}

window.benchSamples = [];
let keyAt = 0;
document.addEventListener('keydown', (e) => (keyAt = e.timeStamp), true);
// After React's own listener (on the root) and the synchronous render it schedules.
document.addEventListener('input', (e) => {
  const start = keyAt;
  const target = (e.target as HTMLElement).id;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    void document.body.offsetHeight; // style and layout of what changed
    const sample: Sample = { work: performance.now() - start, target };
    window.benchSamples.push(sample);
    requestAnimationFrame(() => (sample.frame = performance.now() - start));
  };
  channel.port2.postMessage(0);
});

const form = benchForm();
window.benchFields = form.fields;
const mode = new URLSearchParams(location.search).get('mode') ?? 'portico';

// RJSF's own widgets: its radio buttons for yes/no; no computed values.
const plainUi = JSON.parse(JSON.stringify(form.uiSchema).replaceAll('"yesno"', '"radio"')) as UiSchema;

function Plain() {
  const [data, setData] = useState<unknown>(form.formData);
  const [validator] = useState(() => customizeValidator({ AjvClass: Ajv2020 }));
  return (
    <MuiForm
      schema={form.schema as RJSFSchema}
      uiSchema={plainUi}
      validator={validator}
      formData={data}
      onChange={(e) => setData(e.formData)}
      liveValidate
    />
  );
}

/** The floor: the same fields as plain MUI text fields, each holding its own text. */
function Floor() {
  return (
    <div>
      {Array.from({ length: form.fields }, (_, i) => (
        <TextField key={i} id={`floor_${i}`} label={`Field ${i}`} fullWidth margin="normal" defaultValue="" />
      ))}
    </div>
  );
}

/** As the portal's fill page uses it: the latest data kept in a ref (saved as a draft later). */
function Portico() {
  const latest = useRef<unknown>(form.formData);
  return (
    <PorticoForm
      schema={form.schema}
      uiSchema={form.uiSchema}
      language="en"
      formData={form.formData}
      onChange={(data) => (latest.current = data)}
      onSubmit={() => undefined}
    />
  );
}

await i18next.use(initReactI18next).init({ lng: 'en', resources: {}, interpolation: { escapeValue: false } });
const boot = {
  portalName: 'Bench',
  languages: ['en'],
  defaultLanguage: 'en',
  branding: {},
  plugins: [],
  session: false,
  base: '/',
};
createRoot(document.getElementById('root')!).render(
  <I18nextProvider i18n={i18next}>
    <PorticoProvider api={createApi()} boot={boot} plugins={[]}>
      <ThemeProvider theme={createPorticoTheme(defaultBranding, 'light')}>
        <CssBaseline />
        <main style={{ maxWidth: 900, margin: '0 auto', padding: 16 }}>
          {mode === 'plain' ? <Plain /> : mode === 'floor' ? <Floor /> : <Portico />}
        </main>
      </ThemeProvider>
    </PorticoProvider>
  </I18nextProvider>,
);
requestAnimationFrame(() => setTimeout(() => (window.benchReady = true), 0));
