// The inputs line by line, so each evidence line, traced rule and "read as" line of the report
// links to the line it names. A link is a button-like anchor: following it shows the line,
// marks it and moves the focus there (the URL fragment is the page's state, so it is not changed).
import { el } from './dom.js';
import type { LineLinker } from './render-report.js';

export interface SourceText {
  origin: string;
  text: string;
}

/** Fills CONTAINER with numbered lines per input and returns the linker for the report. */
export function renderSources(container: HTMLElement, sources: SourceText[]): LineLinker {
  container.replaceChildren();
  const ids = new Map<string, number>();
  sources.forEach((source, index) => {
    if (ids.has(source.origin)) return;
    ids.set(source.origin, index);
    const lines = source.text.replace(/\n$/, '').split('\n');
    const list = el('ol', { class: 'source', 'aria-label': `lines of ${source.origin}` }, ...lines.map((line, i) => el('li', { id: lineId(index, i + 1), tabindex: '-1' }, line === '' ? ' ' : line)));
    container.append(el('details', { class: 'source-box', id: `src-${index}` }, el('summary', {}, `${source.origin} (${lines.length} line${lines.length === 1 ? '' : 's'})`), el('div', { class: 'scroll' }, list)));
  });
  return (origin, line, text) => {
    const index = ids.get(origin);
    if (index === undefined || line === undefined) return el('span', {}, text);
    const link = el('a', { href: `#${lineId(index, line)}`, class: 'line-link', 'data-origin': origin, 'data-line': String(line) }, text);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      showLine(index, line);
    });
    return link;
  };
}

function lineId(index: number, line: number): string {
  return `src-${index}-L${line}`;
}

function showLine(index: number, line: number): void {
  const box = document.getElementById(`src-${index}`) as HTMLDetailsElement | null;
  const target = document.getElementById(lineId(index, line));
  if (!box || !target) return;
  box.open = true;
  for (const old of document.querySelectorAll('.source li.marked')) old.classList.remove('marked');
  target.classList.add('marked');
  target.scrollIntoView({ block: 'center' });
  target.focus();
}
