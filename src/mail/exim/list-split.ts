// Exim list syntax (spec "List construction"): items separated by `:` unless a leading `<X`
// changes the separator; a doubled separator is a literal one (`::::1` is `::1`); whitespace
// around items is ignored; a trailing empty item is dropped, so `:` alone is one empty item.

export function readListSeparator(text: string): { separator: string; body: string } {
  const t = text.trim();
  const m = /^<\s*([^\w\s])/.exec(t);
  if (m) return { separator: m[1]!, body: t.slice(m[0].length) };
  return { separator: ':', body: t };
}

export function splitList(text: string): string[] {
  const { separator, body } = readListSeparator(text);
  if (body.trim() === '') return [];
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== separator) {
      current += c;
      continue;
    }
    if (body[i + 1] === separator) {
      current += separator;
      i++;
      continue;
    }
    items.push(current.trim());
    current = '';
  }
  items.push(current.trim());
  if (items.length > 1 && items[items.length - 1] === '') items.pop();
  return items;
}

/** Splits a leading `!` (with optional spaces) off a list item (spec "Negated items in lists"). */
export function readNegation(item: string): { negated: boolean; item: string } {
  const m = /^!\s*(.*)$/s.exec(item);
  return m ? { negated: true, item: m[1]!.trim() } : { negated: false, item };
}
