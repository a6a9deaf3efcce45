import { Alert, Button, Group, Text } from '@mantine/core';
import { type ReactElement, Suspense, lazy, useState } from 'react';
import type { CaseDetail } from '../../../shared/contracts/cases';
import { PageSection } from '../../components/page-section';
import { StatusMessage } from '../../components/status-message';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { useCaseLabels } from './case-labels';
import { ReReferButton } from './re-refer-button';
import type { CaseMove } from './status-dialog';

// The dialogs' forms come with the first move asked for, not with every case's overview.
const StatusDialog = lazy(async () => ({
  default: (await import('./status-dialog')).StatusDialog,
}));

/** The person's answer and the case's closure: each move in a dialog that asks what it needs. */
export function StatusActionsSection({ detail }: { detail: CaseDetail }): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const format = useFormat();
  const [open, setOpen] = useState<CaseMove | null>(null);
  const [done, setDone] = useState(false);
  const { permissions } = detail;
  const moves: { move: CaseMove; allowed: boolean; label: string; color?: string }[] = [
    { move: 'active', allowed: permissions.canAccept, label: t('cases.actions.accept') },
    {
      move: 'declined',
      allowed: permissions.canDecline,
      label: t('cases.actions.decline'),
      color: 'gray',
    },
    {
      move: 'unreachable',
      allowed: permissions.canCloseUnreachable,
      label: t('cases.actions.unreachable'),
      color: 'gray',
    },
    {
      move: 'discharged',
      allowed: permissions.canDischarge,
      label: t('cases.actions.discharge'),
      color: 'gray',
    },
  ];
  const available = moves.filter((m) => m.allowed);
  return (
    <PageSection id="case-actions" title={t('cases.actions.heading')}>
      {detail.closedAt && (
        <Alert color="gray">
          {t('cases.actions.closed', {
            when: format.date(detail.closedAt),
            reason: detail.closureReason ? labels.closureReason(detail.closureReason) : '',
          })}
        </Alert>
      )}
      {available.length > 0 ? (
        <Group gap="sm" wrap="wrap">
          {available.map((m) => (
            <Button
              key={m.move}
              variant={m.move === 'active' ? 'filled' : 'default'}
              onClick={() => {
                setDone(false);
                setOpen(m.move);
              }}
            >
              {m.label}
            </Button>
          ))}
        </Group>
      ) : (
        !detail.closedAt && <Text c="dimmed">{t('cases.actions.none')}</Text>
      )}
      {permissions.nextStatuses.includes('unreachable') && !permissions.canCloseUnreachable && (
        <Text size="sm" c="dimmed">
          {t('cases.actions.unreachableHelp', { count: detail.maxContactAttempts })}
        </Text>
      )}
      {permissions.canReRefer && <ReReferButton detail={detail} />}
      <StatusMessage message={done ? t('cases.actions.done') : null} />
      {open && (
        <Suspense fallback={null}>
          <StatusDialog
            detail={detail}
            move={open}
            onClose={() => setOpen(null)}
            onDone={() => {
              setOpen(null);
              setDone(true);
            }}
          />
        </Suspense>
      )}
    </PageSection>
  );
}
