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
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 600, manifest: true },
});
