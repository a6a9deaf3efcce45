import type { CapabilityStatement, OperationOutcome } from '@medplum/fhirtypes';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implemented } from '../../src/server/interop/fhir/capability-statement';
import { hasErrors, validateFhirResource } from '../../src/server/interop/fhir/fhir-validation';
import { resources } from '../../src/shared/locales';
import { startTestApp, type TestApp } from '../helpers/app';
import { sdohCcExample } from '../helpers/sdoh-cc';

/*
 * The edge of the FHIR R4 interface: what it says it does, and how it refuses what it
 * cannot take. Every answer is FHIR JSON; every refusal an OperationOutcome in the caller's
 * language, with its status, and never a 5xx.
 */

let t: TestApp;
const publicUrl = 'https://passerelle.example';

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: publicUrl });
});
afterAll(() => t.close());

const fhirJson = 'application/fhir+json; charset=utf-8';
const validateUrl = '/fhir/R4/Patient/$validate';

function call(
  method: InjectOptions['method'],
  url: string,
  options: { body?: string; type?: string; language?: string } = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    headers: {
      'accept-language': options.language ?? 'en',
      ...(options.type ? { 'content-type': options.type } : {}),
    },
    ...(options.body === undefined ? {} : { payload: options.body }),
  });
}

const post = (url: string, resource: unknown, language = 'en') =>
  call('POST', url, { body: JSON.stringify(resource), type: 'application/fhir+json', language });

/** The answer is an OperationOutcome with this status, first issue code and words. */
function expectOutcome(
  response: LightMyRequestResponse,
  status: number,
  code: string,
  diagnostics?: string,
): OperationOutcome {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toBe(fhirJson);
  const outcome = response.json<OperationOutcome>();
  expect(outcome.resourceType).toBe('OperationOutcome');
  expect(hasErrors(validateFhirResource(outcome))).toBe(false);
  expect(outcome.issue[0]?.code).toBe(code);
  if (diagnostics) expect(outcome.issue[0]?.diagnostics).toBe(diagnostics);
  return outcome;
}

const fr = resources.fr.errors.fhir;
const en = resources.en.errors.fhir;

describe('GET /fhir/R4/metadata', () => {
  it('answers a CapabilityStatement that validates as FHIR R4, as FHIR JSON', async () => {
    const response = await call('GET', '/fhir/R4/metadata');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(fhirJson);
    const statement = response.json<CapabilityStatement>();
    expect(validateFhirResource(statement, 'CapabilityStatement')).toEqual([]);
    expect(statement).toMatchObject({
      resourceType: 'CapabilityStatement',
      status: 'active',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['json'],
      software: { name: 'Passerelle' },
      implementation: { url: `${publicUrl}/fhir/R4` },
    });
  });

  it('claims the referral transaction, creates and reads, $validate, and how systems authenticate', async () => {
    const statement = (await call('GET', '/fhir/R4/metadata')).json<CapabilityStatement>();
    const [rest] = statement.rest ?? [];
    expect(rest).toMatchObject({
      mode: 'server',
      security: expect.objectContaining({ service: [expect.anything()] }),
      interaction: [{ code: 'transaction', documentation: expect.any(String) }],
      operation: [
        {
          name: 'validate',
          definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate',
        },
      ],
    });
    // Exactly what the routes serve (capability-statement.ts), each type once.
    const served = rest?.resource ?? [];
    expect(served.map((r) => r.type)).toEqual(implemented.resources.map((r) => r.type));
    const interactions = (type: string) =>
      served.find((r) => r.type === type)?.interaction?.map((i) => i.code) ?? [];
    for (const type of ['Task', 'ServiceRequest', 'Patient', 'Consent']) {
      expect(interactions(type), type).toEqual(expect.arrayContaining(['create', 'read']));
    }
    for (const type of ['Practitioner', 'PractitionerRole', 'Condition', 'DocumentReference']) {
      expect(interactions(type), type).toContain('create');
    }
    expect(interactions('Task')).toContain('search-type');
  });

  it('answers HEAD too, and refuses other methods with 405 and what is allowed', async () => {
    expect((await call('HEAD', '/fhir/R4/metadata')).statusCode).toBe(200);
    const response = await call('DELETE', '/fhir/R4/metadata');
    expectOutcome(response, 405, 'not-supported', 'DELETE is not allowed at this address.');
    expect(response.headers.allow).toBe('GET, HEAD');
  });
});

describe('POST /fhir/R4/[type]/$validate', () => {
  it('finds no problem in a Gravity example, sent as FHIR JSON or JSON, and stores nothing', async () => {
    const task = sdohCcExample(
      'Task-SDOHCC-TaskReferralManagementOrderFulfillmentAcceptedExample.json',
    );
    for (const type of [
      'application/fhir+json',
      'application/fhir+json;charset=UTF-8',
      'application/fhir+json; fhirVersion=4.0',
      'application/json; charset=utf-8',
    ]) {
      const response = await call('POST', '/fhir/R4/Task/$validate', {
        body: JSON.stringify(task),
        type,
      });
      const outcome = expectOutcome(response, 200, 'informational', en.all_ok);
      expect(outcome.issue[0]?.severity).toBe('information');
    }
  });

  it('names every problem with its path, in the caller’s language', async () => {
    const person = sdohCcExample('Patient-pat-53234.json');
    person.birthDate = '2024-02-30';
    person.gender = 'M';
    const outcome = (await post(validateUrl, person, 'fr-CA,fr;q=0.9')).json<OperationOutcome>();
    expect(outcome.issue).toEqual([
      {
        severity: 'error',
        code: 'code-invalid',
        diagnostics:
          'M n’est pas un code du jeu de valeurs AdministrativeGender, que cet élément exige.',
        expression: ['Patient.gender'],
      },
      {
        severity: 'error',
        code: 'value',
        diagnostics: '2024-02-30 n’est pas une date du calendrier.',
        expression: ['Patient.birthDate'],
      },
    ]);
  });

  it('takes the resource in a Parameters body, and refuses one without it', async () => {
    const person = sdohCcExample('Patient-pat-53234.json');
    person.colour = 'blue';
    const outcome = (
      await post(validateUrl, {
        resourceType: 'Parameters',
        parameter: [{ name: 'resource', resource: person }],
      })
    ).json<OperationOutcome>();
    expect(outcome.issue.map((issue) => issue.expression)).toEqual([['Patient.colour']]);
    expectOutcome(
      await post(validateUrl, { resourceType: 'Parameters', parameter: [] }),
      400,
      'required',
      en.resource_parameter_missing,
    );
  });

  it('says when the resource is not of the type in the address', async () => {
    const outcome = (
      await post('/fhir/R4/Task/$validate', sdohCcExample('Patient-pat-53234.json'))
    ).json<OperationOutcome>();
    expect(outcome.issue).toMatchObject([
      {
        severity: 'error',
        expression: ['resourceType'],
        diagnostics: 'Expected a Task resource, received a Patient.',
      },
    ]);
  });

  it('refuses a type FHIR R4 does not have with 404, and a profile it cannot check with 400', async () => {
    expectOutcome(await post('/fhir/R4/Referral/$validate', {}), 404, 'not-found');
    expectOutcome(
      await post(`${validateUrl}?profile=http://example.org/p`, { resourceType: 'Patient' }),
      400,
      'not-supported',
    );
  });

  it('refuses a request without a body', async () => {
    expectOutcome(await call('POST', validateUrl), 400, 'required');
  });
});

describe('refusals at the edge, all OperationOutcomes', () => {
  it('answers 404 for an address the interface does not serve', async () => {
    for (const url of ['/fhir/R4/Medication/123', '/fhir/R4/nothing', '/fhir/R4/']) {
      expectOutcome(await call('GET', url), 404, 'not-found', en.route_not_found);
    }
    // The base takes a transaction, by POST only.
    const base = await call('GET', '/fhir/R4');
    expectOutcome(base, 405, 'not-supported');
    expect(base.headers.allow).toBe('POST');
    expectOutcome(await call('PUT', '/fhir/R4/Medication/123'), 404, 'not-found');
  });

  it('answers 405 for a method an address does not take', async () => {
    const response = await call('GET', validateUrl);
    expectOutcome(response, 405, 'not-supported');
    expect(response.headers.allow).toBe('POST');
  });

  it.each([
    'text/plain',
    'application/xml',
    'application/fhir+xml',
    'application/x-www-form-urlencoded',
  ])('refuses a %s body with 415', async (type) => {
    const response = await call('POST', validateUrl, { body: '{"resourceType":"Patient"}', type });
    expectOutcome(response, 415, 'not-supported', en.unsupported_media_type);
  });

  it.each(['', '{', '{"resourceType": "Patient",}', 'null x', '\u0000'])(
    'refuses the invalid JSON %j with 400',
    async (body) => {
      const response = await call('POST', validateUrl, { body, type: 'application/fhir+json' });
      expectOutcome(response, 400, 'invalid', en.json_invalid);
    },
  );

  it('refuses a body nested 10,000 deep with 400, and the server keeps answering', async () => {
    const deep = `{"resourceType":"Patient","extension":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const response = await call('POST', validateUrl, { body: deep, type: 'application/fhir+json' });
    expectOutcome(
      response,
      400,
      'too-costly',
      'The body nests arrays and objects more than 64 levels deep; no FHIR resource does.',
    );
    expect((await call('GET', '/fhir/R4/metadata')).statusCode).toBe(200);
  });

  it('refuses a body over 5 MB with 413', async () => {
    const big = JSON.stringify({
      resourceType: 'Patient',
      text: { div: 'x'.repeat(5 * 1024 * 1024) },
    });
    const response = await call('POST', validateUrl, { body: big, type: 'application/fhir+json' });
    expectOutcome(response, 413, 'too-costly', 'The body is larger than 5 MB.');
  });

  it('takes a body over the JSON API’s 1 MB limit', async () => {
    const person = sdohCcExample('Patient-pat-53234.json');
    person.text = {
      status: 'generated',
      div: `<div xmlns="http://www.w3.org/1999/xhtml">${'x'.repeat(2 * 1024 * 1024)}</div>`,
    };
    const response = await post(validateUrl, person);
    expect(response.statusCode).toBe(200);
  });

  it('answers a malformed address with a 400 OperationOutcome', async () => {
    expectOutcome(await call('GET', '/fhir/R4/Patient/%E0%A4%A'), 400, 'invalid');
  });

  it('speaks French to a French caller', async () => {
    const language = 'fr';
    expectOutcome(
      await call('GET', '/fhir/R4/Medication/1', { language }),
      404,
      'not-found',
      fr.route_not_found,
    );
    expectOutcome(
      await call('POST', validateUrl, { body: '{}', type: 'text/plain', language }),
      415,
      'not-supported',
      fr.unsupported_media_type,
    );
    expectOutcome(
      await call('POST', validateUrl, { body: '{', type: 'application/fhir+json', language }),
      400,
      'invalid',
      fr.json_invalid,
    );
    expectOutcome(
      await call('DELETE', '/fhir/R4/metadata', { language }),
      405,
      'not-supported',
      'DELETE n’est pas permis à cette adresse.',
    );
  });

  it('never answers 5xx to bad input', async () => {
    const bodies = [
      '[]',
      '"Patient"',
      '42',
      'null',
      '{"resourceType":null}',
      '{"resourceType":"Patient","name":"x","gender":{"a":[1]},"birthDate":20240230}',
      '{"resourceType":"Bundle","type":"transaction","entry":[{"resource":[[{}]]},null,7]}',
      '{"resourceType":"Task","contained":[{"resourceType":"Nope"},{"x":1}],"status":[]}',
      '{"resourceType":"Patient","_birthDate":[{"extension":"x"}],"__proto__":{"a":1}}',
      `{"resourceType":"Patient","extension":${'[{"url":"a","extension":'.repeat(30)}[]${'}]'.repeat(30)}}`,
    ];
    for (const body of bodies) {
      for (const url of [validateUrl, '/fhir/R4/Resource/$validate', '/fhir/R4/Bundle/$validate']) {
        const response = await call('POST', url, { body, type: 'application/fhir+json' });
        expect(response.statusCode, `${url} ${body}`).toBeLessThan(500);
        expect(response.json<OperationOutcome>().resourceType).toBe('OperationOutcome');
      }
    }
  });
});
