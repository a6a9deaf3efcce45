import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { ReactElement } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { AgendaItem } from '../../../shared/contracts/case-records';
import { usePageTitle } from '../../components/page-title';
import { QueryContent } from '../../components/query-content';
import { useT } from '../../i18n';
import { statusLook, useAppointmentWords } from './appointment-words';
import { useAgenda } from './case-records-api';

type View = 'day' | 'week';

/** Midnight of a local day given as YYYY-MM-DD; today when absent or unreadable. */
function dayOf(value: string | null): Date {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  const today = new Date();
  if (!match) return new Date(today.getFullYear(), today.getMonth(), today.getDate());
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function isoDay(day: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

function addDays(day: Date, days: number): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + days);
}

/** Monday of the day's week. */
function weekStart(day: Date): Date {
  return addDays(day, -((day.getDay() + 6) % 7));
}

/** The link worker's own appointments of a day or a week, as a list that fits a phone. */
export function AgendaPage(): ReactElement {
  const { t } = useT();
  const words = useAppointmentWords();
  usePageTitle(t('caseRecords.agenda.title'));
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'week' ? 'week' : 'day';
  const day = dayOf(params.get('day'));
  const from = view === 'week' ? weekStart(day) : day;
  const to = addDays(from, view === 'week' ? 7 : 1);
  const query = useAgenda(from, to);
  const go = (next: { view?: View; day?: Date | null }): void => {
    const nextView = next.view ?? view;
    const nextDay = next.day === undefined ? day : next.day;
    const search = new URLSearchParams();
    if (nextView === 'week') search.set('view', 'week');
    if (nextDay) search.set('day', isoDay(nextDay));
    setParams(search);
  };
  const step = view === 'week' ? 7 : 1;
  const range =
    view === 'week' ? t('caseRecords.agenda.weekOf', { day: words.day(from) }) : words.day(from);

  return (
    <Stack gap="md" maw={760}>
      <Title order={1}>{t('caseRecords.agenda.title')}</Title>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          aria-label={t('caseRecords.agenda.viewLabel')}
          value={view}
          onChange={(value) => go({ view: value === 'week' ? 'week' : 'day' })}
          data={[
            { value: 'day', label: t('caseRecords.agenda.day') },
            { value: 'week', label: t('caseRecords.agenda.week') },
          ]}
        />
        <Group gap="xs" wrap="wrap">
          <Button variant="default" onClick={() => go({ day: addDays(day, -step) })}>
            {view === 'week'
              ? t('caseRecords.agenda.previousWeek')
              : t('caseRecords.agenda.previousDay')}
          </Button>
          <Button variant="default" onClick={() => go({ day: null })}>
            {t('caseRecords.agenda.today')}
          </Button>
          <Button variant="default" onClick={() => go({ day: addDays(day, step) })}>
            {view === 'week' ? t('caseRecords.agenda.nextWeek') : t('caseRecords.agenda.nextDay')}
          </Button>
        </Group>
      </Group>
      <Title order={2} aria-live="polite">
        {range}
      </Title>
      <QueryContent query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <Text c="dimmed">
              {view === 'week'
                ? t('caseRecords.agenda.emptyWeek')
                : t('caseRecords.agenda.emptyDay')}
            </Text>
          ) : (
            <AgendaList items={data.items} byDay={view === 'week'} />
          )
        }
      </QueryContent>
    </Stack>
  );
}

function AgendaList({ items, byDay }: { items: AgendaItem[]; byDay: boolean }): ReactElement {
  const words = useAppointmentWords();
  const days = new Map<string, AgendaItem[]>();
  for (const item of items) {
    const key = isoDay(new Date(item.startsAt));
    days.set(key, [...(days.get(key) ?? []), item]);
  }
  if (!byDay) return <Items items={items} />;
  return (
    <Stack gap="md">
      {[...days.entries()].map(([key, dayItems]) => (
        <Stack key={key} gap="xs" component="section" aria-labelledby={`agenda-${key}`}>
          <Title order={3} id={`agenda-${key}`}>
            {words.day(dayOf(key))}
          </Title>
          <Items items={dayItems} />
        </Stack>
      ))}
    </Stack>
  );
}

function Items({ items }: { items: AgendaItem[] }): ReactElement {
  const { t } = useT();
  const words = useAppointmentWords();
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {items.map((item) => {
        const startsAt = new Date(item.startsAt);
        const ends = new Date(startsAt.getTime() + item.durationMinutes * 60_000);
        return (
          <Paper component="li" key={item.id} withBorder p="sm">
            <Stack gap={4}>
              <Group gap="xs" wrap="wrap">
                <Text fw={700}>
                  {t('caseRecords.agenda.timeRange', {
                    start: words.time(startsAt),
                    end: words.time(ends),
                  })}
                </Text>
                {item.status !== 'planned' && (
                  <Badge {...statusLook[item.status]}>{words.status(item.status)}</Badge>
                )}
              </Group>
              <Text>
                {item.personName} ·{' '}
                <Anchor component={Link} to={`/cases/${item.caseId}`}>
                  {item.caseReference}
                </Anchor>
              </Text>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {words.mode(item.mode)}
                {item.place ? ` · ${item.place}` : ''}
              </Text>
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}
