// Share URLs for counterexamples: `#ex=NAME&s=SCHEDULE`. Opening one scrolls to
// the exercise and replays the schedule in the step-through. A schedule is the
// checker's compact string (runtime/check's encodeSchedule), URL-safe already.

export interface SharedRun {
  exercise: string;
  schedule: string;
}

export function readShare(hash: string): SharedRun | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const exercise = params.get('ex');
  const schedule = params.get('s');
  if (!exercise || schedule === null) return undefined;
  return { exercise, schedule };
}

export function shareUrl(location: { href: string }, run: SharedRun): string {
  const base = location.href.replace(/#.*$/, '');
  return `${base}#ex=${encodeURIComponent(run.exercise)}&s=${encodeURIComponent(run.schedule)}`;
}
