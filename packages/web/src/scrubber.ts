/**
 * The time scrubber: a slider over the replay's events (the arrow keys step one event, Page Up
 * and Page Down a tenth of the trace, Home and End to its ends) and the heap map after the event
 * it points at. The worker keeps the replay and makes each state; one request is in flight at a
 * time, and a drag faster than that asks for the latest position only.
 */
import { heapMapView, type HeapMapView } from './heap-map.js';
import { sliderSection } from './slider-section.js';
import type { ReplayRequest, StateFrame } from './trace-messages.js';

/** The scrubber, and where the worker's frames go. */
export interface Scrubber {
  readonly element: HTMLElement;
  /** Shows a frame the worker made. */
  show(frame: StateFrame): void;
  /** Moves to `event`, as a drag there would. */
  go(event: number): void;
}

/** A scrubber over `events` events, starting at `start`; `ask` sends a request to the worker; `shown` is told each event drawn. */
export function scrubber(
  events: number,
  start: number,
  ask: (request: ReplayRequest) => void,
  tooltip: HTMLElement,
  shown: (event: number) => void = () => {},
): Scrubber {
  const { section, slider, readout, maps } = sliderSection(
    'scrub',
    'Event (arrow keys: one event; Page Up and Page Down: a tenth):',
    events,
    'The heap at any event',
  );
  slider.value = String(start);

  const views: HeapMapView[] = [];
  let inFlight = false;
  let wanted = start;
  const request = (): void => {
    if (inFlight) return;
    inFlight = true;
    ask({ kind: 'at', event: wanted });
  };
  slider.addEventListener('input', () => {
    wanted = Number(slider.value);
    request();
  });
  slider.addEventListener('keydown', (event) => {
    const tenth = Math.max(1, Math.round(events / 10));
    const by: Record<string, number> = { PageUp: tenth, PageDown: -tenth };
    if (by[event.key] === undefined) return;
    event.preventDefault();
    slider.value = String(Math.max(0, Math.min(events, Number(slider.value) + by[event.key]!)));
    slider.dispatchEvent(new Event('input'));
  });
  request();
  return {
    element: section,
    show(frame) {
      inFlight = false;
      readout.textContent = `after event ${frame.event}${frame.line > 0 ? ` (trace line ${frame.line})` : ''} of ${events}: ${frame.facts}`;
      slider.setAttribute('aria-valuetext', `after event ${frame.event} of ${events}`);
      frame.maps.forEach((map, i) => {
        const view = views[i];
        if (view !== undefined) view.set(map);
        else {
          const made = heapMapView(map, tooltip);
          views.push(made);
          maps.append(made.element);
        }
      });
      shown(frame.event);
      if (frame.event !== wanted) request();
    },
    go(event) {
      slider.value = String(event);
      slider.dispatchEvent(new Event('input'));
    },
  };
}
