import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { sdohCcExample, sdohCcExamples } from '../../../../test/helpers/sdoh-cc';
import { storedReferences } from './fhir-references';
import { checkFhirResource } from './fhir-validation';

/** The references validation's typed walk gathers, with their paths. */
const referencesOf = (resource: Resource) => checkFhirResource(resource).references;

const task = () =>
  sdohCcExample(
    'Task-SDOHCC-TaskReferralManagementOrderFulfillmentAcceptedExample.json',
  ) as unknown as Resource;

describe('the references a write must resolve', () => {
  it('are every literal reference of a resource, with its path', () => {
    expect(referencesOf(task())).toEqual([
      {
        reference: 'ServiceRequest/SDOHCC-ServiceRequestActiveFoodPantryApplicationAssistExample',
        expression: 'Task.focus.reference',
      },
      { reference: 'Patient/pat-53234', expression: 'Task.for.reference' },
      {
        reference: 'PractitionerRole/SDOHCC-PractitionerRoleDrJanWaterExample',
        expression: 'Task.requester.reference',
      },
      {
        reference: 'Organization/SDOHCC-OrganizationCoordinationPlatformExample',
        expression: 'Task.owner.reference',
      },
    ]);
  });

  it('include those of a Bundle’s entries, at their path in the Bundle', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ fullUrl: 'urn:uuid:0e9f2a3c-1b7d-4c55-9a44-1d2f3e4a5b6c', resource: task() }],
    } as Resource;
    expect(referencesOf(bundle).map((found) => found.expression)).toEqual([
      'Bundle.entry[0].resource.focus.reference',
      'Bundle.entry[0].resource.for.reference',
      'Bundle.entry[0].resource.requester.reference',
      'Bundle.entry[0].resource.owner.reference',
    ]);
  });

  it('of a stored resource, by the plain walk, are those the typed walk finds (in any order)', () => {
    let references = 0;
    for (const example of sdohCcExamples().values()) {
      const resource = example as unknown as Resource;
      const typed = referencesOf(resource).map((found) => found.reference);
      references += typed.length;
      expect(storedReferences(resource).sort()).toEqual(typed.sort());
    }
    expect(references).toBeGreaterThan(100);
  });
});
