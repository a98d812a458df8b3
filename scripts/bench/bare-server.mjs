// The baseline of the throughput benchmark: a bare express 5 app with one route that answers the
// same JSON body as the portal's GET /api/v1/hello (res.json, so the same bytes and the same
// Content-Type: application/json; charset=utf-8). Started by throughput.mjs in its own process.
//
// Env: PORT (required), BENCH_BODY (the JSON body, required), BENCH_HOST (default 127.0.0.1),
// BENCH_MIDDLEWARE=helmet-compression adds the same helmet and compression middleware the kernel
// uses (an informational variant: it shows how much of the gap is those two packages).
import express from 'express';

const port = Number(process.env.PORT);
const host = process.env.BENCH_HOST ?? '127.0.0.1';
if (!Number.isInteger(port) || !process.env.BENCH_BODY) {
  process.stderr.write('bare-server: set PORT and BENCH_BODY\n');
  process.exit(2);
}
const body = JSON.parse(process.env.BENCH_BODY);

const app = express();
app.disable('x-powered-by');
if (process.env.BENCH_MIDDLEWARE === 'helmet-compression') {
  const { default: helmet } = await import('helmet');
  const { default: compression } = await import('compression');
  app.use(helmet());
  app.use(compression());
}
app.get('/api/v1/hello', (_req, res) => {
  res.json(body);
});
app.get('/readyz', (_req, res) => {
  res.json({ ready: true });
});

const server = app.listen(port, host, () => {
  process.stdout.write(`bare express listening on http://${host}:${port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
