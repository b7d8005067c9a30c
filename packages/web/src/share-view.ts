/**
 * Sharing a paste: "Copy link" puts the paste (with its fits question) in the address's fragment
 * and on the clipboard, and shows the link; a page opened at such a link, or whose fragment
 * changes to one, shows that paste. Once the paste is edited, the address drops the fragment, so
 * reloading never brings back an older paste.
 */
import type { DumpView } from './dump-view.js';
import { readShareFragment, shareFragment } from './share-link.js';

/** The elements the view works in, and the paste's inputs (their edits make a link stale). */
export interface ShareViewElements {
  readonly button: HTMLButtonElement;
  /** Shows the link, to copy by hand where the clipboard is refused. */
  readonly link: HTMLInputElement;
  readonly status: HTMLElement;
  readonly input: HTMLTextAreaElement;
  readonly fits: HTMLInputElement;
  readonly force: HTMLInputElement;
}

/** Wires the view to `dump`, and shows the paste of the page's own address if it has one. */
export function startShareView(elements: ShareViewElements, dump: DumpView): void {
  const { button, link, status } = elements;
  const page = (): string => `${location.origin}${location.pathname}${location.search}`;
  const stale = (): void => {
    link.hidden = true;
    status.textContent = '';
    if (location.hash.startsWith('#dump=')) history.replaceState(null, '', page());
  };
  elements.input.addEventListener('input', stale);
  elements.force.addEventListener('change', stale);
  elements.fits.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') stale();
  });
  button.addEventListener('click', async () => {
    const paste = dump.current();
    if (paste.text.trim() === '') {
      stale();
      status.textContent = 'Paste a dump first: the link carries the paste.';
      return;
    }
    const url = `${page()}#${await shareFragment(paste)}`;
    history.replaceState(null, '', url);
    link.value = url;
    link.hidden = false;
    const what = `(${url.length} characters): whoever opens it sees this paste${paste.fits === '' ? '' : ' and its fits answer'}. The paste is in the link, after the #, which browsers never send to a server.`;
    try {
      await navigator.clipboard.writeText(url);
      status.textContent = `Link copied ${what}`;
    } catch {
      status.textContent = `Copy this link ${what}`;
      link.focus();
      link.select();
    }
  });
  const open = async (): Promise<void> => {
    const read = await readShareFragment(location.hash);
    if (read.kind === 'paste') dump.load(read.paste);
    if (read.kind === 'damaged') dump.fail(`This link's paste cannot be read: ${read.reason}.`);
  };
  window.addEventListener('hashchange', () => void open());
  void open();
}
