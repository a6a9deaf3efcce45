import { Button, Fieldset, Group, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactElement, useState } from 'react';
import type {
  CaseDuplicate,
  DuplicatePerson,
  MergeContactField,
  MergeContactPicks,
} from '../../../shared/contracts/referrals';
import { fieldError, FormAlert } from '../../components/form-alert';
import { QueryContent } from '../../components/query-content';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { formatPhone } from '../../../shared/phone';
import { useT } from '../../i18n';
import { useLabels } from '../../labels';
import { useCaseLabels } from './case-labels';
import { casesQueryKey, mergePerson, useCaseDuplicate } from './cases-api';

type Outcome = 'merged' | 'separated';
type Choice = 'existing' | 'new';

/**
 * A possible duplicate, decided by the link worker: the two records side by side, and for
 * each contact detail that differs a choice of which to keep (the existing one unless
 * changed), since the newer record may be anyone's self-referral.
 */
export function DuplicateReview({
  caseId,
  onDecided,
}: {
  caseId: string;
  onDecided: (outcome: Outcome) => void;
}): ReactElement {
  const { t } = useT();
  const [opened, setOpened] = useState(false);
  const duplicate = useCaseDuplicate(caseId, opened);
  return (
    <Stack gap="sm">
      <Button
        variant="default"
        w="fit-content"
        aria-expanded={opened}
        aria-controls="duplicate-review"
        onClick={() => setOpened((value) => !value)}
      >
        {t('cases.duplicate.compare')}
      </Button>
      <div id="duplicate-review" hidden={!opened}>
        {opened && (
          <QueryContent query={duplicate}>
            {(data) => <DuplicateDecision duplicate={data} onDecided={onDecided} />}
          </QueryContent>
        )}
      </div>
    </Stack>
  );
}

function DuplicateDecision({
  duplicate,
  onDecided,
}: {
  duplicate: CaseDuplicate;
  onDecided: (outcome: Outcome) => void;
}): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const display = useContactDisplay();
  const [picks, setPicks] = useState<Partial<Record<MergeContactField, Choice>>>({});
  const decide = useMutation({
    mutationFn: (keep: 'existing' | 'separate') =>
      mergePerson(
        duplicate.caseId,
        keep === 'separate'
          ? { keep, version: duplicate.caseVersion }
          : { keep, version: duplicate.caseVersion, contact: picksBody(picks) },
      ),
    onSuccess: async (_result, keep) => {
      await queryClient.invalidateQueries({ queryKey: casesQueryKey });
      onDecided(keep === 'existing' ? 'merged' : 'separated');
    },
  });
  const { existing, person } = duplicate;
  const contactFields = duplicate.differingContactFields;
  return (
    <Stack gap="md">
      <Title order={4} size="h5">
        {t('cases.duplicate.heading')}
      </Title>
      <Text size="sm">{t('cases.duplicate.intro')}</Text>
      <SideBySide existing={existing} person={person} />
      <Fieldset legend={t('cases.duplicate.choices')}>
        {contactFields.length === 0 ? (
          <Text size="sm">{t('cases.duplicate.noChoices')}</Text>
        ) : (
          <Stack gap="md">
            {contactFields.map((field) => (
              <Radio.Group
                key={field}
                label={display.label(field)}
                value={picks[field] ?? 'existing'}
                onChange={(value) =>
                  setPicks((current) => ({
                    ...current,
                    [field]: value === 'new' ? 'new' : 'existing',
                  }))
                }
                error={fieldError(decide.error, `contact.${field}`)}
              >
                <Stack gap={6} mt="xs">
                  <Radio
                    value="existing"
                    label={t('cases.duplicate.keepExisting', {
                      value: display.value(existing, field),
                    })}
                  />
                  <Radio
                    value="new"
                    label={t('cases.duplicate.takeIncoming', {
                      value: display.value(person, field),
                    })}
                  />
                </Stack>
              </Radio.Group>
            ))}
          </Stack>
        )}
      </Fieldset>
      <FormAlert error={decide.error} fields={contactFields.map((field) => `contact.${field}`)} />
      <Group gap="sm">
        <Button loading={decide.isPending} onClick={() => decide.mutate('existing')}>
          {t('cases.duplicate.merge')}
        </Button>
        <Button
          variant="default"
          disabled={decide.isPending}
          onClick={() => decide.mutate('separate')}
        >
          {t('cases.duplicate.separate')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Only the details taken from this referral are sent: anything unnamed stays as it was. */
function picksBody(picks: Partial<Record<MergeContactField, Choice>>): MergeContactPicks {
  const body: MergeContactPicks = {};
  for (const [field, pick] of Object.entries(picks)) {
    if (pick === 'new') Object.assign(body, { [field]: pick });
  }
  return body;
}

function SideBySide({
  existing,
  person,
}: {
  existing: DuplicatePerson;
  person: DuplicatePerson;
}): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const display = useContactDisplay();
  const rows: { label: string; value: (p: DuplicatePerson) => string }[] = [
    { label: t('cases.duplicate.name'), value: (p) => `${p.givenName} ${p.familyName}` },
    {
      label: t('cases.person.dateOfBirth'),
      value: (p) => format.date(p.dateOfBirth),
    },
    ...(
      ['email', 'phone', 'address', 'postalCode', 'contactPreference', 'preferredLanguage'] as const
    ).map((field) => ({
      label: display.label(field),
      value: (p: DuplicatePerson) => display.value(p, field),
    })),
    {
      label: t('cases.duplicate.cases'),
      value: (p) => p.cases.map((c) => c.reference).join(', ') || t('cases.person.none'),
    },
  ];
  return (
    <TableScroll label={t('cases.duplicate.tableLabel')}>
      <Table withTableBorder layout="fixed" miw={480} verticalSpacing="xs">
        <Table.Caption>{t('cases.duplicate.tableLabel')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('cases.duplicate.detail')}</Table.Th>
            <Table.Th scope="col">{t('cases.duplicate.existing')}</Table.Th>
            <Table.Th scope="col">{t('cases.duplicate.incoming')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.label}>
              <Table.Th scope="row">{row.label}</Table.Th>
              <Table.Td style={{ wordBreak: 'break-word' }}>{row.value(existing)}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>{row.value(person)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

/** A contact detail's name and a record's value of it, as the case screen words them. */
function useContactDisplay(): {
  label: (field: MergeContactField) => string;
  value: (person: DuplicatePerson, field: MergeContactField) => string;
} {
  const { t, locale } = useT();
  const labels = useCaseLabels();
  const common = useLabels();
  const names: Record<MergeContactField, string> = {
    email: t('cases.person.email'),
    phone: t('cases.person.phone'),
    address: t('cases.person.address'),
    postalCode: t('cases.duplicate.postalCode'),
    contactPreference: t('cases.person.contactPreference'),
    preferredLanguage: t('cases.person.language'),
  };
  return {
    label: (field) => names[field],
    value: (person, field) => {
      if (field === 'contactPreference') return labels.contactPreference(person.contactPreference);
      if (field === 'preferredLanguage') return common.locale(person.preferredLanguage);
      if (field === 'phone' && person.phone) return formatPhone(person.phone, locale);
      return person[field] ?? t('cases.person.none');
    },
  };
}
