// Places in and around the fictional Riverton metro, for distance search without a geocoder: nothing leaves the
// browser to find a point, so nobody outside learns who looks for help where. Centre points are approximate.
export const REGION = { name: 'Riverton', lat: 41.50, lng: -81.69, spanKm: 40 };

export const PLACES = [
  { name: 'Riverton Downtown', lat: 41.4993, lng: -81.6944 },
  { name: 'Civic Plaza', lat: 41.5030, lng: -81.6900 },
  { name: 'Harborside', lat: 41.5120, lng: -81.7020 },
  { name: 'Riverton East', lat: 41.5050, lng: -81.6150 },
  { name: 'Riverton West', lat: 41.4830, lng: -81.7750 },
  { name: 'Northgate', lat: 41.5600, lng: -81.6700 },
  { name: 'Southfield', lat: 41.4300, lng: -81.6800 },
  { name: 'Lakeview', lat: 41.5350, lng: -81.6350 },
  { name: 'Millbrook', lat: 41.4600, lng: -81.6050 },
  { name: 'Foundry District', lat: 41.4850, lng: -81.7100 },
  { name: 'Cedar Heights', lat: 41.4950, lng: -81.5750 },
  { name: 'Quarry Hills', lat: 41.4100, lng: -81.7400 },
  { name: 'Ferry Landing', lat: 41.5250, lng: -81.7450 },
  { name: 'Westfield', lat: 41.4700, lng: -81.8200 },
  { name: 'Oakridge', lat: 41.3900, lng: -81.6400 },
];

export function placeByName(name) {
  return PLACES.find((p) => p.name === name);
}

/** Great-circle distance in km (for the map's scale and for sorting client-side). */
export function distanceKm(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(s));
}
