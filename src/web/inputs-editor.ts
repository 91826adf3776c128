// The inputs part of the form: one block per input (its name, how to read it, its text), added
// by a button, by opening files or by dropping them on the page. A dropped `mailleak collect`
// bundle, or a first text of unknown kind, is read as the paste.
import { looksLikeBundle } from '../input/bundle-format.js';
import { el } from './dom.js';
import { INPUT_KINDS, type PageInput, type PageInputKind } from './page-state.js';

export interface InputsEditor {
  read(): PageInput[];
  replace(inputs: PageInput[]): void;
  add(input: PageInput): void;
}

let counter = 0;

function inputBlock(input: PageInput, onChange: () => void, onRemove: (block: HTMLElement) => void): HTMLElement {
  const id = `input-${++counter}`;
  const name = el('input', { id: `${id}-name`, type: 'text', class: 'input-name', autocomplete: 'off', spellcheck: 'false' });
  name.value = input.name;
  const kind = el('select', { id: `${id}-kind`, class: 'input-kind' }, ...INPUT_KINDS.map((k) => el('option', { value: k.kind }, k.flag ? `${k.label} — like ${k.flag}` : k.label)));
  kind.value = input.kind;
  const text = el('textarea', { id: `${id}-text`, class: 'input-text', rows: '10', spellcheck: 'false', autocomplete: 'off', wrap: 'off' });
  text.value = input.text;
  const remove = el('button', { type: 'button', class: 'remove' }, 'Remove this input');
  const block = el(
    'div',
    { class: 'input-block', role: 'group', 'aria-labelledby': `${id}-legend` },
    el('p', { id: `${id}-legend`, class: 'input-legend' }, `Input ${counter}`),
    el('div', { class: 'row' }, el('label', { for: `${id}-name` }, 'Name (shown as its origin)'), name),
    el('div', { class: 'row' }, el('label', { for: `${id}-kind` }, 'Read as'), kind),
    el('label', { for: `${id}-text` }, 'Text'),
    text,
    remove,
  );
  for (const field of [name, kind, text]) field.addEventListener('input', onChange);
  remove.addEventListener('click', () => onRemove(block));
  return block;
}

function readBlock(block: Element): PageInput {
  return {
    name: (block.querySelector('.input-name') as HTMLInputElement).value,
    kind: (block.querySelector('.input-kind') as HTMLSelectElement).value as PageInputKind,
    text: (block.querySelector('.input-text') as HTMLTextAreaElement).value,
  };
}

export function createInputsEditor(container: HTMLElement, onChange: () => void): InputsEditor {
  const remove = (block: HTMLElement): void => {
    block.remove();
    onChange();
    (container.querySelector('textarea') ?? document.getElementById('add-input'))?.focus();
  };
  const add = (input: PageInput): void => {
    container.append(inputBlock(input, onChange, remove));
  };
  return {
    read: () => [...container.querySelectorAll('.input-block')].map(readBlock),
    replace: (inputs) => {
      container.replaceChildren();
      for (const input of inputs) add(input);
    },
    add,
  };
}

/** How a dropped or opened file is read at first: the paste when it is a bundle or when there is no paste yet. */
export function guessKind(name: string, text: string, hasPaste: boolean): PageInputKind {
  if (looksLikeBundle(text)) return 'paste';
  if (/(^|\/)main\.cf$/.test(name)) return 'postfix-config';
  if (/(^|\/)master\.cf$/.test(name)) return 'file';
  if (/\.zone$/.test(name)) return 'dns';
  if (/\.nft$/.test(name)) return 'nft';
  return hasPaste ? 'file' : 'paste';
}

/** Files opened or dropped become inputs named by their file names (an empty paste area gives way to them). */
export async function addFiles(editor: InputsEditor, files: FileList | File[]): Promise<void> {
  const current = editor.read();
  const kept = current.filter((i) => !(i.kind === 'paste' && i.text.trim() === ''));
  if (kept.length !== current.length) editor.replace(kept);
  for (const file of [...files]) {
    const text = await file.text();
    const hasPaste = editor.read().some((i) => i.kind === 'paste');
    editor.add({ name: file.name, kind: guessKind(file.name, text, hasPaste), text });
  }
}
