import {
  systemActor,
  typeSourcePoint,
  type Lazy,
  type RegisterContext,
  type TypeDeclaration,
  type TypeSet,
} from '@portico/core';
import type { CustomFieldDefinitions } from '../custom-fields/service.js';
import type { FormService } from '../definitions/definition-service.js';
import type { DefinitionsArea } from '../definitions/index.js';
import type { Translated } from '../shared/types.js';

const pascal = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

const kindLabels = {
  form: 'Form',
  'order-sheet': 'Order sheet',
  'case-type': 'Case type',
  structure: 'Structure',
} as const;

const textOf = (t: Translated, fallback: string) => t.en ?? Object.values(t)[0] ?? fallback;

/**
 * The types `portico types` writes to generated/forms.d.ts: one interface per published form
 * and structure (named after its key: `service-agreement` -> `ServiceAgreement`), one per
 * entity with custom fields (`OrganizationCustomFields`), and maps from keys to them
 * (`PorticoForms`, `PorticoStructures`, `PorticoCustomFields`).
 */
export async function formTypes(forms: FormService, customFields: CustomFieldDefinitions): Promise<TypeSet> {
  const declarations: TypeDeclaration[] = [];
  const taken = new Set(['PorticoForms', 'PorticoStructures', 'PorticoCustomFields']);
  const nameFor = (base: string) => {
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    taken.add(name);
    return name;
  };
  const formMap: Record<string, string> = {};
  const structureMap: Record<string, string> = {};
  for (const summary of await forms.list(systemActor)) {
    if (summary.publishedVersion === null) continue;
    const version = await forms.published(summary.key);
    if (!version) continue;
    const name = nameFor(pascal(summary.key));
    const kind = kindLabels[version.kind];
    declarations.push({
      name,
      schema: version.schema,
      description: `${kind} "${summary.key}": ${textOf(version.title, summary.key)}, version ${version.version}.`,
    });
    (version.kind === 'structure' ? structureMap : formMap)[summary.key] = name;
  }
  const customMap: Record<string, string> = {};
  for (const definition of await customFields.list()) {
    if (!definition.version) continue;
    const name = nameFor(`${pascal(definition.entity)}CustomFields`);
    declarations.push({
      name,
      schema: definition.schema,
      description: `The custom fields of ${textOf(definition.title, definition.entity)} (\`custom\` of "${definition.entity}"), version ${definition.version}.`,
    });
    customMap[definition.entity] = name;
  }
  return {
    file: 'forms.d.ts',
    description: 'Types of the published forms, structures and custom fields of this portal.',
    declarations,
    maps: [
      { name: 'PorticoForms', description: 'The data of a submission, by form key.', entries: formMap },
      {
        name: 'PorticoStructures',
        description: 'The data of a record, by structure key.',
        entries: structureMap,
      },
      {
        name: 'PorticoCustomFields',
        description: 'The `custom` values of an extensible entity, by entity.',
        entries: customMap,
      },
    ],
  };
}

/** Gives `portico types` the forms engine's types (see formTypes). */
export function registerTypes(
  ctx: RegisterContext,
  definitions: DefinitionsArea,
  customFields: Lazy<CustomFieldDefinitions>,
): void {
  ctx.extend(typeSourcePoint, () => ({ types: () => formTypes(definitions.service(), customFields()) }));
}
