import type { Bundle, Identifier, Resource } from '@medplum/fhirtypes';
import type { FoundReference } from './fhir-references';
import { checkFhirResource, hasErrors } from './fhir-validation';
import { FhirError, type FhirIssue } from './operation-outcome';

/** The resources a referral's transaction Bundle may carry (DESIGN.md §2). */
export const transactionResourceTypes = [
  'Patient',
  'ServiceRequest',
  'Consent',
  'Task',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Condition',
  'DocumentReference',
] as const;

const accepted: ReadonlySet<string> = new Set(transactionResourceTypes);

/** A site of ours, as a Task's owner names it: `Organization/site-<uuid>`. */
export const siteReferencePattern =
  /^Organization\/site-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export type ReceivedEntry = {
  index: number;
  fullUrl: string | undefined;
  resource: Resource;
  /** Its FHIRPath in the Bundle: `Bundle.entry[3].resource`. */
  path: string;
  /** `entry.request.ifNoneExist`, the conditional create's search, when sent. */
  ifNoneExist: string | undefined;
};

export type ReceivedBundle = {
  entries: ReceivedEntry[];
  identifier: Identifier | undefined;
  /** The entry a reference names inside the Bundle (by fullUrl or Type/id), if any. */
  resolve(reference: string | undefined): ReceivedEntry | undefined;
};

/**
 * A transaction Bundle checked whole before anything is written: FHIR R4 (every entry, at
 * its path in the Bundle), a transaction of POSTs of the resources a referral carries, and
 * every reference resolving to another entry, or to one of our sites. Throws a 4xx
 * OperationOutcome naming every problem otherwise.
 */
export function readTransactionBundle(body: unknown): ReceivedBundle {
  const { issues, references } = checkFhirResource(body, 'Bundle');
  if (hasErrors(issues)) throw new FhirError(400, issues);
  const bundle = body as Bundle;
  if (bundle.type !== 'transaction') {
    throw new FhirError(400, [
      {
        code: 'not-supported',
        message: { key: 'bundle_type_not_supported', params: { type: bundle.type } },
        expression: 'Bundle.type',
      },
    ]);
  }
  const received = bundleOf(readEntries(bundle), bundle.identifier);
  const dangling = unresolvedReferences(references, received.resolve);
  if (dangling.length) throw new FhirError(400, dangling);
  return received;
}

/**
 * Entries as one Bundle (a transaction's, or a Task's with the resources it stages), each
 * found by its fullUrl or Type/id.
 */
export function bundleOf(entries: ReceivedEntry[], identifier?: Identifier): ReceivedBundle {
  const byKey = indexEntries(entries);
  const resolve = (reference: string | undefined): ReceivedEntry | undefined =>
    reference === undefined ? undefined : byKey.get(withoutHistory(reference));
  return { entries, identifier, resolve };
}

/** An issue for each of a resource's references that leads neither to an entry nor to a site. */
export function unresolvedReferences(
  references: readonly FoundReference[],
  resolve: (reference: string) => unknown,
): FhirIssue[] {
  return references.flatMap(({ reference, expression }) =>
    reference.startsWith('#') || resolve(reference) || siteReferencePattern.test(reference)
      ? []
      : [
          {
            code: 'not-found' as const,
            message: { key: 'reference_unresolved' as const, params: { reference } },
            expression,
          },
        ],
  );
}

function readEntries(bundle: Bundle): ReceivedEntry[] {
  const issues: FhirIssue[] = [];
  const entries: ReceivedEntry[] = [];
  for (const [index, entry] of (bundle.entry ?? []).entries()) {
    const at = `Bundle.entry[${index}]`;
    const resource = entry.resource;
    if (!resource) {
      issues.push({
        code: 'required',
        message: { key: 'element_required' },
        expression: `${at}.resource`,
      });
      continue;
    }
    const type = resource.resourceType;
    if (!accepted.has(type)) {
      issues.push({
        code: 'not-supported',
        message: {
          key: 'resource_type_not_accepted',
          params: { type, accepted: transactionResourceTypes.join(', ') },
        },
        expression: `${at}.resource.resourceType`,
      });
    }
    if (entry.request?.method !== 'POST') {
      issues.push({
        code: 'not-supported',
        message: {
          key: 'entry_method_not_supported',
          params: { method: entry.request?.method ?? '' },
        },
        expression: `${at}.request.method`,
      });
    } else if (entry.request.url.replace(/^\/+/, '') !== type) {
      issues.push({
        code: 'invalid',
        message: { key: 'entry_url_mismatch', params: { url: entry.request.url, type } },
        expression: `${at}.request.url`,
      });
    }
    entries.push({
      index,
      fullUrl: entry.fullUrl,
      resource,
      path: `${at}.resource`,
      ifNoneExist: entry.request?.ifNoneExist,
    });
  }
  if (entries.length === 0 && issues.length === 0) {
    issues.push({
      code: 'required',
      message: { key: 'element_required' },
      expression: 'Bundle.entry',
    });
  }
  if (issues.length) throw new FhirError(issues.some(isUnsupported) ? 422 : 400, issues);
  return entries;
}

function isUnsupported(issue: FhirIssue): boolean {
  return issue.code === 'not-supported';
}

/** Each entry under its fullUrl, and its Type/id (from the resource or the fullUrl's tail). */
function indexEntries(entries: readonly ReceivedEntry[]): Map<string, ReceivedEntry> {
  const byKey = new Map<string, ReceivedEntry>();
  const issues: FhirIssue[] = [];
  for (const entry of entries) {
    const type = entry.resource.resourceType;
    const keys = new Set<string>();
    if (entry.fullUrl) {
      keys.add(entry.fullUrl);
      const tail = new RegExp(`/${type}/([A-Za-z0-9\\-.]{1,64})$`).exec(entry.fullUrl);
      if (tail) keys.add(`${type}/${tail[1] ?? ''}`);
    }
    if (entry.resource.id) keys.add(`${type}/${entry.resource.id}`);
    for (const key of keys) {
      if (byKey.has(key)) {
        issues.push({
          code: 'invalid',
          message: { key: 'entry_duplicate', params: { key } },
          expression: `Bundle.entry[${entry.index}].fullUrl`,
        });
      }
      byKey.set(key, entry);
    }
  }
  if (issues.length) throw new FhirError(400, issues);
  return byKey;
}

function withoutHistory(reference: string): string {
  return reference.replace(/\/_history\/[^/]+$/, '');
}
