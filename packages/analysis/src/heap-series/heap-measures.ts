/** The measures of a heap series, in `columnsOf`'s order, with the colours the page's chart and the report's both draw them in. */
export const HEAP_MEASURES = [
  { label: 'free bytes', colour: '#1a7f37' },
  { label: 'longest free run', colour: '#0969da' },
  { label: 'live bytes', colour: '#8250df' },
] as const;
