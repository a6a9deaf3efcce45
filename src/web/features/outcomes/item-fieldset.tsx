import { Radio, Stack, Text } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';

type Option = { value: number; label: string };

/**
 * One question as a group of radios in a fieldset whose legend is the question, so screen
 * readers announce the question with each answer. Big tap targets for phones.
 */
export function ItemFieldset({
  name,
  legend,
  options,
  value,
  onChange,
  error,
  large = false,
  before,
}: {
  name: string;
  legend: ReactNode;
  options: Option[];
  value: number | null;
  onChange: (value: number) => void;
  error?: string | undefined;
  large?: boolean;
  before?: ReactNode;
}): ReactElement {
  const errorId = `${name}-error`;
  return (
    <fieldset
      style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}
      aria-describedby={error ? errorId : undefined}
    >
      <legend style={{ padding: 0, marginBottom: 8, fontWeight: 600, fontSize: large ? 20 : 16 }}>
        {legend}
      </legend>
      {before}
      <Stack gap={large ? 'sm' : 4}>
        {options.map((option) => (
          <Radio
            key={option.value}
            name={name}
            value={String(option.value)}
            label={option.label}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
            size={large ? 'lg' : 'sm'}
            styles={
              large
                ? { root: { padding: '10px 12px', border: '1px solid #ced4da', borderRadius: 8 } }
                : undefined
            }
          />
        ))}
      </Stack>
      {error && (
        <Text id={errorId} c="red.8" size="sm" mt={4}>
          {error}
        </Text>
      )}
    </fieldset>
  );
}
