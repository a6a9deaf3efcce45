import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { capabilityStatement, implemented, scopesSupported } from './capability-statement';
import { validateFhirResource } from './fhir-validation';

const configWith = (env: Record<string, string>) =>
  loadConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:', ...env });

describe('the CapabilityStatement', () => {
  // Loading the R4 definitions for the first validation takes a while on a shared machine.
  it('validates as FHIR R4, with or without a public address', { timeout: 60_000 }, () => {
    const envs: Record<string, string>[] = [{}, { PUBLIC_URL: 'https://passerelle.example/' }];
    for (const env of envs) {
      expect(
        validateFhirResource(capabilityStatement(configWith(env)), 'CapabilityStatement'),
      ).toEqual([]);
    }
  });

  it('says how systems authenticate, as valid FHIR R4, when given the token endpoint', () => {
    const tokenUrl = 'https://passerelle.example/oauth/token';
    const statement = capabilityStatement(configWith({}), tokenUrl);
    expect(validateFhirResource(statement, 'CapabilityStatement')).toEqual([]);
    expect(statement.rest?.[0]?.security?.extension?.[0]?.extension).toEqual([
      { url: 'token', valueUri: tokenUrl },
    ]);
    expect(capabilityStatement(configWith({})).rest?.[0]).not.toHaveProperty('security');
  });

  it('gives the interface’s address only when the public address is known', () => {
    expect(capabilityStatement(configWith({})).implementation).not.toHaveProperty('url');
    expect(
      capabilityStatement(configWith({ PUBLIC_URL: 'https://passerelle.example/' })).implementation
        ?.url,
    ).toBe('https://passerelle.example/fhir/R4');
  });

  it('claims exactly the list of what is implemented', () => {
    const rest = capabilityStatement(configWith({})).rest?.[0];
    expect(rest?.resource ?? []).toEqual(implemented.resources);
    expect(rest?.operation ?? []).toEqual(implemented.operations);
    expect(rest?.interaction ?? []).toEqual(implemented.interactions);
  });

  it('offers the scopes it can use: create of each type a transaction carries, read of those it serves', () => {
    expect(scopesSupported()).toEqual(
      expect.arrayContaining(['system/Task.crs', 'system/Patient.cr', 'system/Condition.c']),
    );
  });

  it('says which Task searches it answers, with the parameters and include the route takes', () => {
    const task = implemented.resources.find((resource) => resource.type === 'Task');
    expect(task?.interaction?.map((i) => i.code)).toContain('search-type');
    expect(task?.searchInclude).toEqual(['Task:focus', 'Task:focus:ServiceRequest']);
    expect(task?.searchParam?.map((p) => p.name)).toEqual([
      '_id',
      '_lastUpdated',
      'patient',
      'subject',
      'status',
      'owner',
      'requester',
    ]);
  });

  it('says what Subscriptions do: rest-hook to the Task changes, created, read, updated, searched, deleted', () => {
    const subscription = implemented.resources.find((r) => r.type === 'Subscription');
    expect(subscription?.interaction?.map((i) => i.code)).toEqual([
      'create',
      'read',
      'update',
      'delete',
      'search-type',
    ]);
    expect(subscription?.searchParam?.map((p) => p.name)).toEqual(['_id', 'status']);
    expect(subscription?.documentation).toContain('rest-hook');
    expect(subscription?.documentation).toContain(
      'Task? with _id, status, owner, patient, requester',
    );
    expect(scopesSupported()).toContain('system/Subscription.cruds');
  });

  it('says which directory and Questionnaire searches it answers, and with what scopes', () => {
    const service = implemented.resources.find((r) => r.type === 'HealthcareService');
    expect(service?.interaction?.map((i) => i.code)).toEqual(['read', 'search-type']);
    expect(service?.searchInclude).toEqual([
      'HealthcareService:location',
      'HealthcareService:organization',
    ]);
    expect(service?.searchParam?.map((p) => p.name)).toEqual([
      '_id',
      '_lastUpdated',
      'name',
      'service-category',
      'location',
      'organization',
    ]);
    const organization = implemented.resources.find((r) => r.type === 'Organization');
    expect(organization?.interaction?.map((i) => i.code)).toEqual([
      'create',
      'read',
      'search-type',
    ]);
    expect(scopesSupported()).toEqual(
      expect.arrayContaining([
        'system/HealthcareService.rs',
        'system/Location.rs',
        'system/Organization.crs',
        'system/Questionnaire.rs',
      ]),
    );
  });
});
