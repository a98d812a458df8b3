// `npm run portico -- <command>`: the portico CLI from the compiled core (npm run build first).
await import('../core/bin/portico.js');
