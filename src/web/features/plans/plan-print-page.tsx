import { Button, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link, useParams } from '../../navigation';
import type { PlanPrintView } from '../../../shared/contracts/plans';
import { PageLoader } from '../../components/page-loader';
import { TableScroll } from '../../components/table-scroll';
import { usePageTitle } from '../../components/page-title';
import { intlLocale, useFixedTranslator, useT } from '../../i18n';
import { formatDate } from '../../format';
import { usePrintView } from './plans-api';
import { QueryContent } from '../../components/query-content';
import classes from './plan-print.module.css';

/** The one-page printout of the plan, in the person's language, with a Print button. */
export function PlanPrintPage(): ReactElement {
  const { t } = useT();
  const caseId = useParams().caseId ?? '';
  const query = usePrintView(caseId);
  usePageTitle(t('plans.print.pageTitle'));
  return (
    <Stack>
      <Group className={classes.noPrint} justify="space-between" wrap="wrap">
        <Button component={Link} to={`/cases/${caseId}`} variant="default">
          {t('plans.print.back')}
        </Button>
        <Button onClick={() => window.print()} disabled={!query.data}>
          {t('plans.print.printButton')}
        </Button>
      </Group>
      <QueryContent query={query}>
        {(data) => (
          <>
            <Text className={classes.noPrint} size="sm">
              {t('plans.print.language', { language: t(`language.${data.language}`) })}
            </Text>
            <PrintedPlan view={data} />
          </>
        )}
      </QueryContent>
    </Stack>
  );
}

function PrintedPlan({ view }: { view: PlanPrintView }): ReactElement {
  // In the person's language, whatever language the screen is in.
  const p = useFixedTranslator(view.language);
  if (!p) return <PageLoader />;
  const day = (iso: string): string =>
    formatDate(intlLocale(view.language), iso, { dateStyle: 'long' });
  return (
    <article lang={view.language} className={classes.sheet} aria-labelledby="printed-plan-title">
      <Title order={1} id="printed-plan-title">
        {p('plans.print.title')}
      </Title>
      <Text size="lg" fw={600}>
        {p('plans.print.for', { name: view.givenName })}
      </Text>
      <Text size="sm">{p('plans.print.reference', { reference: view.caseReference })}</Text>
      <Stack gap="xs" mt="md">
        {view.goals.length === 0 && <Text>{p('plans.print.noGoals')}</Text>}
        {view.goals.map((goal, index) => (
          <section key={goal.id} className={classes.goal} aria-labelledby={`goal-${goal.id}`}>
            <Title order={2} size="h3" id={`goal-${goal.id}`}>
              {p('plans.print.goalNumbered', { number: index + 1, text: goal.text })}
            </Title>
            {goal.steps.length > 0 && (
              <TableScroll label={p('plans.print.stepsOf', { number: index + 1 })}>
                <table className={classes.steps}>
                  <thead>
                    <tr>
                      <th scope="col">{p('plans.print.step')}</th>
                      <th scope="col">{p('plans.print.who')}</th>
                      <th scope="col">{p('plans.print.when')}</th>
                      <th scope="col">{p('plans.print.done')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {goal.steps.map((step) => (
                      <tr key={step.id}>
                        <td>{step.text}</td>
                        <td>{p(`plans.owners.${step.owner}`)}</td>
                        <td>{step.dueOn ? day(step.dueOn) : p('plans.print.noDate')}</td>
                        <td>{step.done ? p('plans.print.yes') : p('plans.print.no')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </section>
        ))}
      </Stack>
      <Stack gap={2} mt="md">
        <Text>
          {view.agreedOn
            ? p('plans.print.agreedOn', { date: day(view.agreedOn) })
            : p('plans.print.notAgreed')}
        </Text>
        {view.linkWorkerName && (
          <Text>{p('plans.print.linkWorker', { name: view.linkWorkerName })}</Text>
        )}
        <Text>
          {p('plans.print.contact', { site: view.siteName, organisation: view.organisationName })}
        </Text>
      </Stack>
    </article>
  );
}
