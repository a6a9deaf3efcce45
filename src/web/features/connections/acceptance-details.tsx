import { List } from '@mantine/core';
import type { ReactElement } from 'react';
import type { Connection } from '../../../shared/contracts/connections';
import { useFormat } from '../../format';
import { useT } from '../../i18n';

/** What the partner said with its acceptance: when the person starts, and its message to them. */
export function AcceptanceDetails({
  connection,
}: {
  connection: Pick<Connection, 'startsOn' | 'partnerMessage'>;
}): ReactElement | null {
  const { t } = useT();
  const format = useFormat();
  const { startsOn, partnerMessage } = connection;
  if (!startsOn && !partnerMessage) return null;
  return (
    <List size="sm" spacing={2} listStyleType="none">
      {startsOn && (
        <List.Item>{t('connections.startsOnShown', { date: format.date(startsOn) })}</List.Item>
      )}
      {partnerMessage && (
        <List.Item style={{ overflowWrap: 'anywhere' }}>
          {t('connections.partnerMessageShown', { message: partnerMessage })}
        </List.Item>
      )}
    </List>
  );
}
