import { Badge } from '@mantine/core';
import type { ReactElement } from 'react';
import type { ConnectionStatus } from '../../../shared/pathway';
import { type BadgeLook, badgeLooks } from '../../components/badge-looks';
import { useT } from '../../i18n';

/** Each status's look; the words carry the meaning, colour only repeats it. */
const looks: Record<ConnectionStatus, BadgeLook> = {
  proposed: badgeLooks.gray,
  sent: badgeLooks.blue,
  accepted: badgeLooks.blue,
  declined: badgeLooks.gray,
  did_not_attend: badgeLooks.warning,
  attended: badgeLooks.teal,
  ongoing: badgeLooks.teal,
  stopped: badgeLooks.gray,
  not_taken_up: badgeLooks.gray,
};

/** A connection's status in words, with "Status:" when it stands alone beside a title. */
export function ConnectionStatusBadge({
  status,
  labelled = true,
}: {
  status: ConnectionStatus;
  labelled?: boolean;
}): ReactElement {
  const { t } = useT();
  const words = t(`connections.status.${status}`);
  return (
    <Badge {...looks[status]} radius="sm" tt="none">
      {labelled ? t('connections.statusLabel', { status: words }) : words}
    </Badge>
  );
}
