// Copying the answer: the Clipboard API where the page may use it (https, localhost), else the
// older selection copy. When the browser allows neither (some refuse both to a page opened from
// file://), the page says so and puts the text, selected, in a box beside the buttons, so that
// Ctrl+C (or a long press on a phone) copies it. Says what happened in a status line.
import { el } from './dom.js';

export async function copyText(text: string, status: HTMLElement): Promise<void> {
  if (text === '') {
    status.textContent = 'Nothing to copy yet.';
    return;
  }
  let copied = false;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch {
    copied = copyBySelection(text);
  }
  if (copied) {
    document.getElementById(fallbackId(status))?.remove();
    status.textContent = 'Copied.';
    return;
  }
  offerSelection(text, status);
}

/** document.execCommand('copy') on an off-screen textarea: deprecated, but what file:// pages still have. */
function copyBySelection(text: string): boolean {
  const area = el('textarea', { readonly: '', class: 'offscreen', 'aria-hidden': 'true', tabindex: '-1' });
  area.value = text;
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

const fallbackId = (status: HTMLElement): string => `${status.id}-fallback`;

/** The text in a visible, labelled, read-only box, selected and focused: copying is one key away. */
function offerSelection(text: string, status: HTMLElement): void {
  const id = fallbackId(status);
  let box = document.getElementById(`${id}-text`) as HTMLTextAreaElement | null;
  if (box === null) {
    box = el('textarea', { id: `${id}-text`, readonly: '', rows: '8', spellcheck: 'false', wrap: 'off' });
    const block = el('div', { id, class: 'copy-fallback' }, el('label', { for: `${id}-text` }, 'The text to copy (selected: press Ctrl+C, or ⌘C on a Mac)'), box);
    (status.parentElement ?? status).after(block);
  }
  box.value = text;
  box.focus();
  // selected backwards, so the box shows the start of the text rather than its end
  box.setSelectionRange(0, text.length, 'backward');
  box.scrollTop = 0;
  status.textContent = 'This browser did not let the page copy (some refuse a page opened from a file). The text is selected in the box below: press Ctrl+C (⌘C) to copy it.';
}
