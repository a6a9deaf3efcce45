import { NativeSelect } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';
import { type Timepoint, timepoints } from '../../../shared/pathway';
import { useT } from '../../i18n';

function isTimepoint(value: string): value is Timepoint {
  return (timepoints as readonly string[]).includes(value);
}

/** The "Timepoint" choice of a questionnaire, recorded here or sent as a link. */
export function TimepointSelect({
  options,
  value,
  onChange,
  error,
  description,
}: {
  options: readonly Timepoint[];
  value: Timepoint;
  onChange: (timepoint: Timepoint) => void;
  error: ReactNode;
  description?: ReactNode;
}): ReactElement {
  const { t } = useT();
  return (
    <NativeSelect
      label={t('outcomes.record.timepoint')}
      description={description}
      data={options.map((option) => ({ value: option, label: t(`outcomes.timepoints.${option}`) }))}
      value={value}
      onChange={(event) => {
        const chosen = event.currentTarget.value;
        if (isTimepoint(chosen)) onChange(chosen);
      }}
      error={error}
    />
  );
}
