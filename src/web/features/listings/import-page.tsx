import { Anchor, FileInput, List, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { Link } from '../../navigation';
import type { DirectoryImportJob } from '../../../shared/contracts/directory';
import { FormActions } from '../../components/form-actions';
import { FormAlert } from '../../components/form-alert';
import { usePageTitle } from '../../components/page-title';
import { TableScroll } from '../../components/table-scroll';
import { labelled } from '../../../shared/typography';
import { useT } from '../../i18n';
import { startImport, useImportJob } from './listings-api';

/** Administrators import an HSDS dataset and watch it go through, then read its report. */
export function DirectoryImportPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('listings.import.title'));
  const [files, setFiles] = useState<File[]>([]);
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: async (chosen: File[]) => {
      const contents = await Promise.all(
        chosen.map(async (file) => [file.name, await file.text()]),
      );
      const format = chosen.every((file) => /\.csv$/i.test(file.name)) ? 'csv' : 'json';
      return startImport({ format, files: Object.fromEntries(contents) });
    },
    onSuccess: (job) => setJobId(job.id),
  });
  const job = useImportJob(jobId);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setJobId(null);
    start.mutate(files);
  };
  return (
    <Stack gap="lg">
      <Title order={1}>{t('listings.import.title')}</Title>
      <Text>{t('listings.import.intro')}</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={560}>
          <FileInput
            label={t('listings.import.files')}
            description={t('listings.import.filesHint')}
            multiple
            required
            accept=".json,.csv,application/json,text/csv"
            value={files}
            onChange={setFiles}
          />
          <FormAlert error={start.error} />
          <FormActions submitLabel={t('listings.import.start')} pending={start.isPending} />
        </Stack>
      </form>
      {job.data && <JobProgress job={job.data} />}
      {job.isError && <FormAlert error={job.error} />}
    </Stack>
  );
}

function JobProgress({ job }: { job: DirectoryImportJob }): ReactElement {
  const { t, locale } = useT();
  const percent = job.total > 0 ? Math.round((job.done / job.total) * 100) : 0;
  const phaseText =
    job.phase === 'read'
      ? t('listings.import.reading', {
          done: job.done,
          total: job.total,
          file: job.file ? ` (${job.file})` : '',
        })
      : job.phase === 'write'
        ? t('listings.import.writing', { done: job.done, total: job.total })
        : '';
  return (
    <Stack gap="sm" component="section" aria-labelledby="import-progress-title">
      <Title order={2} id="import-progress-title">
        {t('listings.import.progress')}
      </Title>
      {job.state === 'running' && (
        <Progress
          value={job.phase === 'write' ? percent : Math.min(percent, 99)}
          aria-label={t('listings.import.progress')}
          size="lg"
        />
      )}
      <Text role="status" aria-live="polite">
        {job.state === 'running'
          ? phaseText
          : job.state === 'failed'
            ? (job.error?.message ?? t('listings.import.failed'))
            : job.report?.status === 'imported'
              ? t('listings.import.imported', { records: job.report.records })
              : t('listings.import.rejected', { count: job.report?.issues.length ?? 0 })}
      </Text>
      {job.report?.status === 'imported' && (
        <List size="sm">
          {Object.entries(job.report.changes).map(([type, counts]) => (
            <List.Item key={type}>{t('listings.import.changes', { type, ...counts })}</List.Item>
          ))}
        </List>
      )}
      {job.report?.termCategories &&
        job.report.termCategories.suggested + job.report.termCategories.undecided > 0 && (
          <Text>
            {t('listings.import.termCategories', job.report.termCategories)}{' '}
            <Anchor component={Link} to="/admin/directory/categories">
              {t('listings.import.termCategoriesLink')}
            </Anchor>
          </Text>
        )}
      {job.report?.status === 'rejected' && (
        <TableScroll label={t('listings.import.issue')}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('listings.import.where')}</Table.Th>
                <Table.Th scope="col">{t('listings.import.issue')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {job.report.issues.slice(0, 200).map((issue, i) => (
                <Table.Tr key={`${issue.file}-${String(i)}`}>
                  <Table.Td>
                    {[issue.file, issue.row ? `#${String(issue.row)}` : '', issue.path ?? '']
                      .filter(Boolean)
                      .join(' ')}
                  </Table.Td>
                  <Table.Td>
                    {issue.field ? `${labelled(locale, issue.field)} ` : ''}
                    {issue.reason}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Stack>
  );
}
