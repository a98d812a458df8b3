/**
 * A mistake the person running Portico can fix (config, plugins, arguments): its message says
 * what is wrong and what to do, and the CLI prints it without a stack trace.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
