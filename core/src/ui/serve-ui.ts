import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
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
  /**
   * GET /api/v1/me's answer for the request's session, or null when its cookie is no valid
   * session; absent when the server did not resolve it (no cookie, or resolving failed): then the
   * app asks /me itself.
   */
  me?: unknown;
  /** The language of the logged-in person's profile: the page's first render is in it. */
  language?: string;
}

/** What a page request's session gives its page: the person's GET /me answer and language. */
export interface UiSessionData {
  me: unknown;
  language?: string;
}

export interface ServeUiOptions {
  /** What every page carries (portal name, languages, branding, plugins). */
  bootData: () => Promise<UiBootData>;
  /** The session cookie's name: without one, the page says nobody is logged in. */
  sessionCookie: string;
  /**
   * The logged-in person of a page request that carries a session cookie, or null when the
   * cookie is no valid session. Without it (or when it throws) the app asks GET /me itself.
   */
  session?: (req: Request) => Promise<UiSessionData | null>;
  /** Where a failure to resolve a page's session is reported. */
  onSessionError?: (err: unknown) => void;
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
    // Without a favicon of its own the page says so, rather than the browser asking for
    // /favicon.ico (which would be answered with this page).
    `<link rel="icon" href="${boot.branding.faviconUrl ? escapeHtml(boot.branding.faviconUrl) : 'data:,'}" />`,
    // The app's baseline removes the body's margin too: the placeholder below sits where the
    // app's top bar will, and nothing moves when the app replaces it.
    '<style>body{margin:0}</style>',
  ].join('');
  // Painted before any script runs: a bar in the brand colour with the portal's name, which the
  // app replaces when it starts. The first paint no longer waits for the scripts.
  const color = /^#[0-9a-fA-F]{6}$/.test(boot.branding.primaryColor ?? '')
    ? boot.branding.primaryColor!
    : '#1f5f8b';
  const placeholder =
    `<div style="background:${color};color:#fff;font:600 1.25rem/56px system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;padding:0 16px;box-shadow:0 2px 4px rgba(0,0,0,.2)">` +
    `${escapeHtml(boot.portalName)}</div>`;
  const lang =
    boot.language && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(boot.language) ? boot.language : '';
  // Replacer functions, not strings: "$'" or "$&" in a name must not splice the template in.
  return template
    .replace(/<html\b([^>]*)>/i, (tag, attrs: string) =>
      lang ? `<html${attrs.replace(/\s+lang="[^"]*"/i, '')} lang="${lang}">` : tag,
    )
    .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(title)}</title>`)
    .replace('<!--portico-head-->', () => head)
    .replace('<div id="root"></div>', () => `<div id="root">${placeholder}</div>`);
}

/**
 * Sends the brotli copy `portico build` made of an asset (see precompressAssets) to a browser
 * that accepts brotli; anything else falls through to the plain file (compressed on the fly).
 */
function precompressed(assetsDir: string): RequestHandler {
  const packed = new Set(
    existsSync(assetsDir)
      ? readdirSync(assetsDir)
          .filter((f) => f.endsWith('.br'))
          .map((f) => `/${f.slice(0, -3)}`)
      : [],
  );
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !packed.has(req.path)) return next();
    res.vary('Accept-Encoding');
    if (req.acceptsEncodings('br') !== 'br') return next();
    res.type(path.extname(req.path));
    res.setHeader('Content-Encoding', 'br');
    res.sendFile(
      `${req.path.slice(1)}.br`,
      { root: assetsDir, immutable: true, maxAge: '365d', dotfiles: 'deny' },
      (err) => {
        if (err && !res.headersSent) {
          res.removeHeader('Content-Encoding');
          next();
        }
      },
    );
  };
}

/** Paths the portal app never answers: the API, the admin app and the kernel's own pages. */
const notPortal = /^\/(api|admin|healthz|readyz)(\/|$)/;

/**
 * Serves the built apps: hashed assets for a year, every other path of an app as its
 * index.html (the app routes in the browser), never cached so a new build or new branding shows
 * at the next load. A page requested with a session carries that person's GET /me answer, so it
 * is private to them. Returns which apps are served.
 */
export function serveUi(app: Express, root: string, options: ServeUiOptions): string[] {
  const { bootData, sessionCookie } = options;
  const cookiePattern = new RegExp(`(^|;\\s*)${sessionCookie.replace(/[^\w-]/g, '\\$&')}=`);
  const served: string[] = [];
  for (const ui of uiApps) {
    const appDir = uiAppDir(root, ui.packageName);
    const dist = appDir && path.join(appDir, 'dist');
    if (!dist || !existsSync(path.join(dist, 'index.html'))) continue;
    const template = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const prefix = ui.mount.replace(/\/$/, '');
    app.use(`${prefix}/assets`, precompressed(path.join(dist, 'assets')));
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
      // request for /me (which would answer 401). With one, the page carries the person's /me
      // answer and is rendered in their language from the start: no request, no second render.
      const session = cookiePattern.test(req.headers.cookie ?? '');
      const boot: UiBootData = { ...(await bootData()), session };
      if (session && options.session) {
        try {
          const person = await options.session(req);
          boot.me = person ? person.me : null;
          if (person?.language && boot.languages.includes(person.language)) boot.language = person.language;
        } catch (err) {
          // The page still works: the app asks /me itself.
          options.onSessionError?.(err);
        }
      }
      const title = ui.name === 'admin' ? `${boot.portalName} · Admin` : boot.portalName;
      // One person's page: no shared cache may keep it, and the browser asks again each time (a
      // new build, new branding or a changed profile shows at the next load).
      res.setHeader('Cache-Control', 'private, no-cache');
      res.vary('Cookie');
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
