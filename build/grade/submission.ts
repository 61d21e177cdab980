// Submission files (raw editor text or the editor's download): the decoding lives
// in runtime/exercise.ts so the browser's Download button writes exactly what the
// grader and the exported checkers read.
export { decodeSubmission, downloadHeader, type Decoded } from '../../runtime/exercise.ts';
