import type {
  ChangePasswordBody,
  CurrentAccount,
  DisableTwoFactorBody,
  TwoFactorSetup,
  UpdateMeBody,
} from '../../../shared/contracts/auth';
import { apiCommand, apiRequest } from '../../api';

export function updateMe(body: UpdateMeBody): Promise<CurrentAccount> {
  return apiRequest<CurrentAccount>('PATCH', '/api/me', { body });
}

export function changePassword(body: ChangePasswordBody): Promise<void> {
  return apiCommand('POST', '/api/me/password', { body });
}

export function startTwoFactorSetup(): Promise<TwoFactorSetup> {
  return apiRequest<TwoFactorSetup>('POST', '/api/me/two-factor/setup');
}

export function enableTwoFactor(code: string): Promise<void> {
  return apiCommand('POST', '/api/me/two-factor/enable', { body: { code } });
}

export function disableTwoFactor(body: DisableTwoFactorBody): Promise<void> {
  return apiCommand('POST', '/api/me/two-factor/disable', { body });
}
