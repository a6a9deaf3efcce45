import type { LatLngTuple } from 'leaflet';
import { type ReactElement, useEffect } from 'react';
import { CircleMarker, Tooltip, useMap } from 'react-leaflet';
import { MapFrame } from './map-frame';
import type { DirectorySearchHit, DirectorySearchResult } from '../../../shared/contracts/search';
import { useT } from '../../i18n';

type Props = Pick<DirectorySearchResult, 'items' | 'origin'> & {
  tileUrl: string | null;
  attribution: string | null;
  height: number;
};

// Between the two demo regions, for a search with nothing to place yet.
const fallbackCentre: LatLngTuple = [45.0, -75.5];

const statusColours: Record<DirectorySearchHit['referralStatus'], string> = {
  open: '#2b8a3e',
  waitlist: '#e67700',
  full: '#c92a2a',
};

/**
 * Each placed result as a circle, and the search point. Without a tile address the map draws
 * on a plain background and asks no server for anything. The list is the accessible view:
 * the map takes no keyboard focus of its own and does not capture the scroll wheel.
 */
export function ResultsMap({ items, origin, tileUrl, attribution, height }: Props): ReactElement {
  const { t } = useT();
  const placed = items.flatMap((hit) => (hit.location ? [{ hit, at: hit.location }] : []));
  const points: LatLngTuple[] = placed.map(({ at }) => [at.lat, at.lon]);
  if (origin) points.push([origin.lat, origin.lon]);
  return (
    <MapFrame
      center={points[0] ?? fallbackCentre}
      zoom={points.length > 0 ? 12 : 6}
      height={height}
      tileUrl={tileUrl}
      attribution={attribution}
    >
      {placed.map(({ hit, at }) => (
        <CircleMarker
          key={hit.id}
          center={[at.lat, at.lon]}
          radius={8}
          pathOptions={{
            color: '#1b1b1b',
            weight: 1,
            fillColor: statusColours[hit.referralStatus],
            fillOpacity: 0.9,
          }}
          eventHandlers={{ click: () => showInList(hit.id) }}
        >
          <Tooltip>{hit.name}</Tooltip>
        </CircleMarker>
      ))}
      {origin && (
        <CircleMarker
          center={[origin.lat, origin.lon]}
          radius={6}
          pathOptions={{ color: '#1864ab', weight: 3, fillColor: '#ffffff', fillOpacity: 1 }}
        >
          <Tooltip permanent direction="top">
            {t('directorySearch.map.origin')}
          </Tooltip>
        </CircleMarker>
      )}
      <FitToPoints points={points} />
    </MapFrame>
  );
}

/** Keeps every result and the search point in view as the results change. */
function FitToPoints({ points }: { points: LatLngTuple[] }): null {
  const map = useMap();
  const key = JSON.stringify(points);
  useEffect(() => {
    const bounds = JSON.parse(key) as LatLngTuple[];
    const [first] = bounds;
    if (bounds.length === 1 && first) map.setView(first, 13);
    else if (bounds.length > 1) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
  }, [map, key]);
  return null;
}

function showInList(id: string): void {
  document.getElementById(`hit-${id}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
}
