import { Alert, Button, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import type { RetentionReport } from '../../../shared/contracts/person-record';
import { fieldError, FormAlert } from '../../components/form-alert';
import { usePageTitle } from '../../components/page-title';
import { QueryContent } from '../../components/query-content';
import { StatusMessage, useNotice } from '../../components/status-message';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { retentionKey, saveRetention, useRetention } from './person-record-api';

/**
 * The programme's retention period, and what the daily retention job would anonymise now:
 * counts per site and case references, never a name.
 */
export function RetentionPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('retention.title'));
  const query = useRetention();
  return (
    <Stack gap="lg">
      <Title order={1}>{t('retention.title')}</Title>
      <Text>{t('retention.intro')}</Text>
      <QueryContent query={query}>{(report) => <Retention report={report} />}</QueryContent>
    </Stack>
  );
}

function Retention({ report }: { report: RetentionReport }): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [years, setYears] = useState<string | number>(report.retentionYears ?? '');
  const [notice, say] = useNotice();
  const save = useMutation({
    mutationFn: () => saveRetention({ retentionYears: years === '' ? null : Number(years) }),
    onSuccess: (saved) => {
      queryClient.setQueryData(retentionKey, saved);
      say((t) =>
        saved.retentionYears === null
          ? t('retention.savedNone')
          : t('retention.saved', { count: saved.retentionYears }),
      );
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Stack gap="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={420}>
          <FormAlert error={save.error} fields={['retentionYears']} />
          <NumberInput
            label={t('retention.years')}
            description={t('retention.yearsHelp')}
            min={1}
            max={100}
            allowDecimal={false}
            clampBehavior="none"
            value={years}
            onChange={setYears}
            error={fieldError(save.error, 'retentionYears')}
          />
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('retention.save')}
            </Button>
          </Group>
          <StatusMessage message={notice} />
        </Stack>
      </form>
      <section aria-labelledby="retention-dry-run">
        <Stack gap="sm">
          <Title order={2} id="retention-dry-run">
            {t('retention.dryRun')}
          </Title>
          {report.retentionYears === null ? (
            <Alert color="gray">{t('retention.off')}</Alert>
          ) : (
            <Text>
              {t('retention.wouldAnonymise', {
                people: report.people,
                cases: report.cases,
                years: report.retentionYears,
              })}
            </Text>
          )}
          {report.sites.length > 0 && (
            <TableScroll label={t('retention.bySite')}>
              <Table striped verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('retention.site')}</Table.Th>
                    <Table.Th scope="col">{t('retention.people')}</Table.Th>
                    <Table.Th scope="col">{t('retention.cases')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.sites.map((site) => (
                    <Table.Tr key={site.siteId}>
                      <Table.Td>{site.siteName}</Table.Td>
                      <Table.Td>{format.number(site.people)}</Table.Td>
                      <Table.Td>{format.number(site.cases)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
          {report.items.length > 0 && (
            <TableScroll label={t('retention.casesLabel')}>
              <Table striped verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('retention.reference')}</Table.Th>
                    <Table.Th scope="col">{t('retention.site')}</Table.Th>
                    <Table.Th scope="col">{t('retention.closed')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.items.map((item) => (
                    <Table.Tr key={item.reference}>
                      <Table.Td>{item.reference}</Table.Td>
                      <Table.Td>{item.siteName}</Table.Td>
                      <Table.Td>{format.date(item.closedAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
          {report.truncated && <Text size="sm">{t('retention.truncated')}</Text>}
        </Stack>
      </section>
    </Stack>
  );
}
