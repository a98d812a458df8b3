import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';

// Only the folder of swagger-ui-dist is needed; importing the package would load its 1 MB bundle
// into the server at every start.
const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference</title><link rel="stylesheet" href="swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="swagger-ui-bundle.js"></script><script src="init.js"></script></body></html>`;

// A file of its own, so the page runs under a strict Content-Security-Policy without inline script.
const init = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

/** The interactive API reference (Swagger UI, served from the npm package) at /api/docs. */
export function apiDocsRouter(): Router {
  const router = express.Router();
  router.get('/', (req, res, next) => {
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) {
      res.redirect(301, `${req.baseUrl}/`);
      return;
    }
    res.type('html').send(page);
    void next;
  });
  router.get('/init.js', (_req, res) => {
    res.type('js').send(init);
  });
  router.use(express.static(swaggerUiDir, { index: false, maxAge: '1d' }));
  return router;
}
