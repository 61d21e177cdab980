// The lesson loader's public face: parse one lesson's text, load one file, load a directory.
export { parseLesson, lessonSlug, declaredInvariants, paddedUnit } from './parse.ts';
export { loadLesson, loadLessons } from './load.ts';
export { parseInfo } from './info.ts';
export { CONFIG_KEYS } from './config.ts';
export type { Block, BlockKind, Lesson, LessonLink, LessonMeta, ParseResult } from './types.ts';
export type { ExerciseConfig, ExerciseSpec, SourceUnit } from '../../runtime/exercise.ts';
