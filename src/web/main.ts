// The web page: the form, the answer, the JSON tab, links that carry the inputs in the URL
// fragment, and the one optional network use (DNS-over-HTTPS after a click). Everything else
// runs here, in the browser, on the same core as the CLI.
import { DEMO_LISTING, DEMO_TARGET } from '../input/demo.js';
import { byId } from './dom.js';
import { lookUpOverHttps, DOH_SERVER } from './doh.js';
import { decodeState, describeTooLarge, linkForState } from './fragment.js';
import { addFiles, createInputsEditor } from './inputs-editor.js';
import { analyseDemo, analysePage, type DemoTexts, type PageAnswer } from './page-analysis.js';
import { emptyState, type PageState } from './page-state.js';
import { renderReport } from './render-report.js';
import { renderSources } from './sources-view.js';
import { setUpTabs, showTab } from './tabs.js';
import { copyText } from './copy.js';

/** fixtures/demo, put into the bundle by scripts/build-web.mjs */
declare const __MAILLEAK_DEMO__: DemoTexts;

const form = byId<HTMLFormElement>('form');
const target = byId<HTMLInputElement>('target');
const allow = byId<HTMLInputElement>('allow');
const options = { oif: byId<HTMLInputElement>('oif'), src: byId<HTMLInputElement>('src'), uid: byId<HTMLInputElement>('uid'), gid: byId<HTMLInputElement>('gid'), family: byId<HTMLSelectElement>('family'), mtaContainer: byId<HTMLInputElement>('mta-container'), sender: byId<HTMLInputElement>('sender') };
const message = byId('message');
let demoActive = false;
let last: PageAnswer | undefined;

const editor = createInputsEditor(byId('inputs'), () => {
  demoActive = false;
});

const list = (text: string): string[] => text.split(',').map((s) => s.trim()).filter(Boolean);

function readState(): PageState {
  return { target: target.value.trim(), allow: list(allow.value), inputs: editor.read(), oif: options.oif.value, src: options.src.value, uid: options.uid.value, gid: options.gid.value, family: options.family.value as PageState['family'], mtaContainer: list(options.mtaContainer.value), sender: options.sender.value.trim() };
}

function fillForm(state: PageState): void {
  target.value = state.target;
  allow.value = state.allow.join(', ');
  options.oif.value = state.oif;
  options.src.value = state.src;
  options.uid.value = state.uid;
  options.gid.value = state.gid;
  options.family.value = state.family;
  options.mtaContainer.value = state.mtaContainer.join(', ');
  options.sender.value = state.sender;
  editor.replace(state.inputs.length > 0 ? state.inputs : [{ name: 'paste', kind: 'paste', text: '' }]);
}

function show(answer: PageAnswer, state: PageState): void {
  last = answer;
  byId('result').hidden = false;
  const panel = byId('panel-answer');
  switch (answer.kind) {
    case 'refused':
      message.textContent = `mailleak: ${answer.message}`;
      panel.replaceChildren();
      byId('json').textContent = '';
      renderSources(byId('sources'), []);
      break;
    case 'report': {
      message.textContent = answer.unreadable === undefined ? '' : `mailleak: ${answer.unreadable}`;
      const link = renderSources(byId('sources'), state.inputs.map((i) => ({ origin: i.name, text: i.text })));
      panel.replaceChildren(renderReport(answer.report, link));
      byId('json').textContent = answer.json;
      break;
    }
  }
}

async function run(focusAnswer = false): Promise<void> {
  document.body.dataset.state = 'busy';
  byId('result').setAttribute('aria-busy', 'true');
  const state = readState();
  try {
    const answer = demoActive ? await analyseDemo(__MAILLEAK_DEMO__, state) : await analysePage(state);
    show(answer, state);
    // a keyboard or screen-reader user who pressed Explain lands on the answer
    if (focusAnswer) byId('result').focus();
    if (!demoActive) await writeLink(state);
  } catch (err) {
    // an internal error, said in one line as the CLI says it
    show({ kind: 'refused', message: `internal error: ${err instanceof Error ? err.message : String(err)}` }, state);
  } finally {
    byId('result').setAttribute('aria-busy', 'false');
    document.body.dataset.state = 'done';
  }
}

/** The inputs in the address bar, so that the address is a link to this analysis; or, when they
 *  are too large for a link, no fragment (an older one would reproduce something else) and a plain word. */
async function writeLink(state: PageState): Promise<void> {
  const link = await linkForState(state);
  const status = byId('link-status');
  switch (link.kind) {
    case 'link':
      history.replaceState(null, '', `#${link.fragment}`);
      if (status.dataset.tooLarge) status.textContent = '';
      delete status.dataset.tooLarge;
      break;
    case 'too-large':
      history.replaceState(null, '', location.href.replace(/#.*$/, ''));
      status.textContent = describeTooLarge(link.chars);
      status.dataset.tooLarge = 'true';
      break;
  }
}

async function copyLink(): Promise<void> {
  const link = await linkForState(readState());
  const status = byId('link-status');
  switch (link.kind) {
    case 'link':
      return copyText(`${location.href.replace(/#.*$/, '')}#${link.fragment}`, status);
    case 'too-large':
      status.textContent = describeTooLarge(link.chars);
      return;
  }
}

async function loadDemo(): Promise<void> {
  const demo = __MAILLEAK_DEMO__;
  fillForm({ ...emptyState(), target: DEMO_TARGET, inputs: [{ name: DEMO_LISTING, kind: 'paste', text: demo.listing }, ...demo.zones.map((z) => ({ name: z.name, kind: 'dns' as const, text: z.text }))] });
  demoActive = true;
  history.replaceState(null, '', '#demo');
  await run();
}

async function lookUpDns(): Promise<void> {
  const status = byId('doh-status');
  const state = readState();
  const domains = [state.target, ...state.allow].map((t) => t.slice(t.lastIndexOf('@') + 1)).filter(Boolean);
  if (domains.length === 0) {
    status.textContent = 'Type a domain first.';
    return;
  }
  status.textContent = `Asking ${DOH_SERVER} about ${domains.join(', ')} …`;
  try {
    const text = await lookUpOverHttps(domains);
    editor.add({ name: `DNS-over-HTTPS ${domains.join(' ')}`, kind: 'dns', text });
    demoActive = false;
    status.textContent = `Added the answers as a DNS input (${domains.join(', ')}); nothing else was sent.`;
  } catch (err) {
    status.textContent = `The lookup failed: ${err instanceof Error ? err.message : String(err)}. Paste dig answers instead.`;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void run(true);
});
for (const field of [target, allow, ...Object.values(options)]) field.addEventListener('input', () => (demoActive = false));
byId('add-input').addEventListener('click', () => {
  editor.add({ name: `input ${editor.read().length + 1}`, kind: editor.read().some((i) => i.kind === 'paste') ? 'iptables' : 'paste', text: '' });
  demoActive = false;
  [...document.querySelectorAll<HTMLTextAreaElement>('.input-text')].pop()?.focus();
});
byId<HTMLInputElement>('files').addEventListener('change', (event) => {
  const files = (event.target as HTMLInputElement).files;
  if (files) void addFiles(editor, files).then(() => (demoActive = false));
});
document.addEventListener('dragover', (event) => event.preventDefault());
document.addEventListener('drop', (event) => {
  event.preventDefault();
  if (event.dataTransfer?.files.length) void addFiles(editor, event.dataTransfer.files).then(() => (demoActive = false));
});
byId('demo').addEventListener('click', () => void loadDemo());
byId('doh').addEventListener('click', () => void lookUpDns());
byId('copy-text').addEventListener('click', () => void copyText(last?.kind === 'report' ? last.text : message.textContent ?? '', byId('copy-status')));
byId('copy-json').addEventListener('click', () => void copyText(last?.kind === 'report' ? last.json : '', byId('copy-status')));
byId('copy-link').addEventListener('click', () => void copyLink());
setUpTabs(byId('tabs'));

async function start(): Promise<void> {
  if (location.hash === '#demo') return loadDemo();
  const state = await decodeState(location.hash);
  if (state === undefined) {
    fillForm(emptyState());
    document.body.dataset.state = 'ready';
    return;
  }
  fillForm(state);
  showTab('answer');
  await run();
}

void start();
