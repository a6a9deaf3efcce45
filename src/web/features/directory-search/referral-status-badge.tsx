import { Badge } from '@mantine/core';
import type { ReactElement } from 'react';
import type { DirectorySearchHit } from '../../../shared/contracts/search';
import { useT } from '../../i18n';

type ReferralStatus = DirectorySearchHit['referralStatus'];

// The words carry the meaning; colour and symbol only repeat it.
const looks: Record<ReferralStatus, { color: string; symbol: string }> = {
  open: { color: '#1e6b30', symbol: '✓' },
  waitlist: { color: '#8a4b00', symbol: '⏳' },
  full: { color: '#a51d1d', symbol: '✕' },
};

export function ReferralStatusBadge({ status }: { status: ReferralStatus }): ReactElement {
  const { t } = useT();
  const look = looks[status];
  return (
    <Badge
      color={look.color}
      variant="outline"
      radius="sm"
      tt="none"
      leftSection={<span aria-hidden="true">{look.symbol}</span>}
    >
      {t(`directorySearch.status.${status}`)}
    </Badge>
  );
}
