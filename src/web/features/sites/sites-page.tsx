import { Table, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../../i18n';
import type { Site } from '../../../shared/contracts/sites';
import { EditableListPage } from '../../components/editable-list-page';
import { ActionsColumnHeader, EditRowButton } from '../../components/row-actions';
import { TableScroll } from '../../components/table-scroll';
import { useLabels } from '../../labels';
import { timeZoneWords } from '../../time-zone-words';
import { SiteForm } from './site-form';
import { useSites } from './sites-api';

export function SitesPage(): ReactElement {
  const { t } = useT();
  const sites = useSites();
  return (
    <EditableListPage
      title={t('sites.title')}
      newLabel={t('sites.new')}
      editLabel={t('sites.edit')}
      query={sites}
      renderTable={(items, onEdit) => <SiteTable sites={items} onEdit={onEdit} />}
      renderForm={(site, close) => <SiteForm site={site} onDone={close} onCancel={close} />}
    />
  );
}

function SiteTable({
  sites,
  onEdit,
}: {
  sites: Site[];
  onEdit: (site: Site) => void;
}): ReactElement {
  const { t } = useT();
  const labels = useLabels();
  if (sites.length === 0) return <Text>{t('sites.empty')}</Text>;
  return (
    <TableScroll label={t('sites.title')}>
      <Table striped highlightOnHover miw={760}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('sites.name')}</Table.Th>
            <Table.Th scope="col">{t('sites.organisation')}</Table.Th>
            <Table.Th scope="col">{t('sites.defaultLocale')}</Table.Th>
            <Table.Th scope="col">{t('sites.timeZone')}</Table.Th>
            <Table.Th scope="col">{t('sites.twoFactor')}</Table.Th>
            <ActionsColumnHeader />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sites.map((site) => (
            <Table.Tr key={site.id}>
              <Table.Td fw={500}>{site.name}</Table.Td>
              <Table.Td>{site.organisationName}</Table.Td>
              <Table.Td>{labels.locale(site.defaultLocale)}</Table.Td>
              <Table.Td>{timeZoneWords(t, site.timeZone)}</Table.Td>
              <Table.Td>
                {site.twoFactorRequired ? t('sites.twoFactorOn') : t('sites.twoFactorOff')}
              </Table.Td>
              <Table.Td ta="right">
                <EditRowButton name={site.name} onClick={() => onEdit(site)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
