/**
 * A typed handle for a service in the kernel's container. Plugins see tokens, never inversify:
 * a plugin exports the tokens of the services it provides so that other plugins can use them.
 */
export interface ServiceToken<T> {
  readonly id: symbol;
  readonly name: string;
  /** Phantom field that carries the service's type; never set at run time. */
  readonly __type?: T;
}

/**
 * An extension point: a token under which any number of plugins bind an implementation
 * (every GDPR provider, every ERP connector). Read with `all()` in the consuming plugin.
 */
export interface ExtensionPoint<T> {
  readonly id: symbol;
  readonly name: string;
  readonly multiple: true;
  readonly __type?: T;
}

/** Creates a service token. `name` follows `<name>Service`, for example `greetingService`. */
export function createServiceToken<T>(name: string): ServiceToken<T> {
  return Object.freeze({ id: Symbol.for(`portico.service.${name}`), name });
}

/** Creates an extension point token. `name` follows `<id><Name>Point`, for example `gdprProviderPoint`. */
export function createExtensionPoint<T>(name: string): ExtensionPoint<T> {
  return Object.freeze({ id: Symbol.for(`portico.point.${name}`), name, multiple: true as const });
}
