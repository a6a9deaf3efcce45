export { NotFoundPage, NotFoundRoute } from './not-found-page';
