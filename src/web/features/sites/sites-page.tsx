import { Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { type ReactElement, useState } from 'react';
import { useT } from '../../i18n';
import type { Site } from '../../../shared/contracts/sites';
import { AppModal } from '../../components/app-modal';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { TableScroll } from '../../components/table-scroll';
import { useLabels } from '../../labels';
import { SiteForm } from './site-form';
import { useSites } from './sites-api';

type Editing = { mode: 'create' } | { mode: 'edit'; site: Site } | null;

export function SitesPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('sites.title'));
  const sites = useSites();
  const [editing, setEditing] = useState<Editing>(null);
  const close = (): void => setEditing(null);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <Title order={1}>{t('sites.title')}</Title>
        <Button onClick={() => setEditing({ mode: 'create' })}>{t('sites.new')}</Button>
      </Group>
      {sites.isPending ? (
        <PageLoader />
      ) : sites.isError ? (
        <LoadError error={sites.error} onRetry={() => void sites.refetch()} />
      ) : (
        <SiteTable sites={sites.data} onEdit={(site) => setEditing({ mode: 'edit', site })} />
      )}
      <AppModal
        opened={editing !== null}
        onClose={close}
        title={editing?.mode === 'edit' ? t('sites.edit') : t('sites.new')}
      >
        {editing && (
          <SiteForm
            key={editing.mode === 'edit' ? editing.site.id : 'new'}
            site={editing.mode === 'edit' ? editing.site : undefined}
            onDone={close}
            onCancel={close}
          />
        )}
      </AppModal>
    </Stack>
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
      <Table striped highlightOnHover miw={640}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('sites.name')}</Table.Th>
            <Table.Th scope="col">{t('sites.organisation')}</Table.Th>
            <Table.Th scope="col">{t('sites.defaultLocale')}</Table.Th>
            <Table.Th scope="col">{t('sites.twoFactor')}</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sites.map((site) => (
            <Table.Tr key={site.id}>
              <Table.Td fw={500}>{site.name}</Table.Td>
              <Table.Td>{site.organisationName}</Table.Td>
              <Table.Td>{labels.locale(site.defaultLocale)}</Table.Td>
              <Table.Td>
                {site.twoFactorRequired ? t('sites.twoFactorOn') : t('sites.twoFactorOff')}
              </Table.Td>
              <Table.Td ta="right">
                <Button
                  size="compact-sm"
                  variant="light"
                  aria-label={t('common.editNamed', { name: site.name })}
                  onClick={() => onEdit(site)}
                >
                  {t('common.edit')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
