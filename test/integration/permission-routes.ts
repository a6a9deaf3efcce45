/*
 * Where every operation of the OpenAPI document (GET /api/openapi.json) is tested for who
 * may call it: in one of the two permission matrices, or nowhere because it is public, with
 * the reason. route-coverage.test.ts holds this list to the live document both ways, and
 * checks that each public operation really answers an anonymous caller; each matrix checks
 * that it has an action for every operation given to it here, and none other. So a new
 * route fails the tests until it has a row in a matrix, or a reason to be public.
 *
 * Operations are written as in the document: the method, a space, the path with its
 * parameters in braces ('GET /api/cases/{caseId}/plan').
 */

/** Accounts, organisations, sites, the session, audit, emails, the directory, reports. */
export const accountMatrix = 'permission-matrix.test.ts';
/** A person's record: referrals, cases, plans, connections, outcomes. */
export const pathwayMatrix = 'pathway-permission-matrix.test.ts';
/** What connected systems may do over FHIR, by token, scope and site. */
export const fhirMatrix = 'fhir-permission-matrix.test.ts';
/** A person's own space: their session, their plan (features/person-space). */
export const personMatrix = 'person-permission-matrix.test.ts';
export type Matrix =
  typeof accountMatrix | typeof pathwayMatrix | typeof fhirMatrix | typeof personMatrix;

/**
 * An operation anyone may call, signed in or not: why it must be so. A link's token is its
 * own key (signed, spent once, expiring), so the routes behind links need no session.
 */
function open(reason: string): { public: string } {
  return { public: reason };
}

export const routes = {
  // health and settings
  'GET /healthz': open('the load balancer asks whether the process is up'),
  'GET /readyz': open('the load balancer asks whether the database answers'),
  'GET /api/client-settings': open('the web app reads them before anyone signs in'),
  // the session and my account
  'POST /api/auth/sign-in': open('signing in is how a caller gets a session'),
  'GET /api/auth/sso/start': open('single sign-on is how a caller gets a session'),
  'GET /api/auth/sso/callback': open(
    'the provider sends the browser back without a session; the state, the PKCE verifier and the ID token are its keys',
  ),
  'POST /api/auth/password-reset-requests': open(
    'someone who forgot their password has no session; the answer is the same for any address',
  ),
  'POST /api/auth/password-resets': open(
    'the emailed link’s token is the key (one use, 30 minutes); its holder has no session',
  ),
  'POST /api/auth/sign-out': accountMatrix,
  'GET /api/auth/session': accountMatrix,
  'PATCH /api/me': accountMatrix,
  'POST /api/me/password': accountMatrix,
  'POST /api/me/two-factor/setup': accountMatrix,
  'POST /api/me/two-factor/enable': accountMatrix,
  'POST /api/me/two-factor/disable': accountMatrix,
  // accounts, organisations, sites
  'GET /api/accounts': accountMatrix,
  'POST /api/accounts': accountMatrix,
  'GET /api/accounts/{id}': accountMatrix,
  'PATCH /api/accounts/{id}': accountMatrix,
  'POST /api/accounts/{id}/password': accountMatrix,
  'POST /api/accounts/{id}/grants': accountMatrix,
  'DELETE /api/accounts/{id}/grants/{grantId}': accountMatrix,
  'GET /api/organisations': accountMatrix,
  'POST /api/organisations': accountMatrix,
  'PATCH /api/organisations/{id}': accountMatrix,
  'GET /api/sites': accountMatrix,
  'POST /api/sites': accountMatrix,
  'PATCH /api/sites/{id}': accountMatrix,
  // referrals
  'GET /api/referrals/sites': pathwayMatrix,
  'POST /api/referrals': pathwayMatrix,
  'GET /api/referrals/mine': pathwayMatrix,
  'GET /api/referrals/{id}': pathwayMatrix,
  'GET /api/cases/{id}/duplicate': pathwayMatrix,
  'POST /api/cases/{id}/merge-person': pathwayMatrix,
  'POST /api/cases/{id}/re-refer': pathwayMatrix,
  'GET /api/public/sites': open('the self-referral form lists the sites to anyone'),
  'POST /api/public/self-referrals': open('a person refers themself without an account'),
  // cases
  'GET /api/cases/triage': pathwayMatrix,
  'GET /api/cases/caseload': pathwayMatrix,
  'POST /api/cases/search': pathwayMatrix,
  'POST /api/cases/reassignments': pathwayMatrix,
  'GET /api/cases/{id}': pathwayMatrix,
  'POST /api/cases/{id}/take': pathwayMatrix,
  'POST /api/cases/{id}/assign': pathwayMatrix,
  'POST /api/cases/{id}/contacts': pathwayMatrix,
  'POST /api/cases/{id}/status': pathwayMatrix,
  'POST /api/cases/{id}/safeguarding': pathwayMatrix,
  'POST /api/cases/{id}/safeguarding/{concernId}/acknowledge': pathwayMatrix,
  // audit and emails
  'GET /api/audit-events': accountMatrix,
  'GET /api/admin/emails/failed': accountMatrix,
  // connected systems (FHIR clients) and the token they authenticate at
  'GET /api/admin/systems': accountMatrix,
  'POST /api/admin/systems': accountMatrix,
  'GET /api/admin/systems/{id}': accountMatrix,
  'PATCH /api/admin/systems/{id}': accountMatrix,
  'POST /api/admin/systems/{id}/deactivate': accountMatrix,
  'POST /oauth/token': open(
    'a system authenticates here with its signed assertion (SMART Backend Services); it has no session',
  ),
  // home and notifications: each account's own
  'GET /api/home': accountMatrix,
  'GET /api/notifications': accountMatrix,
  'POST /api/notifications/{id}/read': accountMatrix,
  'POST /api/notifications/read-all': accountMatrix,
  'POST /api/admin/emails/{id}/retry': accountMatrix,
  // the directory, its listings and search
  'POST /api/directory/imports': accountMatrix,
  'POST /api/directory/import-jobs': accountMatrix,
  'GET /api/directory/import-jobs/{id}': accountMatrix,
  'GET /api/directory/exports/json': accountMatrix,
  'GET /api/directory/exports/csv': accountMatrix,
  'GET /api/directory/my-listings': accountMatrix,
  'POST /api/directory/change-requests': accountMatrix,
  'GET /api/directory/change-requests': accountMatrix,
  'POST /api/directory/listings/{serviceId}/confirm': accountMatrix,
  'POST /api/directory/change-requests/{id}/approve': accountMatrix,
  'POST /api/directory/change-requests/{id}/reject': accountMatrix,
  'GET /api/directory/search': accountMatrix,
  'GET /api/directory/services/{serviceId}': accountMatrix,
  'GET /api/cases/{caseId}/activity-search': pathwayMatrix,
  'POST /api/cases/{caseId}/listing-emails': pathwayMatrix,
  'GET /api/directory/term-categories': accountMatrix,
  'PUT /api/directory/term-categories/{termId}': accountMatrix,
  'GET /api/search/vocabulary': accountMatrix,
  'POST /api/search/vocabulary': accountMatrix,
  'PATCH /api/search/vocabulary/{id}': accountMatrix,
  'DELETE /api/search/vocabulary/{id}': accountMatrix,
  // plans
  'GET /api/cases/{caseId}/assessment': pathwayMatrix,
  'PUT /api/cases/{caseId}/assessment': pathwayMatrix,
  'GET /api/cases/{caseId}/plan': pathwayMatrix,
  'PUT /api/cases/{caseId}/plan': pathwayMatrix,
  'POST /api/cases/{caseId}/plan/reviews': pathwayMatrix,
  'GET /api/cases/{caseId}/plan/print-view': pathwayMatrix,
  'GET /api/cases/{caseId}/follow-ups': pathwayMatrix,
  'POST /api/cases/{caseId}/follow-ups': pathwayMatrix,
  'PATCH /api/follow-ups/{id}': pathwayMatrix,
  // case records: notes, appointments, the link worker's agenda
  'GET /api/cases/{caseId}/notes': pathwayMatrix,
  'POST /api/cases/{caseId}/notes': pathwayMatrix,
  'PATCH /api/case-notes/{id}': pathwayMatrix,
  'GET /api/cases/{caseId}/appointments': pathwayMatrix,
  'POST /api/cases/{caseId}/appointments': pathwayMatrix,
  'PUT /api/appointments/{id}': pathwayMatrix,
  'POST /api/appointments/{id}/status': pathwayMatrix,
  'GET /api/agenda': pathwayMatrix,
  // connections: the link worker's, the partner's, and the emailed links
  'GET /api/cases/{caseId}/connections': pathwayMatrix,
  'POST /api/cases/{caseId}/connections': pathwayMatrix,
  'POST /api/connections/{id}/status': pathwayMatrix,
  'POST /api/connections/{id}/partner-answers': pathwayMatrix,
  'GET /api/partner/connections': pathwayMatrix,
  'GET /api/partner/connections/{id}': pathwayMatrix,
  'POST /api/partner/connections/{id}/status': pathwayMatrix,
  'GET /api/links/{token}': open('a partner with no account opens an emailed link'),
  'POST /api/links/{token}': open('a partner with no account answers by the link'),
  // documents kept with a case (downloaded by id only: no file name in an address)
  'GET /api/cases/{caseId}/documents': pathwayMatrix,
  'POST /api/cases/{caseId}/documents': pathwayMatrix,
  'GET /api/documents/{id}/content': pathwayMatrix,
  'DELETE /api/documents/{id}': pathwayMatrix,
  // outcomes
  'GET /api/cases/{caseId}/measurements': pathwayMatrix,
  'POST /api/cases/{caseId}/measurements': pathwayMatrix,
  'POST /api/cases/{caseId}/measurements/{measurementId}/amendments': pathwayMatrix,
  'POST /api/cases/{caseId}/measurements/{measurementId}/void': pathwayMatrix,
  'POST /api/cases/{caseId}/measurement-links': pathwayMatrix,
  'GET /api/questionnaires/{token}': open('the person opens their emailed questionnaire'),
  'POST /api/questionnaires/{token}': open('the person answers their questionnaire'),
  // the person's own space
  'POST /api/cases/{caseId}/person-invitations': pathwayMatrix,
  'POST /api/person/sign-in': open(
    'the emailed link’s token is the key (one use, 15 minutes); the person has no session yet',
  ),
  'POST /api/person/sign-in-codes': open(
    'the person asks for a code by their number; the same answer whether or not it is known',
  ),
  'POST /api/person/sign-in/code': open(
    'the texted code is the key (one use, 10 minutes, 5 tries); the person has no session yet',
  ),
  'POST /api/cases/{caseId}/person-sign-in-qr': pathwayMatrix,
  'GET /api/person/session': personMatrix,
  'POST /api/person/sign-out': personMatrix,
  'GET /api/person/cases/{caseId}/plan': personMatrix,
  'POST /api/person/cases/{caseId}/plan/steps/{stepId}/done': personMatrix,
  'POST /api/person/cases/{caseId}/notes': personMatrix,
  'GET /api/person/cases/{caseId}/activities': personMatrix,
  'POST /api/person/cases/{caseId}/activities/{connectionId}/said': personMatrix,
  'GET /api/person/cases/{caseId}/questionnaires': personMatrix,
  'POST /api/person/cases/{caseId}/questionnaires/{timepoint}/answers': personMatrix,
  'GET /api/person/record-accesses': personMatrix,
  'GET /api/person/consents': personMatrix,
  'POST /api/person/consents/withdrawals': personMatrix,
  'PUT /api/person/language': personMatrix,
  'GET /api/person/cases/{caseId}/requests': personMatrix,
  'POST /api/person/cases/{caseId}/requests': personMatrix,
  'GET /api/cases/{caseId}/person-notes': pathwayMatrix,
  'GET /api/cases/{caseId}/person-requests': pathwayMatrix,
  'POST /api/cases/{caseId}/person-requests/{requestId}/handling': pathwayMatrix,
  // the person's full record, erasure, retention (features/person-record)
  'GET /api/cases/{caseId}/person-record': pathwayMatrix,
  'GET /api/cases/{caseId}/person-record/actions': pathwayMatrix,
  'POST /api/cases/{caseId}/erasure': pathwayMatrix,
  'GET /api/person/record': personMatrix,
  'GET /api/admin/retention': accountMatrix,
  'PUT /api/admin/retention': accountMatrix,
  // reports
  'GET /api/report-groupings': accountMatrix,
  'POST /api/report-groupings': accountMatrix,
  'PATCH /api/report-groupings/{id}': accountMatrix,
  'DELETE /api/report-groupings/{id}': accountMatrix,
  'GET /api/reports/scopes': accountMatrix,
  'GET /api/reports/dashboard': accountMatrix,
  'GET /api/reports/outcomes': accountMatrix,
  'GET /api/reports/outcomes/groups': accountMatrix,
  'GET /api/reports/gap-map': accountMatrix,
  'GET /api/reports/programme.pdf': accountMatrix,
  'GET /api/reports/export.csv': accountMatrix,
  // HSDS open data: the directory is a public dataset, read by anyone from any origin
  'GET /hsds/': open('HSDS open data: the API index'),
  'GET /hsds/services': open('HSDS open data'),
  'GET /hsds/services/{id}': open('HSDS open data'),
  'GET /hsds/organizations': open('HSDS open data'),
  'GET /hsds/organizations/{id}': open('HSDS open data'),
  'GET /hsds/service_at_locations': open('HSDS open data'),
  'GET /hsds/service_at_locations/{id}': open('HSDS open data'),
  'GET /hsds/taxonomies': open('HSDS open data'),
  'GET /hsds/taxonomies/{id}': open('HSDS open data'),
  'GET /hsds/taxonomy_terms': open('HSDS open data'),
  'GET /hsds/taxonomy_terms/{id}': open('HSDS open data'),
  // FHIR R4: what the interface offers, and a check that reads a resource and stores nothing
  'GET /fhir/R4/metadata': open('FHIR CapabilityStatement: what the interface offers'),
  'GET /fhir/R4/.well-known/smart-configuration': open(
    'SMART discovery: where and how a system gets a token, asked before it has one',
  ),
  'POST /fhir/R4/{resourceType}/$validate': open(
    'FHIR $validate: checks the resource it is sent against FHIR R4, stores and reads nothing',
  ),
  // FHIR R4 for connected systems: a referral as a transaction Bundle, and reads of it
  'POST /fhir/R4': fhirMatrix,
  'POST /fhir/R4/Patient': fhirMatrix,
  'POST /fhir/R4/ServiceRequest': fhirMatrix,
  'POST /fhir/R4/Consent': fhirMatrix,
  'POST /fhir/R4/Practitioner': fhirMatrix,
  'POST /fhir/R4/PractitionerRole': fhirMatrix,
  'POST /fhir/R4/Organization': fhirMatrix,
  'POST /fhir/R4/Condition': fhirMatrix,
  'POST /fhir/R4/DocumentReference': fhirMatrix,
  'POST /fhir/R4/Task': fhirMatrix,
  'GET /fhir/R4/Task/{id}': fhirMatrix,
  'GET /fhir/R4/Task': fhirMatrix,
  'GET /fhir/R4/Procedure/{id}': fhirMatrix,
  'GET /fhir/R4/Goal/{id}': fhirMatrix,
  'GET /fhir/R4/DocumentReference/{id}': fhirMatrix,
  'GET /fhir/R4/QuestionnaireResponse/{id}': fhirMatrix,
  'GET /fhir/R4/QuestionnaireResponse': fhirMatrix,
  'GET /fhir/R4/Observation/{id}': fhirMatrix,
  'GET /fhir/R4/Observation': fhirMatrix,
  'GET /fhir/R4/ServiceRequest/{id}': fhirMatrix,
  'GET /fhir/R4/Patient/{id}': fhirMatrix,
  'GET /fhir/R4/Consent/{id}': fhirMatrix,
  'POST /fhir/R4/Subscription': fhirMatrix,
  'GET /fhir/R4/Subscription': fhirMatrix,
  'GET /fhir/R4/Subscription/{id}': fhirMatrix,
  'PUT /fhir/R4/Subscription/{id}': fhirMatrix,
  'DELETE /fhir/R4/Subscription/{id}': fhirMatrix,
  // FHIR R4: the directory and our instruments, public data behind each type's .rs scope
  'GET /fhir/R4/HealthcareService/{id}': fhirMatrix,
  'GET /fhir/R4/HealthcareService': fhirMatrix,
  'GET /fhir/R4/Location/{id}': fhirMatrix,
  'GET /fhir/R4/Location': fhirMatrix,
  'GET /fhir/R4/Organization/{id}': fhirMatrix,
  'GET /fhir/R4/Organization': fhirMatrix,
  'GET /fhir/R4/Questionnaire/{id}': fhirMatrix,
  'GET /fhir/R4/Questionnaire': fhirMatrix,
} as const satisfies Record<string, Matrix | { public: string }>;

type Routes = typeof routes;
export type Operation = keyof Routes;
/** The operations a matrix must have an action for. */
export type OperationOf<M extends Matrix> = {
  [K in Operation]: Routes[K] extends M ? K : never;
}[Operation];
export type PublicOperation = {
  [K in Operation]: Routes[K] extends { public: string } ? K : never;
}[Operation];

export const operations = Object.keys(routes) as Operation[];

export function operationsOf(matrix: Matrix): Operation[] {
  return operations.filter((operation) => routes[operation] === matrix);
}

export function publicOperations(): PublicOperation[] {
  return operations.filter((operation): operation is PublicOperation => {
    const where: Matrix | { public: string } = routes[operation];
    return typeof where === 'object';
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
}

const patterns = operations.map((operation) => {
  const [method = '', path = ''] = operation.split(' ');
  const source = escapeRegExp(path).replace(/\{[^}]+\}/g, '[^/]+');
  return {
    operation,
    method,
    regExp: new RegExp(`^${source}$`),
    parameters: (path.match(/\{/g) ?? []).length,
  };
});

/**
 * The operation a request reaches, as the router picks it: of the paths that match, the
 * one with the fewest parameters ('/api/cases/triage' before '/api/cases/{id}').
 */
export function operationOf(method: string, url: string): Operation | undefined {
  const path = url.split('?')[0] ?? '';
  const matches = patterns
    .filter((p) => p.method === method && p.regExp.test(path))
    .sort((a, b) => a.parameters - b.parameters);
  return matches[0]?.operation;
}
