#!/usr/bin/env node
// The `portico` command. Runs the compiled CLI; `npm run build` (or `npm start`) compiles it.
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    console.error(
      'portico: @portico/core is not built. Run "npm run build" in the Portico checkout, then try again.',
    );
    process.exit(1);
  }
  throw err;
});
