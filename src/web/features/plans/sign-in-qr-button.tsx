import { Button, Image, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { type PersonSignInQr, personSignInQrMinutes } from '../../../shared/contracts/person-space';
import { apiRequest } from '../../api';
import { FormAlert } from '../../components/form-alert';
import { useT } from '../../i18n';

/**
 * The person's sign-in link as a QR code, to scan with their phone while with the link
 * worker: works once, for a few minutes. The link itself is not shown, so it is not copied.
 */
export function SignInQrButton({ caseId }: { caseId: string }): ReactElement {
  const { t } = useT();
  const show = useMutation({
    mutationFn: () => apiRequest<PersonSignInQr>('POST', `/api/cases/${caseId}/person-sign-in-qr`),
  });
  return (
    <Stack gap="xs">
      <Button variant="default" loading={show.isPending} onClick={() => show.mutate()}>
        {t('plans.signInQr.button')}
      </Button>
      <FormAlert error={show.error} />
      {show.data && (
        <Stack gap="xs" role="status">
          <Image src={show.data.qrCode} alt={t('plans.signInQr.alt')} w={220} h={220} />
          <Text size="sm">{t('plans.signInQr.help', { minutes: personSignInQrMinutes })}</Text>
        </Stack>
      )}
    </Stack>
  );
}
