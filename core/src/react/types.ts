import type { ComponentType, ReactNode } from 'react';

/** A page module, loaded when its route is first visited (keeps the first load small). */
export type PageLoader = () => Promise<{ default: ComponentType }>;

/** A page a plugin adds to the portal or the admin app. */
export interface UiRoute {
  /** Path inside the app, e.g. "news/:id" (portal) or "news/articles" (admin); no leading slash. */
  path: string;
  load: PageLoader;
  /** Hidden and refused unless the user holds this permission. */
  permission?: string;
}

/** An entry of the app's menu. */
export interface NavEntry {
  /** Where it leads, e.g. "/news"; relative to the app. */
  path: string;
  /** Translation key in the plugin's namespace, e.g. "nav.title". */
  label: string;
  /** An icon element, e.g. <NewspaperIcon />. */
  icon?: ReactNode;
  /** Shown only to users with this permission. */
  permission?: string;
  /** Lower comes first; core's own entries use 0 (home) and 1000 (profile). */
  order?: number;
}

/** A block a plugin shows on the portal home: "main" is the feed column, "side" the side panel on wide screens. */
export interface HomeSection {
  id: string;
  slot: 'main' | 'side';
  load: PageLoader;
  /**
   * API paths (under /api/v1) the section GETs first, exactly as it asks for them: the portal
   * starts these requests with the page, so their answers are on the way before the section renders.
   */
  prefetch?: string[];
  permission?: string;
  order?: number;
}

/**
 * A widget or field that a plugin adds to the forms engine's renderer (`PorticoForm` of
 * `@portico/forms/react`), offered by the form builder's palette. Name it `<plugin id>.<name>`
 * (`ordering.product-lines`) so that two plugins never collide; a form refers to it by that name
 * in its UI schema (`"ui:widget"` or, for `kind: 'field'`, `"ui:field"`).
 */
export interface FormWidgetContribution {
  /**
   * The component: a react-jsonschema-form widget (props `WidgetProps` of `@rjsf/utils`: value,
   * onChange, label...) or, with `kind: 'field'`, a field (`FieldProps`: formData, onChange,
   * schema...). Typed loosely because core does not depend on the form library.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- RJSF's props types live in @rjsf/utils, which core does not depend on
  component: ComponentType<any>;
  /** 'widget' (default): one value, set with "ui:widget". 'field': a whole subtree, set with "ui:field". */
  kind?: 'widget' | 'field';
  /** The name the builder's palette shows, per language. */
  label: Record<string, string>;
  /** The JSON Schema the builder inserts for a new field of this kind. */
  schema: Record<string, unknown>;
  /** The UI schema inserted with it; should name the widget (`{ "ui:widget": "ordering.product-lines" }`). */
  uiSchema?: Record<string, unknown>;
}

/** Everything a plugin contributes to one app: the default export of its "./portal" or "./admin". */
export interface PluginUi {
  /** The plugin's id (its manifest's "portico.id"); also its translation namespace. */
  id: string;
  routes?: UiRoute[];
  navigation?: NavEntry[];
  /** Portal only: blocks on the home page. */
  home?: HomeSection[];
  /** Strings per language, e.g. { en: enJson, sv: svJson }; used as the i18next namespace `id`. */
  translations?: Record<string, Record<string, unknown>>;
  /** Widgets and fields for admin-built forms, by name (see FormWidgetContribution). */
  formWidgets?: Record<string, FormWidgetContribution>;
}

/** Declares a plugin's portal contribution (typed identity function). */
export function definePortalUi(ui: PluginUi): PluginUi {
  return ui;
}

/** Declares a plugin's admin contribution (typed identity function). */
export function defineAdminUi(ui: Omit<PluginUi, 'home'>): PluginUi {
  return ui;
}

/** What the server puts in each page it serves (no request needed before the first paint). */
export interface BootData {
  portalName: string;
  languages: string[];
  defaultLanguage: string;
  branding: Branding;
  /** Ids of plugins that are enabled and running. */
  plugins: string[];
  /** Whether the page was requested with a session cookie (if not, nobody is logged in). */
  session?: boolean;
  /**
   * GET /api/v1/me's answer for the page's session (null: the cookie is no valid session).
   * Absent when the server did not resolve it: then the app asks /me itself.
   */
  me?: Me | null;
  /** The language of the logged-in person's profile, which the page starts in. */
  language?: string;
  /** Base path of the app: "/" or "/admin/". */
  base: string;
}

export interface Branding {
  primaryColor?: string | null;
  secondaryColor?: string | null;
  logoUrl?: string | null;
  faviconUrl?: string | null;
  portalName?: string | null;
}

export interface MeUser {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  phone?: string | null;
  language: string;
  contactMethod: 'email' | 'sms' | 'portal';
  timeZone: string;
  avatarUrl?: string | null;
  status: string;
  twoFactorEnabled?: boolean;
}

export interface MeOrganization {
  id: string;
  kind: 'provider' | 'customer';
  name: string;
  status: string;
  customerNumber?: string | null;
}

/** GET /api/v1/me */
export interface Me {
  user: MeUser;
  organization: MeOrganization;
  roles: string[];
  permissions: string[];
  groups: string[];
  /** Ids of plugins this user may use (pilot rollouts leave some out). */
  plugins?: string[];
}
