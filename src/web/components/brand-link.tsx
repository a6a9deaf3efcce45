import { Anchor } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link } from '../navigation';
import { useT } from '../i18n';

export function BrandLink(): ReactElement {
  const { t } = useT();
  return (
    <Anchor component={Link} to="/" fw={700} fz="lg" c="blue.9" underline="never" truncate="end">
      {t('app.name')}
    </Anchor>
  );
}
