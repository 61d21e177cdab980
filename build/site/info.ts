// The info string of a fenced block (```c wrong=fork breaks=deadlock label="…")
// read as a language plus attributes, and the block's role on the page. The
// lesson parser (build/lesson) validates these; the renderer only needs to know
// what to show and, above all, what never to show in the student build.

export interface FenceInfo {
  lang: string;
  attrs: Record<string, string | true>;
}

export type FenceRole =
  | { role: 'cell'; echo: boolean }
  | { role: 'static'; lang: string }
  | { role: 'model'; unit: string }
  | { role: 'exercise'; exercise: string }
  | { role: 'solution'; exercise: string }
  | { role: 'wrong'; exercise: string; breaks: string; label: string }
  | { role: 'check'; exercise: string };

export function parseInfo(info: string): FenceInfo {
  const text = info.trim();
  const m = /^\S*/.exec(text);
  const lang = m ? m[0] : '';
  const attrs: Record<string, string | true> = {};
  const re = /([A-Za-z_][\w-]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S+))?/g;
  const rest = text.slice(lang.length);
  for (let a = re.exec(rest); a; a = re.exec(rest)) {
    const [, key, raw] = a;
    if (raw === undefined) attrs[key!] = true;
    else if (raw.startsWith('"')) attrs[key!] = raw.slice(1, -1).replace(/\\(.)/g, '$1');
    else if (raw.startsWith("'")) attrs[key!] = raw.slice(1, -1);
    else attrs[key!] = raw;
  }
  return { lang, attrs };
}

function str(v: string | true | undefined, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

export function fenceRole(info: string): FenceRole {
  const { lang, attrs } = parseInfo(info);
  if (lang === 'js' || lang === 'javascript') return { role: 'cell', echo: attrs.echo === true };
  if (lang === 'yaml' && attrs.check !== undefined) return { role: 'check', exercise: str(attrs.check, '') };
  if (lang === 'c') {
    if (attrs.solution !== undefined) return { role: 'solution', exercise: str(attrs.solution, '') };
    if (attrs.wrong !== undefined) return { role: 'wrong', exercise: str(attrs.wrong, ''), breaks: str(attrs.breaks, ''), label: str(attrs.label, '') };
    if (attrs.exercise !== undefined) return { role: 'exercise', exercise: str(attrs.exercise, '') };
    if (attrs.model !== undefined) return { role: 'model', unit: str(attrs.model, 'default') };
  }
  return { role: 'static', lang };
}
