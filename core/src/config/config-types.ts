/* eslint-disable */
// Generated from config.schema.json by `portico types`. Do not edit: edit the schema and run `npm run portico -- types`.

/**
 * Configuration of a Portico deployment. Layers: built-in defaults, config/default.json, config/<NODE_ENV>.json, then environment variables.
 */
export interface PorticoConfig {
  $schema?: string;
  /**
   * Shown in the browser title and in e-mails until branding is set in admin.
   */
  portalName?: string;
  /**
   * Language of visitors whose browser asks for none the portal has, and of content shown when a translation is missing.
   */
  defaultLanguage?: string;
  /**
   * The portal and admin apps.
   */
  ui?: {
    /**
     * Serve the built apps at / and /admin. Turn off to run an API-only instance behind a CDN that serves them.
     */
    serve?: boolean;
  };
  /**
   * Directory for the SQLite database and stored files, relative to the app root. Env: PORTICO_DATA_DIR.
   */
  dataDir?: string;
  http?: {
    /**
     * Env: PORT.
     */
    port?: number;
    host?: string;
    /**
     * The URL users reach the portal at, as printed at start and used in links the portal sends. Defaults to http://localhost:<port>.
     */
    publicUrl?: string | null;
    /**
     * Largest accepted JSON request body, for example 512kb or 1mb. Larger bodies answer 413.
     */
    bodyLimit?: string;
    /**
     * Express trust proxy setting: true behind one load balancer that sets X-Forwarded-For.
     */
    trustProxy?: boolean | number | string;
    /**
     * Validate every API response against its declared schema (on in tests; costs time in production).
     */
    validateResponses?: boolean;
    /**
     * How long a stopping portal waits for in-flight requests before closing their connections.
     */
    shutdownTimeoutMs?: number;
  };
  database?: {
    /**
     * mysql://user:password@host:3306/name for MySQL or MariaDB; sqlite:path or null for the embedded SQLite file under dataDir. Env: DATABASE_URL.
     */
    url?: string | null;
    /**
     * Log every SQL statement at debug level.
     */
    logging?: boolean;
    poolMax?: number;
  };
  redis?: {
    /**
     * Set to keep sessions and rate limits in Redis and tell every instance at once when a session ends or a user changes (scaling out). Env: REDIS_URL.
     */
    url?: string | null;
    /**
     * Put in front of every key and channel name, so that several portals (or test runs) can share one Redis. Env: PORTICO_REDIS__KEY_PREFIX.
     */
    keyPrefix?: string;
  };
  log?: {
    /**
     * Env: PORTICO_LOG__LEVEL.
     */
    level?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    /**
     * Write one line per HTTP request.
     */
    requests?: boolean;
  };
  /**
   * Plugins to load: an npm package name, a path relative to the app root, or an object with options.
   */
  plugins?: (
    | string
    | {
        /**
         * npm package name or path.
         */
        package: string;
        /**
         * If the plugin fails to start, the portal starts without it and reports it in /readyz.
         */
        optional?: boolean;
        enabled?: boolean;
        /**
         * Validated against the plugin's settings schema.
         */
        settings?: {};
      }
  )[];
  events?: {
    /**
     * Deliver events from the outbox in this instance. Turn off on instances that should only serve HTTP.
     */
    dispatch?: boolean;
    pollIntervalMs?: number;
    batchSize?: number;
    maxAttempts?: number;
    backoffBaseMs?: number;
    backoffMaxMs?: number;
    /**
     * How long an instance holds a delivery it is working on before another may take it over.
     */
    leaseMs?: number;
  };
  demo?: {
    /**
     * Seed the demo tenant the first time the portal starts on an empty database.
     */
    seedOnFirstStart?: boolean;
    /**
     * Password of the demo users that the demo seed creates. Env: PORTICO_DEMO_PASSWORD.
     */
    password?: string | null;
  };
  /**
   * Logins, sessions, passwords and their defences.
   */
  auth?: {
    /**
     * Key that encrypts secrets stored in the database (TOTP secrets), AES-256-GCM: 32 random bytes in base64 (openssl rand -base64 32). null: a key is generated once in <dataDir>/secrets/encryption.key and reused; with MySQL/MariaDB and several instances set it, the same on every instance. Env: PORTICO_AUTH__ENCRYPTION_KEY.
     */
    encryptionKey?: string | null;
    /**
     * Cost of password hashing (node:crypto scrypt). Stored with each hash, so raising it only affects new and changed passwords; old hashes are upgraded at the next login.
     */
    scrypt?: {
      /**
       * N: CPU and memory cost, a power of two.
       */
      cost?: 1024 | 2048 | 4096 | 8192 | 16384 | 32768 | 65536 | 131072;
      /**
       * r.
       */
      blockSize?: number;
      /**
       * p.
       */
      parallelization?: number;
      keyLength?: number;
    };
    password?: {
      minLength?: number;
      maxLength?: number;
      /**
       * Refuse passwords from the list of common passwords shipped with core, and passwords built from the user's name or e-mail.
       */
      rejectCommon?: boolean;
      /**
       * A new password may not repeat any of the last N.
       */
      historySize?: number;
    };
    session?: {
      cookieName?: string;
      /**
       * auto: Secure when http.publicUrl is https.
       */
      secureCookie?: 'auto' | true | false;
      /**
       * A session unused this long ends.
       */
      idleTimeoutMinutes?: number;
      /**
       * A session ends this long after login, however much it is used.
       */
      absoluteTimeoutHours?: number;
      /**
       * How long an instance keeps a resolved session in memory. Changes made through this instance (logout, role change) apply at once; with REDIS_URL set, other instances are told at once too; otherwise they see them within this time.
       */
      actorCacheMs?: number;
    };
    /**
     * Failed logins per account (known or not, so that the answer reveals nothing) and per client address.
     */
    lockout?: {
      accountAttempts?: number;
      ipAttempts?: number;
      /**
       * Failures count within this window; a locked account or address waits until the window ends.
       */
      windowMinutes?: number;
    };
    /**
     * Requests per client address per minute to the unauthenticated auth endpoints (login, reset, account request).
     */
    rateLimit?: {
      perMinute?: number;
    };
    tokens?: {
      /**
       * How long a password reset link works.
       */
      resetHours?: number;
      /**
       * How long an invitation or approval link works.
       */
      invitationHours?: number;
      /**
       * Longest lifetime an API token may be given.
       */
      apiTokenMaxDays?: number;
    };
    totp?: {
      /**
       * Name shown in authenticator apps; defaults to portalName.
       */
      issuer?: string | null;
      /**
       * Role keys whose holders must use a second factor (organisations can require it too, in admin).
       */
      requiredForRoles?: string[];
    };
  };
  /**
   * Outgoing e-mail. Without smtp.host, mails are kept in the portal's mail outbox, which admins read in the admin app.
   */
  mail?: {
    from?: string;
    smtp?: {
      /**
       * Env: PORTICO_MAIL__SMTP__HOST.
       */
      host?: string | null;
      port?: number;
      /**
       * TLS from the start (port 465); otherwise STARTTLS when offered.
       */
      secure?: boolean;
      user?: string | null;
      password?: string | null;
      requireTls?: boolean;
    };
  };
  /**
   * Stored files (avatars, attachments): on disk under dataDir/files.
   */
  files?: {
    avatarMaxBytes?: number;
    /**
     * Avatars are resized to this many pixels square.
     */
    avatarSize?: number;
  };
}
