// parseLesson: a lesson's Markdown → a Lesson (meta, blocks in page order, model
// units, exercises) or file:line:col diagnostics saying what is wrong.

import type { Diagnostic } from '../../runtime/diagnostics.ts';
import type { ExerciseConfig, ExerciseSpec, SourceUnit } from '../../runtime/exercise.ts';
import { splitBlocks } from './blocks.ts';
import { knownProperties, parseCheckConfig, type ConfigContext } from './config.ts';
import { findFrontMatter, parseFrontMatter } from './frontmatter.ts';
import { didYouMean } from './suggest.ts';
import type { Block, LessonMeta, ParseResult } from './types.ts';

/** `lessons/04-atfork-deadlock.md` → `atfork-deadlock` */
export function lessonSlug(file: string): string {
  const base = file.replace(/\\/g, '/').split('/').pop()!.replace(/\.md$/i, '');
  return base.replace(/^\d+[-_]/, '') || base;
}

/** Invariant property names a model declares: `#pragma invariant [at_exit] NAME`. */
export function declaredInvariants(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*#[ \t]*pragma[ \t]+invariant[ \t]+(?:at_exit[ \t]+)?([A-Za-z_]\w*)/gm)) out.add(m[1]!);
  return out;
}

/**
 * Concatenates blocks into one unit whose every line sits on the same line number
 * as in the lesson file, so compiler messages and traces point into the .md.
 */
export function paddedUnit(blocks: { line: number; text: string }[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    while (out.length < b.line - 1) out.push('');
    out.push(...b.text.split('\n'));
  }
  return out.join('\n') + '\n';
}

type Of<K extends Block['kind']> = Extract<Block, { kind: K }>;

export function parseLesson(text: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const error = (line: number, column: number, message: string) =>
    diagnostics.push({ severity: 'error', file, line, column, message });
  const warn = (line: number, column: number, message: string) =>
    diagnostics.push({ severity: 'warning', file, line, column, message });

  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');

  // Front matter; its lines are blanked so markdown-it does not read --- as a rule.
  let meta: LessonMeta | undefined;
  let bodyStart = 0;
  const fm = findFrontMatter(lines);
  if (fm === undefined) error(1, 1, 'a lesson starts with front matter: a --- line, title, order and summary, then a --- line');
  else if (fm === 'unclosed') error(1, 1, 'the front matter is never closed: add a --- line after it');
  else {
    const r = parseFrontMatter(fm.yaml, file, fm.firstLine);
    diagnostics.push(...r.diagnostics);
    meta = r.meta;
    bodyStart = fm.endLine;
  }
  const body = lines.map((l, i) => (i < bodyStart ? '' : l));

  const split = splitBlocks(body, bodyStart, file);
  diagnostics.push(...split.diagnostics);
  const blocks = split.blocks;
  const of = <K extends Block['kind']>(kind: K) => blocks.filter((b): b is Of<K> => b.kind === kind);

  // Models: blocks with the same name, concatenated in page order.
  const modelBlocks = new Map<string, Of<'model'>[]>();
  for (const b of of('model')) modelBlocks.set(b.model, [...(modelBlocks.get(b.model) ?? []), b]);
  const models: Record<string, SourceUnit> = {};
  const ctx: ConfigContext = { models: new Map() };
  for (const [name, list] of modelBlocks) {
    models[name] = { name: file, text: paddedUnit(list) };
    ctx.models.set(name, declaredInvariants(models[name].text));
  }

  // Exercises: one starter and one check each; solutions and wrong fixes refer to them.
  const starters = new Map<string, Of<'exercise'>>();
  for (const b of of('exercise')) {
    const prev = starters.get(b.exercise);
    if (prev) error(b.fence, 1, `exercise '${b.exercise}' already has a starter at line ${prev.fence}`);
    else starters.set(b.exercise, b);
  }
  const checks = new Map<string, Of<'check'>>();
  for (const b of of('check')) {
    const prev = checks.get(b.exercise);
    if (prev) error(b.fence, 1, `exercise '${b.exercise}' already has a check configuration at line ${prev.fence}`);
    else if (!starters.has(b.exercise)) error(b.fence, 1, `check for '${b.exercise}', but there is no \`\`\`c exercise=${b.exercise} block${didYouMean(b.exercise, starters.keys())}`);
    else checks.set(b.exercise, b);
  }
  for (const b of [...of('solution'), ...of('wrong')]) {
    if (!starters.has(b.exercise)) {
      error(b.fence, 1, `${b.kind === 'wrong' ? 'wrong fix' : 'solution'} for '${b.exercise}', but there is no \`\`\`c exercise=${b.exercise} block${didYouMean(b.exercise, starters.keys())}`);
    }
  }

  const exercises: Record<string, ExerciseSpec> = {};
  const slug = lessonSlug(file);
  for (const [name, starter] of starters) {
    const check = checks.get(name);
    if (!check) {
      error(starter.fence, 1, `exercise '${name}' has no check configuration: add a \`\`\`yaml check=${name} block`);
      continue;
    }
    const r = parseCheckConfig(check.text, file, check.line, name, ctx);
    diagnostics.push(...r.diagnostics);
    if (!r.config) continue;
    const config: ExerciseConfig = r.config;
    const solutions = of('solution').filter((b) => b.exercise === name);
    const wrong = of('wrong').filter((b) => b.exercise === name);
    if (solutions.length === 0) warn(starter.fence, 1, `exercise '${name}' has no reference solution (\`\`\`c solution=${name}), so 'racecourse check' cannot prove it solvable`);
    const props = config.properties ?? knownProperties(ctx, config.model);
    const labels = new Map<string, number>();
    for (const w of wrong) {
      const col = lines[w.fence - 1]!.indexOf('breaks=') + 1;
      if (!props.includes(w.breaks)) {
        error(w.fence, col, `wrong fix breaks '${w.breaks}', which this exercise does not check${didYouMean(w.breaks, props)}; it checks: ${props.join(', ')}`);
      }
      const label = w.label || `wrong fix at line ${w.fence}`;
      if (labels.has(label)) error(w.fence, 1, `two wrong fixes of '${name}' are labelled '${label}' (the other at line ${labels.get(label)})`);
      labels.set(label, w.fence);
    }
    const model = models[config.model];
    if (!model) continue; // reported by the config parser
    exercises[name] = {
      lesson: slug,
      name,
      config,
      modelUnits: [model],
      starter: starter.text,
      starterLine: starter.line,
      solutions: solutions.map((b) => ({ text: b.text, line: b.line })),
      wrong: wrong.map((b) => ({ text: b.text, line: b.line, breaks: b.breaks, label: b.label || `wrong fix at line ${b.fence}` })),
      hints: [...config.hints],
    };
  }

  if (!meta || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { lesson: { file, slug, meta, blocks, models, exercises }, diagnostics };
}
