import 'leaflet/dist/leaflet.css';
import type { LatLngTuple } from 'leaflet';
import type { ReactElement, ReactNode } from 'react';
import { MapContainer, TileLayer, ZoomControl } from 'react-leaflet';
import { useT } from '../../i18n';

type Props = {
  center: LatLngTuple;
  zoom: number;
  height: number;
  tileUrl: string | null;
  attribution: string | null;
  /** The markers, and anything else drawn on the map. */
  children: ReactNode;
};

/**
 * A directory map: tiles when an address for them is set (a plain background otherwise, and
 * no server asked), zoom buttons named in the reader's language. The words beside a map
 * say the same, so it takes no keyboard focus and leaves the scroll wheel to the page.
 */
export function MapFrame({
  center,
  zoom,
  height,
  tileUrl,
  attribution,
  children,
}: Props): ReactElement {
  const { t } = useT();
  return (
    <MapContainer
      center={center}
      zoom={zoom}
      keyboard={false}
      scrollWheelZoom={false}
      zoomControl={false}
      style={{ height, background: '#eef2f0' }}
    >
      {tileUrl && (
        <TileLayer
          url={tileUrl}
          attribution={attribution ?? undefined}
          // OpenStreetMap asks every page to say where its tiles are shown (its origin only).
          referrerPolicy="strict-origin-when-cross-origin"
        />
      )}
      <ZoomControl
        position="topright"
        zoomInTitle={t('directorySearch.map.zoomIn')}
        zoomOutTitle={t('directorySearch.map.zoomOut')}
      />
      {children}
    </MapContainer>
  );
}
