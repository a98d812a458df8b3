import { useApi, type Api } from '@portico/core/react';
import { useEffect, useState } from 'react';
import type { Organization } from './api-types.js';
import type { Page } from './cursor-pages.js';

/** Organisation names by id, shared by the screens of this page load (a list shows names, rows hold ids). */
const organizationNames = new Map<string, string>();
let firstPage: Promise<void> | undefined;

async function loadNames(api: Api, ids: string[]): Promise<void> {
  // One request covers most portals; the rest are asked for one by one.
  firstPage ??= api
    .get<Page<Organization>>('/organizations?limit=200')
    .then((page) => {
      for (const o of page.items) organizationNames.set(o.id, o.name);
    })
    .catch(() => {
      firstPage = undefined;
    });
  await firstPage;
  await Promise.all(
    ids
      .filter((id) => !organizationNames.has(id))
      .map((id) =>
        api.get<Organization>(`/organizations/${id}`).then(
          (o) => void organizationNames.set(o.id, o.name),
          () => undefined,
        ),
      ),
  );
}

/** Remembers a name the screen learnt another way (after a rename or a create). */
export function rememberOrganizationName(id: string, name: string): void {
  organizationNames.set(id, name);
}

/** A function from organisation id to name for the ids given (the id itself until it is known). */
export function useOrganizationNames(
  ids: Array<string | null | undefined>,
): (id: string | null | undefined) => string {
  const api = useApi();
  const [, setVersion] = useState(0);
  const wanted = [...new Set(ids.filter((id): id is string => !!id))].sort().join(',');
  useEffect(() => {
    if (!wanted) return;
    const missing = wanted.split(',').filter((id) => !organizationNames.has(id));
    if (!missing.length) return;
    let live = true;
    void loadNames(api, missing).then(() => live && setVersion((v) => v + 1));
    return () => {
      live = false;
    };
  }, [api, wanted]);
  return (id) => (id ? (organizationNames.get(id) ?? '…') : '');
}

/** User names by id, asked for one by one (audit entries name users by id). */
const userNames = new Map<string, string>();
const userRequests = new Map<string, Promise<void>>();

/** A function from user id to name for the ids given (undefined until known or when not reachable). */
export function useUserNames(
  ids: Array<string | null | undefined>,
): (id: string | null | undefined) => string | undefined {
  const api = useApi();
  const [, setVersion] = useState(0);
  const wanted = [...new Set(ids.filter((id): id is string => !!id))].sort().join(',');
  useEffect(() => {
    if (!wanted) return;
    const missing = wanted.split(',').filter((id) => !userNames.has(id));
    if (!missing.length) return;
    let live = true;
    void Promise.all(
      missing.map((id) => {
        let request = userRequests.get(id);
        if (!request) {
          request = api.get<{ id: string; name: string; email: string }>(`/users/${id}`).then(
            (u) => void userNames.set(u.id, u.name),
            () => void userNames.set(id, ''),
          );
          userRequests.set(id, request);
        }
        return request;
      }),
    ).then(() => live && setVersion((v) => v + 1));
    return () => {
      live = false;
    };
  }, [api, wanted]);
  return (id) => (id ? userNames.get(id) || undefined : undefined);
}
