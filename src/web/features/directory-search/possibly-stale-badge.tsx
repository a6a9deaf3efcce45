import { Badge } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../../i18n';
import { badgeLooks } from '../../components/badge-looks';

/** Says in words that nobody confirmed the listing for a while; the colour only repeats it. */
export function PossiblyStaleBadge(): ReactElement {
  const { t } = useT();
  return (
    <Badge
      {...badgeLooks.stale}
      radius="sm"
      tt="none"
      leftSection={<span aria-hidden="true">!</span>}
    >
      {t('listings.stale.badge')}
    </Badge>
  );
}
