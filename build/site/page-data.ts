// From a parsed lesson to what its page embeds. This is where the student build
// loses every reference solution and wrong fix: the specs are rebuilt field by
// field (an allow-list), so a field added to ExerciseSpec later stays out of the
// page until someone decides it belongs there.
import type { Block, Lesson } from '../lesson/index.ts';
import type { ExerciseSpec } from '../../runtime/exercise.ts';
import { exerciseUnitName } from '../../runtime/exercise.ts';
import type { ExerciseData } from '../../site/data.ts';
import type { FenceRole } from './info.ts';
import { renderInlineMarkdown } from './markdown.ts';

export function publicSpec(spec: ExerciseSpec, instructor: boolean): ExerciseSpec {
  const out: ExerciseSpec = {
    lesson: spec.lesson,
    name: spec.name,
    config: { ...spec.config, hints: [...spec.config.hints] },
    modelUnits: spec.modelUnits.map((u) => ({ ...u })),
    starter: spec.starter,
    hints: [...spec.hints],
  };
  if (spec.starterLine !== undefined) out.starterLine = spec.starterLine;
  if (instructor) {
    if (spec.solutions) out.solutions = spec.solutions.map((s) => ({ ...s }));
    if (spec.wrong) out.wrong = spec.wrong.map((w) => ({ ...w }));
  }
  return out;
}

export function exerciseData(lesson: Lesson, order: string[], instructor: boolean): ExerciseData[] {
  const names = [...order, ...Object.keys(lesson.exercises).filter((n) => !order.includes(n))];
  return names.flatMap((name) => {
    const spec = lesson.exercises[name];
    if (!spec) return [];
    const hints = spec.hints.length ? spec.hints : spec.config.hints;
    return [{
      name,
      title: spec.config.title ?? name,
      spec: publicSpec(spec, instructor),
      unitName: exerciseUnitName(spec),
      hintsHtml: hints.map((h) => renderInlineMarkdown(h, lesson.file)),
    }];
  });
}

/** The parser's block kinds as the renderer's roles, keyed by opening-fence line. */
export function rolesOf(blocks: Block[]): Map<number, FenceRole> {
  const roles = new Map<number, FenceRole>();
  for (const b of blocks) {
    switch (b.kind) {
      case 'prose': break;
      case 'js': roles.set(b.fence, { role: 'cell', echo: b.echo }); break;
      case 'code': roles.set(b.fence, { role: 'static', lang: b.lang }); break;
      case 'model': roles.set(b.fence, { role: 'model', unit: b.model }); break;
      case 'exercise': roles.set(b.fence, { role: 'exercise', exercise: b.exercise }); break;
      case 'solution': roles.set(b.fence, { role: 'solution', exercise: b.exercise }); break;
      case 'wrong': roles.set(b.fence, { role: 'wrong', exercise: b.exercise, breaks: b.breaks, label: b.label }); break;
      case 'check': roles.set(b.fence, { role: 'check', exercise: b.exercise }); break;
    }
  }
  return roles;
}
