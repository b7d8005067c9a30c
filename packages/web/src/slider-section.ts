/**
 * The frame of a heap at a chosen point: a range slider from 0 to `max` with its label, a
 * one-line readout that screen readers announce, and a box for the maps. The capture view picks
 * a snapshot with it, the trace view's scrubber an event.
 */

/** The section's parts, for the view to fill and wire. */
export interface SliderSection {
  readonly section: HTMLElement;
  readonly slider: HTMLInputElement;
  readonly readout: HTMLElement;
  readonly maps: HTMLElement;
}

/** A section whose slider is `${name}-input` (its id and test id) and readout `${name}-readout`, under `heading` when given. */
export function sliderSection(name: string, label: string, max: number, heading?: string): SliderSection {
  const section = document.createElement('div');
  section.className = 'scrubber';
  if (heading !== undefined) {
    const title = document.createElement('h3');
    title.textContent = heading;
    section.append(title);
  }
  const labelled = document.createElement('label');
  labelled.htmlFor = `${name}-input`;
  labelled.textContent = label;
  const slider = document.createElement('input');
  slider.type = 'range';
  slider.id = `${name}-input`;
  slider.dataset.testid = `${name}-input`;
  slider.min = '0';
  slider.max = String(max);
  slider.step = '1';
  const readout = document.createElement('p');
  readout.dataset.testid = `${name}-readout`;
  readout.setAttribute('aria-live', 'polite');
  const maps = document.createElement('div');
  section.append(labelled, slider, readout, maps);
  return { section, slider, readout, maps };
}
