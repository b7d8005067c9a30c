/** The causes of a MemoryError as a numbered list, the most explanatory first, each led by its kind. */

/** The list of `causes`, marked `testid` when given. */
export function causeList(causes: readonly { readonly kind: string; readonly summary: string }[], testid?: string): HTMLElement {
  const list = document.createElement('ol');
  list.className = 'causes';
  if (testid !== undefined) list.dataset.testid = testid;
  for (const cause of causes) {
    const item = document.createElement('li');
    const kind = document.createElement('strong');
    kind.textContent = `${cause.kind}: `;
    item.append(kind, cause.summary);
    list.append(item);
  }
  return list;
}
