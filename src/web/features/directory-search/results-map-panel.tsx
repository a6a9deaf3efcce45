import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { lazy, type ReactElement, Suspense, useId, useState } from 'react';
import type { DirectorySearchResult } from '../../../shared/contracts/search';
import { PageLoader } from '../../components/page-loader';
import { useT } from '../../i18n';
import { useClientSettings } from '../../client-settings';

// Leaflet is large and only this screen needs it.
const ResultsMap = lazy(() =>
  import('./results-map').then((module) => ({ default: module.ResultsMap })),
);

type Props = Pick<DirectorySearchResult, 'items' | 'origin'>;

/** The map beside the list on wide screens; on phones, below it and shown on request. */
export function ResultsMapPanel({ items, origin }: Props): ReactElement {
  const { t } = useT();
  const mapId = useId();
  const isWide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const [openOnPhone, setOpenOnPhone] = useState(false);
  const settings = useClientSettings();
  const shown = isWide || openOnPhone;
  const unplaced = items.filter((hit) => hit.location === null).length;
  return (
    <Stack
      component="section"
      aria-labelledby={`${mapId}-title`}
      gap="xs"
      style={isWide ? { position: 'sticky', top: 72 } : undefined}
    >
      <Title order={2} id={`${mapId}-title`} size="h4">
        {t('directorySearch.map.label')}
      </Title>
      {!isWide && (
        <Button
          variant="default"
          aria-expanded={openOnPhone}
          aria-controls={mapId}
          onClick={() => setOpenOnPhone((open) => !open)}
        >
          {openOnPhone ? t('directorySearch.map.hide') : t('directorySearch.map.show')}
        </Button>
      )}
      <div id={mapId} hidden={!shown}>
        {shown && (
          <Paper withBorder style={{ overflow: 'hidden' }}>
            {settings.isPending ? (
              <PageLoader />
            ) : (
              <Suspense fallback={<PageLoader />}>
                <ResultsMap
                  items={items}
                  origin={origin}
                  tileUrl={settings.data?.mapTileUrl ?? null}
                  attribution={settings.data?.mapAttribution ?? null}
                  height={isWide ? 480 : 320}
                />
              </Suspense>
            )}
          </Paper>
        )}
        {shown && unplaced > 0 && (
          <Text size="sm" c="dimmed" mt="xs">
            {t('directorySearch.map.noLocation', { count: unplaced })}
          </Text>
        )}
      </div>
    </Stack>
  );
}
