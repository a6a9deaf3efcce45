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
import { Link, useSearchParams } from '../../navigation';
import type { AgendaItem, AgendaView } from '../../../shared/contracts/case-records';
import { addDays, dayIn } from '../../../shared/time-zones';
import { usePageTitle } from '../../components/page-title';
import { QueryContent } from '../../components/query-content';
import { useT } from '../../i18n';
import { statusLook, useAppointmentWords } from './appointment-words';
import { useAgenda } from './case-records-api';

/** A day asked in the address (YYYY-MM-DD); null for today. */
function dayParam(value: string | null): string | null {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

/**
 * The link worker's own appointments of a day or a week, as a list that fits a phone. The
 * server cuts the days in the zone of the worker's site and says which days it shows; each
 * time is on its site's clocks.
 */
export function AgendaPage(): ReactElement {
  const { t } = useT();
  const words = useAppointmentWords();
  usePageTitle(t('caseRecords.agenda.title'));
  const [params, setParams] = useSearchParams();
  const view: AgendaView = params.get('view') === 'week' ? 'week' : 'day';
  const day = dayParam(params.get('day'));
  const query = useAgenda(view, day);
  // The first day shown: the asked day, or the Monday of its week, or today, once known.
  const shown = query.data?.days[0] ?? day;
  const go = (next: { view?: AgendaView; day?: string | null }): void => {
    const nextView = next.view ?? view;
    const nextDay = next.day === undefined ? day : next.day;
    const search = new URLSearchParams();
    if (nextView === 'week') search.set('view', 'week');
    if (nextDay) search.set('day', nextDay);
    setParams(search);
  };
  const step = view === 'week' ? 7 : 1;
  const range = shown
    ? view === 'week'
      ? t('caseRecords.agenda.weekOf', { day: words.calendarDay(shown) })
      : words.calendarDay(shown)
    : t('caseRecords.agenda.today');

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
          <Button
            variant="default"
            disabled={!shown}
            onClick={() => shown && go({ day: addDays(shown, -step) })}
          >
            {view === 'week'
              ? t('caseRecords.agenda.previousWeek')
              : t('caseRecords.agenda.previousDay')}
          </Button>
          <Button variant="default" onClick={() => go({ day: null })}>
            {t('caseRecords.agenda.today')}
          </Button>
          <Button
            variant="default"
            disabled={!shown}
            onClick={() => shown && go({ day: addDays(shown, step) })}
          >
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
            <AgendaList items={data.items} timeZone={data.timeZone} byDay={view === 'week'} />
          )
        }
      </QueryContent>
    </Stack>
  );
}

function AgendaList({
  items,
  timeZone,
  byDay,
}: {
  items: AgendaItem[];
  timeZone: string;
  byDay: boolean;
}): ReactElement {
  const words = useAppointmentWords();
  const days = new Map<string, AgendaItem[]>();
  for (const item of items) {
    // The agenda's days are the zone's it was cut in.
    const key = dayIn(new Date(item.startsAt), timeZone);
    days.set(key, [...(days.get(key) ?? []), item]);
  }
  if (!byDay) return <Items items={items} />;
  return (
    <Stack gap="md">
      {[...days.entries()].map(([key, dayItems]) => (
        <Stack key={key} gap="xs" component="section" aria-labelledby={`agenda-${key}`}>
          <Title order={3} id={`agenda-${key}`}>
            {words.calendarDay(key)}
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
                    start: words.time(startsAt, item.timeZone),
                    end: words.time(ends, item.timeZone),
                  })}
                  {words.zoneNote(item.timeZone)}
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
