import { Container } from 'inversify';
import type { ExtensionPoint, ServiceToken } from './service-token.js';

/** Something that yields a service on demand; resolved only after every plugin has registered. */
export type Lazy<T> = () => T;

/**
 * The kernel's container, the only place that knows inversify. Core services and services that
 * plugins provide live in the root; each plugin gets a child container holding only the tokens it
 * declared with `ctx.use()` or `ctx.useAll()`, so a plugin cannot reach what it did not ask for.
 */
export class KernelContainer {
  private readonly root = new Container({ defaultScope: 'Singleton' });
  private readonly providers = new Map<symbol, string>();

  bindValue<T>(token: ServiceToken<T>, value: T, owner = 'core'): void {
    this.assertFree(token, owner);
    this.root.bind<T>(token.id).toConstantValue(value);
  }

  bindFactory<T>(token: ServiceToken<T>, factory: () => T, owner: string): void {
    this.assertFree(token, owner);
    this.root
      .bind<T>(token.id)
      .toDynamicValue(() => factory())
      .inSingletonScope();
  }

  bindExtension<T>(point: ExtensionPoint<T>, factory: () => T): void {
    this.root
      .bind<T>(point.id)
      .toDynamicValue(() => factory())
      .inSingletonScope();
  }

  isBound(token: ServiceToken<unknown>): boolean {
    return this.root.isBound(token.id);
  }

  /** Who provides `token`, for error messages. */
  providerOf(token: ServiceToken<unknown>): string | undefined {
    return this.providers.get(token.id);
  }

  /** A child container that can resolve exactly the tokens given. */
  scoped(
    owner: string,
    tokens: ReadonlyArray<ServiceToken<unknown>>,
    points: ReadonlyArray<ExtensionPoint<unknown>>,
  ): ScopedContainer {
    const child = new Container({ defaultScope: 'Singleton' });
    // A plugin may use a token from several of its parts: bind each once.
    const once = <T extends { id: symbol }>(list: readonly T[]) => [
      ...new Map(list.map((t) => [t.id, t])).values(),
    ];
    for (const token of once(tokens)) {
      if (!this.root.isBound(token.id)) {
        throw new Error(
          `Plugin "${owner}" uses the service "${token.name}", but no loaded plugin provides it. ` +
            'Add the plugin that provides it to "plugins" in config and to "dependsOn" in the manifest.',
        );
      }
      child.bind(token.id).toDynamicValue(() => this.root.get(token.id));
    }
    for (const point of once(points)) {
      child
        .bind(point.id)
        .toDynamicValue(() => (this.root.isBound(point.id) ? this.root.getAll(point.id) : []));
    }
    return new ScopedContainer(owner, child);
  }

  get<T>(token: ServiceToken<T>): T {
    return this.root.get<T>(token.id);
  }

  getAll<T>(point: ExtensionPoint<T>): T[] {
    return this.root.isBound(point.id) ? this.root.getAll<T>(point.id) : [];
  }

  private assertFree(token: ServiceToken<unknown>, owner: string): void {
    const existing = this.providers.get(token.id);
    if (existing) {
      throw new Error(
        `Service "${token.name}" is provided twice: by "${existing}" and by "${owner}". Only one plugin may provide a service.`,
      );
    }
    this.providers.set(token.id, owner);
  }
}

export class ScopedContainer {
  constructor(
    private readonly owner: string,
    private readonly container: Container,
  ) {}

  get<T>(token: ServiceToken<T>): T {
    if (!this.container.isBound(token.id)) {
      throw new Error(
        `Plugin "${this.owner}" did not declare that it uses "${token.name}": call ctx.use(${token.name}Token) in register.`,
      );
    }
    return this.container.get<T>(token.id);
  }

  getAll<T>(point: ExtensionPoint<T>): T[] {
    if (!this.container.isBound(point.id)) {
      throw new Error(
        `Plugin "${this.owner}" did not declare that it reads the extension point "${point.name}": call ctx.useAll(...) in register.`,
      );
    }
    return this.container.get<T[]>(point.id);
  }
}
