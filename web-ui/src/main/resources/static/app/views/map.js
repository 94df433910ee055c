// A self-drawn SVG map of the region: the search origin and the results as numbered dots. No tiles, no outside host.
import { svg } from '../ui.js';
import { REGION, PLACES } from '../places.js';

const W = 400;
const H = 300;
const LAT_SPAN = 0.32;
const LNG_SPAN = 0.55;

const x = (lng) => ((lng - (REGION.lng - LNG_SPAN / 2)) / LNG_SPAN) * W;
const y = (lat) => H - ((lat - (REGION.lat - LAT_SPAN / 2)) / LAT_SPAN) * H;

export function regionMap(origin, points) {
  const inside = (p) => p && x(p.lng) >= 0 && x(p.lng) <= W && y(p.lat) >= 0 && y(p.lat) <= H;
  return svg('svg', { class: 'map', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Map of the ${REGION.name} area with ${points.length} results; the list gives the same places and distances.` },
    svg('rect', { x: 0, y: 0, width: W, height: H, fill: '#eef2f7' }),
    svg('path', { d: `M0 ${H * 0.18} C ${W * 0.3} ${H * 0.12}, ${W * 0.6} ${H * 0.25}, ${W} ${H * 0.15} L ${W} 0 L 0 0 Z`, fill: '#cfe0f3' }),
    svg('text', { x: 8, y: 16 }, 'Lake'),
    PLACES.filter(inside).map((p) => svg('g', {},
      svg('circle', { cx: x(p.lng), cy: y(p.lat), r: 2, fill: '#6b7280' }),
      svg('text', { x: x(p.lng) + 4, y: y(p.lat) - 3 }, p.name))),
    origin && inside(origin) ? svg('g', {},
      svg('circle', { cx: x(origin.lng), cy: y(origin.lat), r: 7, fill: 'none', stroke: '#a4001d', 'stroke-width': 3 }),
      svg('text', { class: 'origin', x: x(origin.lng) + 9, y: y(origin.lat) + 12 }, 'Search origin')) : null,
    points.filter(inside).map((p, i) => svg('g', {},
      svg('circle', { cx: x(p.lng), cy: y(p.lat), r: 8, fill: '#17457a' }),
      svg('text', { class: 'num', x: x(p.lng), y: y(p.lat) + 3.5, 'text-anchor': 'middle' }, String(p.n || i + 1)))));
}
