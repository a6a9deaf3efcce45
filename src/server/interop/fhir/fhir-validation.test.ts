import { describe, expect, it } from 'vitest';
import {
  type ExampleResource,
  sdohCcExample,
  sdohCcExamples,
} from '../../../../test/helpers/sdoh-cc';
import { fhirDefinitions } from './fhir-definitions';
import { hasErrors, requireValidFhirResource, validateFhirResource } from './fhir-validation';
import { FhirError, type FhirIssue, operationOutcome } from './operation-outcome';

const task = (): ExampleResource =>
  sdohCcExample('Task-SDOHCC-TaskReferralManagementOrderFulfillmentAcceptedExample.json');
const patient = (): ExampleResource => sdohCcExample('Patient-pat-53234.json');
const condition = (): ExampleResource =>
  sdohCcExample('Condition-SDOHCC-ConditionFoodInsecurityExample.json');

/** The issues that are errors, as key and path. */
function errorsOf(resource: unknown, expectedType?: string): { key: string; at?: string }[] {
  return validateFhirResource(resource, expectedType)
    .filter((issue) => hasErrors([issue]))
    .map((issue: FhirIssue) => ({
      key: issue.message.key,
      ...(issue.expression ? { at: issue.expression } : {}),
    }));
}

describe('FHIR R4 validation of what we receive', () => {
  const examples = [...sdohCcExamples()];
  const resourceTypes = fhirDefinitions().resourceTypes;

  it('has the 45 Gravity examples, all of them R4 resources', () => {
    expect(examples).toHaveLength(45);
    for (const [file, example] of examples) {
      expect(resourceTypes.has(example.resourceType), file).toBe(true);
    }
  });

  it.each(examples)('accepts the Gravity example %s', (_file, example) => {
    expect(errorsOf(example, example.resourceType)).toEqual([]);
  });

  it('refuses a day its month does not have, in a date, a dateTime and an instant', () => {
    const person = patient();
    person.birthDate = '2024-02-30';
    expect(errorsOf(person)).toEqual([{ key: 'date_not_in_calendar', at: 'Patient.birthDate' }]);

    const referral = task();
    referral.authoredOn = '2023-02-29T10:00:00Z';
    referral.meta = { lastUpdated: '2024-04-31T08:00:00.000Z' };
    expect(errorsOf(referral)).toEqual([
      { key: 'date_not_in_calendar', at: 'Task.meta.lastUpdated' },
      { key: 'date_not_in_calendar', at: 'Task.authoredOn' },
    ]);
  });

  it('accepts 29 February of a leap year and partial dates', () => {
    const person = patient();
    person.birthDate = '2024-02-29';
    expect(errorsOf(person)).toEqual([]);
    person.birthDate = '1987-02';
    expect(errorsOf(person)).toEqual([]);
    person.birthDate = '1900-02-29';
    expect(errorsOf(person)).toEqual([{ key: 'date_not_in_calendar', at: 'Patient.birthDate' }]);
  });

  it('refuses a dateTime whose time has no zone or no seconds, in a choice element too', () => {
    const referral = task();
    referral.authoredOn = '2024-03-01T10:00:00';
    expect(errorsOf(referral)).toEqual([{ key: 'date_time_incomplete', at: 'Task.authoredOn' }]);
    const problem = condition();
    problem.onsetDateTime = '2024-02-30';
    expect(errorsOf(problem)).toEqual([{ key: 'date_not_in_calendar', at: 'Condition.onset' }]);
  });

  it('refuses a code outside a required binding (code and CodeableConcept)', () => {
    const referral = task();
    referral.status = 'lost';
    expect(errorsOf(referral)).toEqual([{ key: 'code_not_in_value_set', at: 'Task.status' }]);

    const person = patient();
    person.gender = 'M';
    expect(errorsOf(person)).toEqual([{ key: 'code_not_in_value_set', at: 'Patient.gender' }]);

    const problem = condition();
    problem.clinicalStatus = {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'over' },
      ],
    };
    expect(errorsOf(problem)).toEqual([
      { key: 'code_not_in_value_set', at: 'Condition.clinicalStatus' },
    ]);
    problem.clinicalStatus = { text: 'active' };
    expect(errorsOf(problem)).toEqual([{ key: 'code_required', at: 'Condition.clinicalStatus' }]);
    problem.clinicalStatus = {
      coding: [{ system: 'http://example.org/other', code: 'active' }],
    };
    expect(errorsOf(problem)).toEqual([
      { key: 'code_not_in_value_set', at: 'Condition.clinicalStatus' },
    ]);
  });

  it('refuses a code outside a required binding deep inside a resource', () => {
    const person = patient();
    person.telecom = [{ system: 'phone', value: '613 555 0100', use: 'cell' }];
    expect(errorsOf(person)).toEqual([
      { key: 'code_not_in_value_set', at: 'Patient.telecom[0].use' },
    ]);
  });

  it('refuses JSON of the wrong shape where @medplum/core lets it through', () => {
    expect(errorsOf({ resourceType: 'Patient', name: [{ family: 'Abbas' }, 2] })).toEqual([
      { key: 'wrong_json_type', at: 'Patient.name[1]' },
    ]);
    expect(
      errorsOf({ resourceType: 'Patient', name: [{ given: ['Colin', { value: 'x' }] }] }),
    ).toContainEqual({ key: 'wrong_json_type', at: 'Patient.name[0].given[1]' });
    expect(
      errorsOf({ resourceType: 'Patient', multipleBirthInteger: { value: 2 } }),
    ).toContainEqual({ key: 'wrong_json_type', at: 'Patient.multipleBirth' });
  });

  it('refuses the empty values FHIR JSON forbids, which @medplum/core reads as absent', () => {
    const person = patient();
    person.gender = '';
    person.active = [];
    person.name = [{ family: 'Abbas', given: ['Colin', ''] }, {}];
    person.maritalStatus = {};
    expect(errorsOf(person)).toEqual([
      { key: 'empty_value', at: 'Patient.active' },
      { key: 'empty_value', at: 'Patient.name[0].given[1]' },
      { key: 'empty_value', at: 'Patient.name[1]' },
      { key: 'empty_value', at: 'Patient.gender' },
      { key: 'empty_value', at: 'Patient.maritalStatus' },
    ]);
  });

  it('refuses a wrong JSON type, an unknown element and a missing required one', () => {
    const referral = task();
    referral.intent = 5;
    referral.colour = 'blue';
    delete referral.status;
    expect(errorsOf(referral)).toEqual(
      expect.arrayContaining([
        { key: 'wrong_json_type', at: 'Task.intent' },
        { key: 'unknown_element', at: 'Task.colour' },
        { key: 'element_required', at: 'Task.status' },
      ]),
    );
  });

  it('refuses a resource of another type than the one expected, and what is no resource', () => {
    expect(errorsOf(patient(), 'Task')).toEqual([
      { key: 'wrong_resource_type', at: 'resourceType' },
    ]);
    expect(errorsOf({ resourceType: 'Referral' })).toEqual([
      { key: 'unknown_resource_type', at: 'resourceType' },
    ]);
    expect(errorsOf({ resourceType: 'HumanName' })).toEqual([
      { key: 'unknown_resource_type', at: 'resourceType' },
    ]);
    for (const notOne of [null, 'Patient', 42, [], {}, { resourceType: 7 }]) {
      expect(errorsOf(notOne)).toEqual([{ key: 'not_a_resource', at: 'resourceType' }]);
    }
  });

  it('checks the resources of a Bundle, with their paths inside it', () => {
    const person = patient();
    person.birthDate = '2023-11-31';
    const referral = task();
    referral.status = 'done';
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:2b3c7c2e-0d5c-4a8e-9a77-3f5f1b1a1f01',
          resource: person,
          request: { method: 'POST', url: 'Patient' },
        },
        {
          fullUrl: 'urn:uuid:2b3c7c2e-0d5c-4a8e-9a77-3f5f1b1a1f02',
          resource: referral,
          request: { method: 'POST', url: 'Task' },
        },
      ],
    };
    expect(errorsOf(bundle)).toEqual([
      { key: 'date_not_in_calendar', at: 'Bundle.entry[0].resource.birthDate' },
      { key: 'code_not_in_value_set', at: 'Bundle.entry[1].resource.status' },
    ]);
  });

  it.each([
    ['a string where a list is', { resourceType: 'Patient', name: 'Colin' }],
    ['numbers in a list of objects', { resourceType: 'Patient', name: [1, 2] }],
    ['objects in a list of strings', { resourceType: 'Patient', name: [{ given: [{}] }] }],
    ['an object for a primitive', { resourceType: 'Patient', gender: { code: 'male' } }],
    ['a list for a primitive in a choice', { resourceType: 'Patient', deceasedBoolean: [true] }],
    ['an extension without its url', { resourceType: 'Patient', extension: [{ url: 5 }] }],
    ['nulls', { resourceType: 'Patient', name: [null], gender: null }],
    ['a contained non-resource', { resourceType: 'Task', contained: [{ a: 1 }], status: 'x' }],
    ['a primitive extension alone', { resourceType: 'Patient', _gender: { extension: 'x' } }],
    ['arrays of arrays', { resourceType: 'Patient', identifier: [[[{ value: 'x' }]]] }],
  ])('refuses %s with issues, without throwing', (_what, resource) => {
    const issues = validateFhirResource(resource);
    expect(hasErrors(issues)).toBe(true);
  });

  it('gives the writes a valid resource or a 400 naming every problem', () => {
    expect(requireValidFhirResource(task(), 'Task').resourceType).toBe('Task');
    const referral = task();
    referral.status = 'lost';
    try {
      requireValidFhirResource(referral, 'Task');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FhirError);
      const refusal = error as FhirError;
      expect(refusal.status).toBe(400);
      expect(operationOutcome(refusal.issues, 'fr').issue).toEqual([
        {
          severity: 'error',
          code: 'code-invalid',
          diagnostics:
            'lost n’est pas un code du jeu de valeurs TaskStatus, que cet élément exige.',
          expression: ['Task.status'],
        },
      ]);
    }
  });
});
