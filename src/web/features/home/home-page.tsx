import { Anchor, Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';
import { Link } from '../../navigation';
import type {
  HomeCaseloadLine,
  HomeCount,
  HomeHeadline,
  HomeView,
} from '../../../shared/contracts/home';
import type { ReportCount } from '../../../shared/contracts/reports';
import type { RoleGrant } from '../../../shared/contracts/auth';
import { usePageTitle } from '../../components/page-title';
import { QueryContent } from '../../components/query-content';
import { useFormat } from '../../format';
import { type WebKey, useT } from '../../i18n';
import { useLabels } from '../../labels';
import { useSession } from '../../session';
import { useHome } from './home-api';

/** The day's work of each role the account holds, as counts that lead to where it is done. */
export function HomePage(): ReactElement {
  const { t } = useT();
  const { account } = useSession();
  usePageTitle(t('nav.home'));
  const home = useHome();
  return (
    <Stack gap="xl" maw={1080}>
      <Title order={1}>{t('home.welcome', { name: account.displayName })}</Title>
      <QueryContent query={home}>{(view) => <Panels view={view} />}</QueryContent>
      <RolesSection grants={account.grants} />
    </Stack>
  );
}

function Panels({ view }: { view: HomeView }): ReactElement {
  const { t } = useT();
  const format = useFormat();
  return (
    <Stack gap="xl">
      <Text c="dimmed" size="sm">
        {view.since ? t('home.since', { date: format.dateTime(view.since) }) : t('home.firstVisit')}
      </Text>
      {view.linkWorker && (
        <Panel id="home-link-worker" title={t('home.panels.linkWorker')}>
          <Counts counts={view.linkWorker.counts} />
        </Panel>
      )}
      {view.siteManager && (
        <Panel id="home-site-manager" title={t('home.panels.siteManager')}>
          <Counts counts={view.siteManager.counts} />
          <Caseload lines={view.siteManager.caseload} />
        </Panel>
      )}
      {view.referrer && (
        <Panel id="home-referrer" title={t('home.panels.referrer')}>
          <Counts counts={view.referrer.counts} />
        </Panel>
      )}
      {view.partner && (
        <Panel id="home-partner" title={t('home.panels.partner')}>
          <Counts counts={view.partner.counts} />
        </Panel>
      )}
      {view.evaluator && (
        <Panel id="home-evaluator" title={t('home.panels.evaluator')}>
          <Headline headline={view.evaluator.headline} />
        </Panel>
      )}
      {view.administrator && (
        <Panel id="home-administrator" title={t('home.panels.administrator')}>
          <Counts counts={view.administrator.counts} />
        </Panel>
      )}
    </Stack>
  );
}

function Panel({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ReactNode;
}): ReactElement {
  return (
    <section aria-labelledby={id}>
      <Title order={2} id={id} mb="sm">
        {title}
      </Title>
      <Stack gap="md">{children}</Stack>
    </section>
  );
}

/** Each count is a link to where its work is: the filtered list, or the one item. */
function Counts({ counts }: { counts: HomeCount[] }): ReactElement {
  const { t } = useT();
  return (
    <SimpleGrid
      component="ul"
      cols={{ base: 1, xs: 2, md: 3 }}
      spacing="sm"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
    >
      {counts.map((count) => (
        <Card component="li" key={count.key} withBorder padding="sm" radius="md">
          <Anchor component={Link} to={count.href} fw={count.count > 0 ? 700 : 400}>
            {t(`home.counts.${count.key}`, { count: count.count })}
          </Anchor>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function Caseload({ lines }: { lines: HomeCaseloadLine[] }): ReactElement {
  const { t } = useT();
  return (
    <section aria-labelledby="home-caseload">
      <Title order={3} id="home-caseload" mb="xs">
        {t('home.caseload.title')}
      </Title>
      {lines.length === 0 ? (
        <Text>{t('home.caseload.none')}</Text>
      ) : (
        <List spacing="xs">
          {lines.map((line) => (
            <List.Item key={line.accountId}>
              <Anchor component={Link} to={line.href}>
                {t('home.caseload.line', { name: line.displayName, count: line.open })}
              </Anchor>
            </List.Item>
          ))}
        </List>
      )}
    </section>
  );
}

function Headline({ headline }: { headline: HomeHeadline }): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const figure = (count: ReportCount): string =>
    count.value === null ? t('home.headline.hidden') : format.number(count.value);
  const rows: [WebKey, string][] = [
    ['home.headline.referred', figure(headline.referred)],
    ['home.headline.connected', figure(headline.connected)],
    ['home.headline.attended', figure(headline.attended)],
    [
      'home.headline.medianDays',
      headline.medianDaysToFirstContact === null
        ? t('home.headline.notEnough')
        : format.number(headline.medianDaysToFirstContact),
    ],
  ];
  return (
    <>
      <Text>{t('home.headline.intro', { period: headline.period })}</Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        {rows.map(([label, value]) => (
          <Card key={label} withBorder padding="sm" radius="md">
            <Text size="sm">{t(label)}</Text>
            <Text fz="xl" fw={700}>
              {value}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <Anchor component={Link} to={headline.href}>
        {t('home.headline.link')}
      </Anchor>
    </>
  );
}

function RolesSection({ grants }: { grants: RoleGrant[] }): ReactElement {
  const { t } = useT();
  const labels = useLabels();
  return (
    <section aria-labelledby="home-roles">
      <Title order={2} id="home-roles" mb="sm">
        {t('home.rolesHeading')}
      </Title>
      {grants.length === 0 ? (
        <Text>{t('home.noRoles')}</Text>
      ) : (
        <List spacing="xs">
          {grants.map((grant) => (
            <List.Item key={grant.id}>
              <Text span fw={600}>
                {labels.role(grant.role)}
              </Text>
              {' – '}
              {grant.siteName ?? t('common.wholeProgramme')}
            </List.Item>
          ))}
        </List>
      )}
    </section>
  );
}
