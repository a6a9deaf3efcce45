import type { LatLngTuple } from 'leaflet';
import type { ReactElement } from 'react';
import { CircleMarker, Tooltip } from 'react-leaflet';
import { MapFrame } from './map-frame';

type Props = {
  places: { name: string; at: { lat: number; lon: number } }[];
  tileUrl: string | null;
  attribution: string | null;
};

/**
 * The listing's places on a map. The address above it says the same in words, so the map
 * takes no keyboard focus; tiles that fail to load (no network) leave the points on a plain
 * background and the page as it is.
 */
export function ListingMap({ places, tileUrl, attribution }: Props): ReactElement {
  const points: LatLngTuple[] = places.map(({ at }) => [at.lat, at.lon]);
  return (
    <MapFrame
      center={points[0] ?? [45, -75.5]}
      zoom={14}
      height={260}
      tileUrl={tileUrl}
      attribution={attribution}
    >
      {places.map(({ name, at }) => (
        <CircleMarker
          key={`${at.lat},${at.lon},${name}`}
          center={[at.lat, at.lon]}
          radius={9}
          pathOptions={{ color: '#1b1b1b', weight: 1, fillColor: '#1864ab', fillOpacity: 0.9 }}
        >
          <Tooltip>{name}</Tooltip>
        </CircleMarker>
      ))}
    </MapFrame>
  );
}
