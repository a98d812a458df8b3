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
     * Set to share sessions, rate limits and jobs between instances. Env: REDIS_URL.
     */
    url?: string | null;
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
}
