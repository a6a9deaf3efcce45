export { CaseDocumentsSection } from './case-documents-section';
