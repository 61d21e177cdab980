// Fence info strings: ```c wrong=fork_wrapper breaks=deadlock label="unlock only in the parent"
// A language word, then words that are flags (`model`, `echo`) or key=value pairs
// whose value may be quoted with " or '.

export interface InfoAttr {
  name: string;
  /** undefined for a bare flag */
  value?: string;
  /** offset of the attribute in the info string */
  offset: number;
}

export interface InfoString {
  lang: string;
  attrs: InfoAttr[];
  /** a syntax problem and where in the info string it is */
  error?: { offset: number; message: string };
}

const NAME = /[A-Za-z_][\w-]*/y;

export function parseInfo(info: string): InfoString {
  let i = 0;
  const skipSpace = () => { while (i < info.length && /\s/.test(info[i]!)) i++; };
  skipSpace();
  const langStart = i;
  while (i < info.length && !/\s/.test(info[i]!)) i++;
  const lang = info.slice(langStart, i);
  const attrs: InfoAttr[] = [];
  for (;;) {
    skipSpace();
    if (i >= info.length) break;
    const offset = i;
    NAME.lastIndex = i;
    const m = NAME.exec(info);
    if (!m) return { lang, attrs, error: { offset, message: `unexpected '${info[i]}' in the info string; expected a word or name=value` } };
    i = NAME.lastIndex;
    const name = m[0];
    if (info[i] !== '=') {
      if (i < info.length && !/\s/.test(info[i]!)) {
        return { lang, attrs, error: { offset: i, message: `unexpected '${info[i]}' after '${name}' in the info string` } };
      }
      attrs.push({ name, offset });
      continue;
    }
    i++;
    let value = '';
    const quote = info[i];
    if (quote === '"' || quote === "'") {
      const close = info.indexOf(quote, i + 1);
      if (close < 0) return { lang, attrs, error: { offset: i, message: `the quoted value of '${name}' is never closed` } };
      value = info.slice(i + 1, close);
      i = close + 1;
    } else {
      const start = i;
      while (i < info.length && !/\s/.test(info[i]!)) i++;
      value = info.slice(start, i);
    }
    if (value === '') return { lang, attrs, error: { offset, message: `'${name}=' needs a value` } };
    attrs.push({ name, value, offset });
  }
  return { lang, attrs };
}
