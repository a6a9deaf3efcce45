import { Stack, Table, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { PartnerConnectionDetail } from '../../../shared/contracts/connections';
import { formatPhone } from '../../../shared/phone';
import { useT } from '../../i18n';

type Shown = Pick<PartnerConnectionDetail, 'caseReference' | 'person' | 'linkWorker'>;

/** The minimum a partner sees about the person: as the server sent it, nothing more. */
export function PartnerDetails({ connection }: { connection: Shown }): ReactElement {
  const { t, locale } = useT();
  const { person, linkWorker } = connection;
  const byPhone =
    person.contactPreference === 'phone' || person.contactPreference === 'text_message';
  const rows: [string, string | null][] = [
    [t('connections.partner.name'), person.name],
    [t('connections.partner.language'), t(`language.${person.preferredLanguage}`)],
    [
      t('connections.partner.contactPreference'),
      t(`connections.partner.contact.${person.contactPreference}`),
    ],
    [
      t('connections.partner.contactDetail'),
      byPhone && person.contactDetail
        ? formatPhone(person.contactDetail, locale)
        : person.contactDetail,
    ],
    [t('connections.partner.wants'), person.wants],
    [t('connections.partner.interests'), person.interests],
    [t('connections.partner.strengths'), person.strengths],
    [
      t('connections.partner.linkWorker'),
      [
        t('connections.partner.linkWorkerLine', {
          name: linkWorker.name ?? '—',
          site: linkWorker.siteName,
        }),
        linkWorker.email,
      ]
        .filter(Boolean)
        .join(' · '),
    ],
    [t('connections.partner.reference'), connection.caseReference],
  ];
  return (
    <Stack gap="xs">
      <Table variant="vertical" layout="fixed" withTableBorder>
        <Table.Caption>{t('connections.partner.who')}</Table.Caption>
        <Table.Tbody>
          {rows
            .filter((row): row is [string, string] => row[1] !== null && row[1] !== '')
            .map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w="40%">{label}</Table.Th>
                <Table.Td>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {value}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
