import type {
  CapabilityStatement,
  CapabilityStatementRestResourceOperation,
  CapabilityStatementRestResource,
} from '@medplum/fhirtypes';
import type { Config } from '../../config';
import { fhirBase } from './fhir-errors';

/**
 * What the FHIR interface implements, and so all its CapabilityStatement claims: a route
 * that serves a resource or an operation adds its entry here, in the same change.
 */
export const implemented: {
  resources: readonly CapabilityStatementRestResource[];
  operations: readonly CapabilityStatementRestResourceOperation[];
} = {
  resources: [],
  operations: [
    { name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' },
  ],
};

// Said once per process: the statement changes only with the code.
const publishedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** This server's CapabilityStatement (kind instance): R4, JSON, and exactly `implemented`. */
export function capabilityStatement(config: Config): CapabilityStatement {
  const baseUrl = config.publicUrl
    ? `${config.publicUrl.replace(/\/+$/, '')}${fhirBase}`
    : undefined;
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: publishedAt,
    publisher: 'Passerelle',
    kind: 'instance',
    software: { name: 'Passerelle' },
    implementation: {
      description: 'Passerelle social prescribing: FHIR R4 interface',
      ...(baseUrl ? { url: baseUrl } : {}),
    },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        ...(implemented.resources.length ? { resource: [...implemented.resources] } : {}),
        ...(implemented.operations.length ? { operation: [...implemented.operations] } : {}),
      },
    ],
  };
}
