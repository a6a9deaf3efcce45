import { Button, Code, Image, List, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { useT } from '../../i18n';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { OneTimeCodeField } from '../../components/one-time-code-field';
import { enableTwoFactor, startTwoFactorSetup } from './account-api';

/** Walks through turning two-factor sign-in on: get a secret, scan it, prove it with a code. */
export function TwoFactorSetup({ onEnabled }: { onEnabled: () => void }): ReactElement {
  const { t } = useT();
  const start = useMutation({ mutationFn: startTwoFactorSetup });
  const [code, setCode] = useState('');
  const enable = useMutation({ mutationFn: enableTwoFactor, onSuccess: onEnabled });

  if (!start.data) {
    return (
      <Stack align="flex-start">
        <FormAlert error={start.error} />
        <Button onClick={() => start.mutate()} loading={start.isPending}>
          {t('twoFactor.start')}
        </Button>
      </Stack>
    );
  }

  const { qrCodeSvg, secret } = start.data;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    enable.mutate(code.trim());
  };

  return (
    <Stack maw={520}>
      <List type="ordered" spacing="xs">
        <List.Item>{t('twoFactor.stepApp')}</List.Item>
        <List.Item>{t('twoFactor.stepScan')}</List.Item>
        <List.Item>{t('twoFactor.stepCode')}</List.Item>
      </List>
      <Image
        src={`data:image/svg+xml;utf8,${encodeURIComponent(qrCodeSvg)}`}
        alt={t('twoFactor.qrAlt')}
        w={200}
        h={200}
        fit="contain"
        bg="white"
      />
      <Text size="sm">
        {t('twoFactor.manualEntry')} <Code style={{ wordBreak: 'break-all' }}>{secret}</Code>
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert error={enable.error} fields={['code']} />
          <OneTimeCodeField
            label={t('twoFactor.code')}
            description={t('twoFactor.codeHelp')}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={fieldError(enable.error, 'code')}
          />
          <FormActions submitLabel={t('twoFactor.enable')} pending={enable.isPending} />
        </Stack>
      </form>
    </Stack>
  );
}
