export { openCase, type OpenCaseInput } from './open-case';
export { newCaseReference } from './case-reference';
export {
  isAccepted,
  refusedCase,
  requireAcceptedCase,
  requireCase,
  requireOpenCase,
} from './case-access';
export { updateCasePersonAtVersion } from './case-person-queries';
export { canAssignCases, canWorkOnCaseAt, canWorkOnCases, caseSiteIds } from './cases-policy';
export { selectSiteStaff } from './site-staff-queries';
export type { CaseRow } from './cases-queries';
export {
  assertCaseTransition,
  failedAttemptsSinceReached,
  isClosed,
  nextActionOf,
  nextCaseStatuses,
  stageOf,
} from './case-rules';
export { caseRoutes } from './cases-routes';
// The demo data moves its cases through the same service as the screens.
export { changeCaseStatus, takeCase } from './case-status-service';
export { type ContactFacts, recordContact, writeContact } from './contacts-service';
export { raiseSafeguardingConcern, type RaiseSafeguardingInput } from './safeguarding';
