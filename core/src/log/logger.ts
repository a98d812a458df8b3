import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { currentContext } from '../kernel/request-context.js';

export type { Logger } from 'pino';

export interface Loggers {
  /** The kernel's logger; request loggers are its children, bound to their request id. */
  root: Logger;
  /**
   * The parent of plugin loggers. Plugins log through the logger they got at register time, so
   * the request id of the request (or event) being handled is added from the request context.
   */
  plugins: Logger;
}

/** Creates the loggers. Lines are JSON; pipe them through `pino-pretty` to read them in a terminal. */
export function createLoggers(level: LevelWithSilent, destination?: DestinationStream): Loggers {
  const dest = destination ?? pino.destination({ dest: 1, sync: false });
  const options = { level, base: { app: 'portico' }, timestamp: pino.stdTimeFunctions.isoTime };
  return {
    root: pino(options, dest),
    plugins: pino(
      {
        ...options,
        mixin: () => {
          const ctx = currentContext();
          return ctx ? { requestId: ctx.requestId } : {};
        },
      },
      dest,
    ),
  };
}

/** One logger, for tools that need no request ids. */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  return createLoggers(level, destination).root;
}
