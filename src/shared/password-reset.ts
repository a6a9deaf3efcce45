/** How long an emailed link to set a new password works: the server's rule, the pages' words. */
export const passwordResetLinkMinutes = 30;
