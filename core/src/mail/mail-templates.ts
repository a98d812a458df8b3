import { existsSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

/**
 * A mail template file (`<dir>/<lang>/<name>.hbs`) is plain handlebars cut into sections by
 * marker lines, so one file holds the whole mail:
 *
 * ```
 * {{!-- subject --}}
 * Reset your password
 * {{!-- text --}}
 * Hello {{name}}, ...
 * {{!-- html --}}
 * <p>Hello {{name}}, ...</p>
 * ```
 *
 * `subject` and `text` are required, `html` is optional. Anything before the first marker is a
 * comment for translators. A `{{!-- sensitive --}}` line marks a mail whose link logs the
 * recipient in (reset, invitation): once an SMTP server delivers mail, the outbox hides its body.
 * The layout (`<dir>/<lang>/layout.hbs`) has `text` and `html` sections around `{{{body}}}`.
 */
export interface TemplateSource {
  subject?: string;
  text?: string;
  html?: string;
  sensitive: boolean;
}

// `{{!-- subject --}}`, or the short comment `{{! subject }}` that formatters turn it into.
const marker = /^\{\{!(?:--)?\s*(subject|text|html|sensitive)\s*(?:--)?\}\}\s*$/;

/** Splits a template file into its sections (see TemplateSource). */
export function parseTemplate(source: string): TemplateSource {
  const out: TemplateSource = { sensitive: false };
  let section: 'subject' | 'text' | 'html' | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (section) out[section] = lines.join('\n').replace(/^\n+|\s+$/g, '');
    lines = [];
  };
  for (const line of source.replace(/\r\n/g, '\n').split('\n')) {
    const m = marker.exec(line);
    if (!m) {
      lines.push(line);
      continue;
    }
    flush();
    if (m[1] === 'sensitive') {
      out.sensitive = true;
      section = undefined;
    } else section = m[1] as 'subject' | 'text' | 'html';
  }
  flush();
  return out;
}

type Render = (data: Record<string, unknown>) => string;

/** A template compiled for one language: text parts unescaped, HTML escaped by default. */
export interface CompiledTemplate {
  name: string;
  language: string;
  sensitive: boolean;
  subject: Render;
  text: Render;
  html?: Render;
}

/** A template given as text rather than as a file: subject and text required, html optional. */
export interface InlineTemplate {
  subject: string;
  text: string;
  html?: string;
}

export interface CompiledLayout {
  text: Render;
  html?: Render;
}

/**
 * Finds and compiles mail templates in a list of folders (the first that has a template wins),
 * per language with a fallback to English. Compiled templates are kept: the files do not change
 * while running.
 */
export class MailTemplates {
  private readonly hbs = Handlebars.create();
  /** Templates that admins write (routines): their own environment, without core's helpers. */
  private readonly untrusted = Handlebars.create();
  private readonly inlineCache = new Map<string, CompiledTemplate>();
  private readonly cache = new Map<string, CompiledTemplate | null>();
  private readonly layouts = new Map<string, CompiledLayout | null>();
  private readonly dirs: URL[];

  constructor(dirs: readonly URL[]) {
    this.dirs = [...dirs];
    this.hbs.registerHelper('duration', (hours: unknown, options: Handlebars.HelperOptions) =>
      formatDuration(
        Number(hours),
        String((options.data as { root?: { language?: unknown } })?.root?.language ?? 'en'),
      ),
    );
  }

  /** Adds a folder of `<lang>/<name>.hbs` files, searched after the ones already known. */
  add(dir: URL): void {
    this.dirs.push(dir);
    this.cache.clear();
    this.layouts.clear();
  }

  /** The languages to try for `language`, best first: `sv-FI` → sv-FI, sv, en. */
  static candidates(language: string | null | undefined): string[] {
    const list = [language, language?.split('-')[0], 'en'].filter(
      (l): l is string => !!l && /^[a-z]{2}(-[A-Z]{2})?$/.test(l),
    );
    return [...new Set(list)];
  }

  /** The template `name` in the best available language; throws if no language has it. */
  get(name: string, language: string | null | undefined): CompiledTemplate {
    if (!/^[a-z][a-z0-9-]*$/.test(name))
      throw new Error(`Mail template name "${name}" must be kebab-case, like "password-reset".`);
    for (const lang of MailTemplates.candidates(language)) {
      const found = this.compile(name, lang);
      if (found) return found;
    }
    throw new Error(
      `No mail template "${name}" (looked for <lang>/${name}.hbs in ${this.dirs.map((d) => d.pathname).join(', ')}).`,
    );
  }

  /**
   * Compiles a template written by an admin (a routine's mail), kept by its text. Handlebars 4.6+
   * refuses prototype access, so an admin template reads only the data it is given. A syntax
   * error throws with handlebars' message, which names the line.
   */
  inline(source: InlineTemplate, language: string): CompiledTemplate {
    const key = JSON.stringify([language, source.subject, source.text, source.html ?? null]);
    const hit = this.inlineCache.get(key);
    if (hit) return hit;
    const options = { noEscape: true, strict: false, knownHelpersOnly: true, knownHelpers: {} };
    const compiled: CompiledTemplate = {
      name: 'inline',
      language,
      sensitive: false,
      subject: this.untrusted.compile(source.subject, options),
      text: this.untrusted.compile(source.text, options),
      html: source.html
        ? this.untrusted.compile(source.html, { strict: false, knownHelpersOnly: true, knownHelpers: {} })
        : undefined,
    };
    // Compile now, so a broken template fails when it is saved or sent, not later.
    compiled.subject({});
    compiled.text({});
    compiled.html?.({});
    if (this.inlineCache.size > 500) this.inlineCache.clear();
    this.inlineCache.set(key, compiled);
    return compiled;
  }

  /** The layout for `language` (falling back like templates), or a bare one if there is none. */
  layout(language: string): CompiledLayout {
    for (const lang of MailTemplates.candidates(language)) {
      let layout = this.layouts.get(lang);
      if (layout === undefined) {
        const source = this.read(lang, 'layout');
        layout = source
          ? {
              text: this.hbs.compile(source.text ?? '{{{body}}}', { noEscape: true }),
              html: source.html ? this.hbs.compile(source.html) : undefined,
            }
          : null;
        this.layouts.set(lang, layout);
      }
      if (layout) return layout;
    }
    return { text: (d) => String(d.body) };
  }

  private compile(name: string, lang: string): CompiledTemplate | null {
    const key = `${lang}/${name}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const source = this.read(lang, name);
    let compiled: CompiledTemplate | null = null;
    if (source) {
      if (!source.subject || !source.text)
        throw new Error(`Mail template ${key}.hbs needs a {{!-- subject --}} and a {{!-- text --}} section.`);
      compiled = {
        name,
        language: lang,
        sensitive: source.sensitive,
        // Subjects and text bodies are not HTML: escaping would show "&amp;" to the reader.
        subject: this.hbs.compile(source.subject, { noEscape: true }),
        text: this.hbs.compile(source.text, { noEscape: true }),
        html: source.html ? this.hbs.compile(source.html) : undefined,
      };
    }
    this.cache.set(key, compiled);
    return compiled;
  }

  private read(lang: string, name: string): TemplateSource | undefined {
    for (const dir of this.dirs) {
      const file = new URL(`${lang}/${name}.hbs`, dir);
      if (existsSync(file)) return parseTemplate(readFileSync(file, 'utf8'));
    }
    return undefined;
  }
}

/** A time span in words of `language`: whole days from two days up, else hours, else minutes. */
export function formatDuration(hours: number, language: string): string {
  let value: number;
  let unit: 'day' | 'hour' | 'minute';
  if (hours >= 48 && Number.isInteger(hours / 24)) [value, unit] = [hours / 24, 'day'];
  else if (hours >= 1) [value, unit] = [Math.round(hours * 10) / 10, 'hour'];
  else [value, unit] = [Math.max(1, Math.round(hours * 60)), 'minute'];
  try {
    return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
  } catch {
    return new Intl.NumberFormat('en', { style: 'unit', unit, unitDisplay: 'long' }).format(value);
  }
}
