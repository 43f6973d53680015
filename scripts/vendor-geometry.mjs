// Re-creates generator/vendor/world-atlas/*.geojson from the npm packages world-atlas and topojson-client:
//   npm pack world-atlas@2.0.2 topojson-client@3.1.0, unpack both, then
//   node scripts/vendor-geometry.mjs <world-atlas package dir> <topojson-client package dir>
// The build reads the GeoJSON, so it needs no Node.js. Coordinates are rounded to 0.01 degree (about 1 km),
// finer than either scale draws.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const [atlasDir, clientDir] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const topojson = require(`${clientDir}/dist/topojson-client.js`);
const round = (value) => Array.isArray(value) ? value.map(round) : Math.round(value * 100) / 100;

for (const scale of ["110m", "50m"]) {
  const topology = JSON.parse(readFileSync(`${atlasDir}/countries-${scale}.json`, "utf8"));
  const collection = topojson.feature(topology, topology.objects.countries);
  for (const feature of collection.features) feature.geometry.coordinates = round(feature.geometry.coordinates);
  writeFileSync(`generator/vendor/world-atlas/countries-${scale}.geojson`, JSON.stringify(collection));
}
