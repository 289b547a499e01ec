/**
 * The page's npm dependencies, pinned to a major version in one place so every component
 * imports the same copy (the bundler then includes each package once). Only the Chart.js parts
 * the page draws are re-exported: registering fewer controllers keeps the bundle small. The
 * world map's shapes (world-atlas) and country numbers (i18n-iso-countries) are bundled too: the
 * page fetches nothing but its own server.
 */

export { Component, type ComponentChildren, render } from "npm:preact@10";
export {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
} from "npm:preact@10/hooks";
export {
  ArcElement,
  Chart,
  type ChartConfiguration,
  DoughnutController,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "npm:chart.js@4";
export {
  ChoroplethController,
  ColorScale,
  GeoFeature,
  ProjectionScale,
  topojson,
} from "npm:chartjs-chart-geo@4";
