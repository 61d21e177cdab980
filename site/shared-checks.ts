// One check per exercise and text on a page. The exercise panel checks what the
// student typed, and lesson cells often check the very same text to draw its
// counterexample their own way (rc.check). Both ask here first, so the second
// asker waits for the first one's answer instead of running the same search
// again on another core at the same moment — which, on a two-core laptop, made
// every keystroke's check take twice as long. The checker is deterministic
// (same spec and text, same result), so sharing an answer changes nothing but
// the time. The last few answers of each exercise are kept: undoing an edit, or
// a cell re-run for another reason, is answered at once.
import type { ExerciseSpec } from '../runtime/exercise.ts';
import type { ResultView } from './protocol.ts';

/** A check's answer; undefined when it was cancelled or its worker failed (ask again). */
export type SharedAnswer = Promise<ResultView | undefined>;

/** answers kept per exercise */
export const KEEP_PER_EXERCISE = 6;

export class SharedChecks {
  // keyed by the spec object itself: a cell that changes the configuration
  // builds another spec, and so never shares an answer it should not
  private readonly bySpec = new WeakMap<ExerciseSpec, Map<string, SharedAnswer>>();

  /** The check of `text` under `spec` asked for earlier on this page (in flight or answered), if any. */
  find(spec: ExerciseSpec, text: string): SharedAnswer | undefined {
    const answers = this.bySpec.get(spec);
    const answer = answers?.get(text);
    if (answers && answer) {
      // the most recently asked for is kept longest
      answers.delete(text);
      answers.set(text, answer);
    }
    return answer;
  }

  /** Offers a check just started to later askers; one that ends without an answer is forgotten. */
  add(spec: ExerciseSpec, text: string, answer: SharedAnswer): void {
    let answers = this.bySpec.get(spec);
    if (!answers) this.bySpec.set(spec, (answers = new Map()));
    answers.delete(text);
    answers.set(text, answer);
    // Maps keep insertion order: the first key is the text asked for longest ago
    while (answers.size > KEEP_PER_EXERCISE) answers.delete(answers.keys().next().value!);
    const kept = answers;
    void answer.then((r) => {
      if (r === undefined && kept.get(text) === answer) kept.delete(text);
    });
  }
}
