/** A list of facts: each a term and its value, as the paste and capture views show their statistics. */

/** The facts `rows` (term, value) as a `dl` marked `testid`. */
export function factsList(testid: string, rows: readonly (readonly [string, string])[]): HTMLElement {
  const list = document.createElement('dl');
  list.className = 'facts';
  list.dataset.testid = testid;
  for (const [term, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    list.append(dt, dd);
  }
  return list;
}
