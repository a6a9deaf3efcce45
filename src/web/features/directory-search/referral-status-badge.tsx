import { Badge } from '@mantine/core';
import type { ReactElement } from 'react';
import type { DirectorySearchHit } from '../../../shared/contracts/search';
import { useT } from '../../i18n';
import { type BadgeLook, badgeLooks } from '../../components/badge-looks';

type ReferralStatus = DirectorySearchHit['referralStatus'];

// The words carry the meaning; colour and symbol only repeat it.
const looks: Record<ReferralStatus, { look: BadgeLook; symbol: string }> = {
  open: { look: badgeLooks.success, symbol: '✓' },
  waitlist: { look: badgeLooks.warning, symbol: '⏳' },
  full: { look: badgeLooks.alert, symbol: '✕' },
};

export function ReferralStatusBadge({ status }: { status: ReferralStatus }): ReactElement {
  const { t } = useT();
  const look = looks[status];
  return (
    <Badge
      {...look.look}
      radius="sm"
      tt="none"
      leftSection={<span aria-hidden="true">{look.symbol}</span>}
    >
      {t(`directorySearch.status.${status}`)}
    </Badge>
  );
}
