import { z } from 'zod';
import { roles } from '../roles';
import { Email, Password, RoleGrant } from './auth';
import { Cursor, Id, LocaleSchema, PageLimit, Version } from './common';

export const Account = z.object({
  id: Id,
  email: z.string(),
  displayName: z.string(),
  locale: LocaleSchema.nullable(),
  active: z.boolean(),
  twoFactorEnabled: z.boolean(),
  lockedUntil: z.iso.datetime().nullable(),
  grants: z.array(RoleGrant),
  version: z.int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Account = z.infer<typeof Account>;

export const AccountList = z.object({ items: z.array(Account), nextCursor: z.string().nullable() });
export type AccountList = z.infer<typeof AccountList>;

export const AccountListQuery = z.object({
  search: z.string().trim().max(200).optional(),
  role: z.enum(roles).optional(),
  siteId: Id.optional(),
  cursor: Cursor.optional(),
  limit: PageLimit,
});
export type AccountListQuery = z.infer<typeof AccountListQuery>;

export const GrantInput = z
  .object({ role: z.enum(roles), siteId: Id.nullable().default(null) })
  .strict();
export type GrantInput = z.infer<typeof GrantInput>;

export const CreateAccountBody = z
  .object({
    email: Email,
    displayName: z.string().trim().min(1).max(120),
    locale: LocaleSchema.nullable().default(null),
    password: Password,
    grants: z.array(GrantInput).max(50).default([]),
  })
  .strict();
export type CreateAccountBody = z.infer<typeof CreateAccountBody>;

export const UpdateAccountBody = z
  .object({
    displayName: z.string().trim().min(1).max(120).optional(),
    locale: LocaleSchema.nullable().optional(),
    active: z.boolean().optional(),
    version: Version,
  })
  .strict();
export type UpdateAccountBody = z.infer<typeof UpdateAccountBody>;

export const SetPasswordBody = z.object({ newPassword: Password }).strict();
export type SetPasswordBody = z.infer<typeof SetPasswordBody>;

export const GrantParams = z.object({ id: Id, grantId: Id });
export type GrantParams = z.infer<typeof GrantParams>;
