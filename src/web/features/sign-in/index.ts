export { SignInRoute } from './sign-in-page';
