import { Badge } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../../i18n';

/** Says in words that nobody confirmed the listing for a while; the colour only repeats it. */
export function PossiblyStaleBadge(): ReactElement {
  const { t } = useT();
  return (
    <Badge
      color="#6b4e00"
      variant="outline"
      radius="sm"
      tt="none"
      leftSection={<span aria-hidden="true">!</span>}
    >
      {t('listings.stale.badge')}
    </Badge>
  );
}
