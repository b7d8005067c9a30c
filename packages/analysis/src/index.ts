/**
 * @heaplab/analysis: what a replay means. Why a request failed, which objects stood in the
 * way, what pattern led there and which changes would have avoided it (each proven by replay), a probe capture's snapshots read as a series, what a
 * pasted dump shows, and a failing event stream cut down to a minimal reproducer; and the pictures of it that `heaplab report`
 * and the web page both draw (SVG markup from data, no DOM). It reads only what the engine gives (`@heaplab/core`): no
 * streams, no trace formats.
 */

// Why a request failed
export { explainFailure } from './explain/explain-failure.js';
export type { AreaFigures, Blocker, FailureExplanation } from './explain/explain-failure.js';
export { blockingObjects } from './explain/blocking-objects.js';
export type { BlockingWindow } from './explain/blocking-objects.js';
export { explainedFailure, firstFailure } from './explain/first-failure.js';
export { renderFailure } from './explain/render-failure.js';
export type { ExplainedFailure } from './explain/first-failure.js';

// Why a run failed, as patterns: the causes of its first failed request
export { diagnoseFailure, diagnoseFirstFailure, diagnoseRecording } from './diagnosis/diagnose-failure.js';
export { FailureRecorder, type Recording } from './diagnosis/recording.js';
export { MarkCursor } from './diagnosis/marks.js';
export { causesJson } from './diagnosis/causes-json.js';
export type {
  AccumulationEvidence,
  AccumulationHolder,
  Cause,
  CauseKind,
  DiagnoseOptions,
  DiagnosedFailure,
  DiagnosedObject,
  Diagnosis,
  EvidencePoints,
  GrowingRequestEvidence,
  HeapTooSmallEvidence,
  PinningEvidence,
  RequestPoints,
  RequestSeriesPoints,
  TransientPeakEvidence,
  TrendLine,
} from './diagnosis/diagnosis.js';
export type { DiagnosisMark } from './diagnosis/marks.js';

// What would have avoided it: remedies, each proven by replaying the changed events
export { proposeRemedies } from './remedies/propose-remedies.js';
export { tryPolicies, type PolicyTrialOptions } from './remedies/other-policy.js';
export { REMEDY_KINDS } from './remedies/remedy.js';
export type {
  AllocateEarlyChange,
  BoundAccumulationChange,
  CapGrowthChange,
  CollectBeforeChange,
  LargerHeapChange,
  MovedObject,
  PolicyAsk,
  PolicyChange,
  PolicyTrial,
  PreallocateChange,
  Remedy,
  RemedyCheck,
  RemedyKind,
  RemedyOptions,
  RemedySource,
  ThresholdChange,
  UncheckedRemedy,
} from './remedies/remedy.js';

// Probe captures: mem_info(1) snapshots over time
export { ingestCapture, memoryErrorCount } from './ingest/ingest-capture.js';
export type { IngestCut, IngestDamage, IngestFailure, IngestReport, IngestSnapshot, SnapshotChange } from './ingest/ingest-capture.js';
export type {
  NotShown,
  SnapshotAccumulationEvidence,
  SnapshotCause,
  SnapshotDiagnosis,
  SnapshotGrowingRequestEvidence,
  SnapshotHeapTooSmallEvidence,
  SnapshotPin,
  SnapshotPinningEvidence,
} from './ingest/causes/snapshot-causes.js';
export { renderSnapshotFailure } from './ingest/render-snapshot-failure.js';
export { extractSnapshots } from './ingest/extract-snapshots.js';
export type { CaptureCut, CapturedMark, CapturedSnapshot, DamagedMark, DamagedSnapshot, ExtractedCapture } from './ingest/extract-snapshots.js';
export type { FreeRunChange, RunPlace } from './ingest/free-run-changes.js';
export type { FailureVerdict, SnapshotBlocker, SnapshotExplanation, SnapshotFailure } from './ingest/memory-error-analysis.js';
export type { ReadSnapshot, SeriesArea, SeriesMark, SeriesPoint } from './ingest/snapshot-series.js';
export type { MarkMarker, SnapshotMarker } from './ingest/snapshot-marker.js';

// A pasted mem_info(1) dump: what it shows, and whether a request would fit (heaplab inspect)
export { inspectDump } from './inspect/inspect-dump.js';
export type { InspectReport } from './inspect/inspect-dump.js';
export { inspectJson } from './inspect/inspect-json.js';
export { probeFits } from './inspect/fits.js';
export type { FitsAllocation, FitsProbe, FitsSteps, FitsTrust } from './inspect/fits.js';
export { areaTrusted, mapDoubt } from './inspect/trust.js';
export type { MapDoubt, MapDoubtKind } from './inspect/trust.js';
export { lineRanges } from './inspect/line-ranges.js';

// The --json output's envelope, shared by every command that prints one (and the web page)
export { jsonLine, JSON_OUTPUT_VERSION } from './output/json-line.js';
// A heap's size as every output writes it
export { heapSize } from './output/heap-size.js';
// Text from a device (a label, a message) made safe to print as it is
export { visibleText } from './output/visible-text.js';

// A heap state as the map the page and heaplab report draw, and how a cell of it is coloured
export { stateMaps } from './heap-map/area-maps.js';
export type { AreaMap, MarkedObject } from './heap-map/area-maps.js';
export { cellPaint, MAP_COLOURS } from './heap-map/cell-paint.js';
export type { CellPaint } from './heap-map/cell-paint.js';
export { MAP_COLUMNS, mapGrid, mapLayout } from './heap-map/map-layout.js';
export type { MapCell, MapGrid, MapLayout } from './heap-map/map-layout.js';

// The heap over time as the least and the most of every event per bucket (the page's chart and the report's)
export { coarsened, columnsOf, heapSeries } from './heap-series/heap-series.js';
export { HeapSeriesBuilder, MAX_BUCKETS } from './heap-series/heap-series-builder.js';
export type { HeapGauge } from './heap-series/heap-series-builder.js';
export type { HeapSeries, SeriesRange } from './heap-series/heap-series-types.js';
export { HEAP_MEASURES } from './heap-series/heap-measures.js';
export { heapSeriesJson, heapSeriesOfJson } from './heap-series/heap-series-json.js';
export type { HeapSeriesJson, SeriesRangeJson } from './heap-series/heap-series-json.js';

// Pictures drawn the same way by heaplab report and the web page: SVG markup from data
export { escapeMarkup } from './draw/escape-markup.js';
export { niceTicks, tickStep } from './draw/nice-ticks.js';
export { thinPoints } from './draw/thin-points.js';
export type { ChartPoint } from './draw/thin-points.js';
export { CHART_WIDTH, evidenceChartSvg, PLOT_WIDTH } from './draw/evidence-chart.js';
export type { EvidenceChart } from './draw/evidence-chart.js';
export { diagnosisFigures } from './draw/diagnosis-figures.js';
export type { EvidenceFigure } from './draw/diagnosis-figures.js';

// One event stream under several strategies and heap layouts (heaplab compare, the web page)
export { cellConfig, defaultStrategies, runCell } from './compare/compare-cell.js';
export { formatAreaList } from './compare/area-list-name.js';
export type { CellResult, CompareCell, CompareHeap, FailureFit } from './compare/compare-cell.js';
export { aggregateCell, bySurvival, spread } from './compare/compare-rows.js';
export type { CompareRow, Spread } from './compare/compare-rows.js';
export { compareTable } from './compare/compare-table.js';
export type { CompareTable } from './compare/compare-table.js';

// Minimal reproducers
export { minimizeFailure } from './minimize/minimize-failure.js';
export type { Minimized, MinimizeMethod } from './minimize/minimize-failure.js';
export { ddmin } from './minimize/ddmin.js';
export type { DdminOptions, DdminResult } from './minimize/ddmin.js';
