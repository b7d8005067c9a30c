/**
 * The web page's chart over the events, as `heaplab report` inlines it: packages/web builds it
 * alone (its vite.report.config.ts) into report-chart/ of the page's build, found where `heaplab
 * serve` finds the page (the repository's build, else the copy an installed CLI's package carries).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeapInputError } from '@heaplab/core';
import { cliPackageRoot, findWebBuild, noWebBuild } from '../serve/web-page.js';

/** The chart's script (it defines `heaplabReportChart.mount`) and its style (uPlot's and the figure's). */
export interface ReportChart {
  readonly script: string;
  readonly style: string;
}

const SCRIPT = join('report-chart', 'report-chart.js');
const STYLE = join('report-chart', 'report-chart.css');

/** Buckets of the series a report embeds: the widest its plot gets, in pixel columns (its maps' width). */
export const REPORT_SERIES_BUCKETS = 760;

/** The chart to inline, for the CLI package at `cliRoot`; without it, a HeapInputError that says where it looked and how to get it. */
export function reportChart(cliRoot: string = cliPackageRoot()): ReportChart {
  const dir = findWebBuild(SCRIPT, cliRoot);
  if (dir === null) throw new HeapInputError(`the report's chart is not built: ${noWebBuild(SCRIPT, cliRoot)}`);
  // Inside a <script> element nothing may close it or open a comment: each escape means the same in a string, a template or a regular expression.
  const script = readFileSync(join(dir, SCRIPT), 'utf8')
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\x21--');
  return { script, style: readFileSync(join(dir, STYLE), 'utf8') };
}
