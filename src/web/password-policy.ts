// Mirrors passwordMinLength in the auth contract; importing that module would pull zod into the bundle.
export const passwordMinLength = 12;
