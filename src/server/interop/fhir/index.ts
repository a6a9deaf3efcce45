export { fhirRoutes } from './fhir-routes';
export { fhirBase, fhirFrameworkErrors } from './fhir-errors';
