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
    boot.branding.primaryColor
      ? `<meta name="theme-color" content="${escapeHtml(boot.branding.primaryColor)}" />`
      : '',
    boot.branding.faviconUrl ? `<link rel="icon" href="${escapeHtml(boot.branding.faviconUrl)}" />` : '',
  ].join('');
  return template
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`)
    .replace('<!--portico-head-->', head);
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
