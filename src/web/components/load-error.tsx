import { Alert, Button, Stack } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../i18n';
import { asApiError } from '../api';

/** A screen's data failed to load: say why, in the server's words when it gave them. */
export function LoadError({
  error,
  onRetry,
}: {
  error: unknown;
  onRetry?: () => void;
}): ReactElement {
  const { t } = useT();
  const message = asApiError(error)?.message ?? t('common.unexpectedError');
  return (
    <Stack align="flex-start">
      <Alert color="red" role="alert" title={t('common.loadFailed')}>
        {message}
      </Alert>
      {onRetry && (
        <Button variant="default" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Stack>
  );
}
