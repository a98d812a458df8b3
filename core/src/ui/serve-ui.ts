import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import { uiAppDir, uiApps } from './ui-apps.js';

/** What the page needs before its first paint; written into index.html so no request waits for it. */
export interface UiBootData {
  portalName: string;
  languages: string[];
  defaultLanguage: string;
  branding: {
    primaryColor?: string | null;
    secondaryColor?: string | null;
    logoUrl?: string | null;
    faviconUrl?: string | null;
    portalName?: string | null;
  };
  plugins: string[];
  /** Whether the request carried a session cookie. */
  session?: boolean;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside a script element: "<" escaped, so no "</script>" in a value can end the element. */
const scriptJson = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

/** index.html with the boot data, title, theme colour and favicon of this portal. */
export function renderIndex(template: string, base: string, boot: UiBootData, title: string): string {
  const head = [
    `<script id="portico-boot" type="application/json">${scriptJson({ ...boot, base })}</script>`,
    // With a session the app's first request is /me: the browser fetches it while the scripts
    // load, instead of after (the app's fetch, same URL and credentials, takes this answer).
    boot.session ? '<link rel="preload" href="/api/v1/me" as="fetch" crossorigin="anonymous" />' : '',
    boot.branding.primaryColor
      ? `<meta name="theme-color" content="${escapeHtml(boot.branding.primaryColor)}" />`
      : '',
    boot.branding.faviconUrl ? `<link rel="icon" href="${escapeHtml(boot.branding.faviconUrl)}" />` : '',
  ].join('');
  // Painted before any script runs: a bar in the brand colour with the portal's name, which the
  // app replaces when it starts. The first paint no longer waits for the scripts.
  const color = /^#[0-9a-fA-F]{6}$/.test(boot.branding.primaryColor ?? '')
    ? boot.branding.primaryColor!
    : '#1f5f8b';
  const placeholder =
    `<div style="background:${color};color:#fff;font:600 1.25rem/56px system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;padding:0 16px;box-shadow:0 2px 4px rgba(0,0,0,.2)">` +
    `${escapeHtml(boot.portalName)}</div>`;
  return template
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`)
    .replace('<!--portico-head-->', head)
    .replace('<div id="root"></div>', `<div id="root">${placeholder}</div>`);
}

/** Paths the portal app never answers: the API, the admin app and the kernel's own pages. */
const notPortal = /^\/(api|admin|healthz|readyz)(\/|$)/;

/**
 * Serves the built apps: hashed assets for a year, every other path of an app as its
 * index.html (the app routes in the browser), never cached so a new build or new branding shows
 * at the next load. Returns which apps are served.
 */
export function serveUi(
  app: Express,
  root: string,
  bootData: () => Promise<UiBootData>,
  sessionCookie: string,
): string[] {
  const cookiePattern = new RegExp(`(^|;\\s*)${sessionCookie.replace(/[^\w-]/g, '\\$&')}=`);
  const served: string[] = [];
  for (const ui of uiApps) {
    const appDir = uiAppDir(root, ui.packageName);
    const dist = appDir && path.join(appDir, 'dist');
    if (!dist || !existsSync(path.join(dist, 'index.html'))) continue;
    const template = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const prefix = ui.mount.replace(/\/$/, '');
    app.use(
      `${prefix}/assets`,
      express.static(path.join(dist, 'assets'), {
        index: false,
        immutable: true,
        maxAge: '365d',
        fallthrough: false,
      }),
    );
    app.use(prefix || '/', express.static(dist, { index: false, maxAge: '1h', redirect: false }));
    const page = async (req: Request, res: Response) => {
      // Whether a session cookie came: without one the app shows the login page at once, with no
      // request for /me (which would answer 401). Whether the session is valid, /me tells.
      const boot = { ...(await bootData()), session: cookiePattern.test(req.headers.cookie ?? '') };
      const title = ui.name === 'admin' ? `${boot.portalName} · Admin` : boot.portalName;
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(renderIndex(template, ui.mount, boot, title));
    };
    if (ui.name === 'admin') {
      // Express matches "/admin" for "/admin/" too: only the bare path is redirected.
      app.get('/admin', (req, res, next) => {
        const [pathname, search] = req.originalUrl.split('?');
        if (pathname === '/admin') return res.redirect(301, `/admin/${search ? `?${search}` : ''}`);
        return next();
      });
      app.get(['/admin/', '/admin/{*rest}'], page);
    } else {
      app.get('/{*rest}', (req, res, next) => {
        if (notPortal.test(req.path) || !req.accepts('html')) return next();
        return page(req, res);
      });
    }
    served.push(ui.name);
  }
  return served;
}
