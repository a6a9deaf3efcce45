export { ForgotPasswordRoute } from './forgot-password-page';
export { ResetPasswordRoute } from './reset-password-page';
export { SignInRoute } from './sign-in-page';
