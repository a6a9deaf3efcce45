export { CaseConnectionsSection } from './case-connections-section';
export { PartnerConnectionPage } from './partner-connection-page';
export { PartnerInboxPage } from './partner-inbox-page';
export { RespondRoute } from './respond-page';
