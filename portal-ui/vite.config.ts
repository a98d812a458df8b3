import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built by `portico build` (and `npm start` when it is out of date); served by the portal at "/".
export default defineConfig({
  base: '/',
  plugins: [react()],
  // Workspace packages are compiled from their TypeScript source, like the server's tests.
  resolve: { conditions: ['@portico/source', 'module', 'browser', 'development|production'] },
  // The manifest (dist/.vite/manifest.json, not served) lists each chunk's static imports, from
  // which `npm run bench -- ui-size` adds up what the first page load downloads.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 600,
    manifest: true,
    // Everything the first load needs in one chunk: left alone, the bundler splits the modules
    // that lazy screens share with it into tiny chunks of their own (six requests instead of two,
    // which on HTTP/1.1 also hold back the home page's own chunks and its feed).
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] } } },
  },
});
