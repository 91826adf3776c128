// Copying the answer: the Clipboard API where the page may use it (https, localhost), else the
// older selection copy, which also works from file://. Says what happened in a status line.

export async function copyText(text: string, status: HTMLElement): Promise<void> {
  if (text === '') {
    status.textContent = 'Nothing to copy yet.';
    return;
  }
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = 'Copied.';
    return;
  } catch {
    // not allowed here: fall back to a selection
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  status.textContent = copied ? 'Copied.' : 'The browser did not allow copying; select the text and copy it yourself.';
}
