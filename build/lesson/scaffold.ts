// The lesson `racecourse new` writes: a tiny but complete model, one exercise, a
// reference solution and a catalogued wrong fix, so that `racecourse check` passes
// on it from the first minute and the author edits a working example.

/** A lesson name as it appears in the file name: lower-case words joined by hyphens. */
export const LESSON_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export function scaffoldLesson(name: string, order: number): string {
  const title = name.split('-').map((w, i) => (i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ');
  return `---
title: ${title}
order: ${order}
summary: Two threads add one to a shared counter, and one of the updates is lost.
links:
  - title: Data races in the C memory model
    url: https://en.cppreference.com/w/c/language/memory_model
---

<!-- Scaffolded by \`racecourse new\`. The format is explained in docs/AUTHORING.md.
     Replace the story, the model and the exercise with your own; run
     \`racecourse check lessons/<this file>\` after every change. -->

# ${title}

Tell the story here: who found the bug, how it showed up, why it was hard to find.

Two workers each add one to \`counter\`. When the process exits it must be 2.

\`\`\`c model
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
int counter;

void increment(void);

void *worker(void *arg) {
  increment();
  return 0;
}

#pragma invariant at_exit both_counted
int both_counted(void) {
  return counter == 2;
}

int main(void) {
  pthread_t a;
  pthread_t b;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
\`\`\`

## Exercise: make the increment safe

\`\`\`c exercise=increment
void increment(void) {
  int v = counter;
  counter = v + 1;
}
\`\`\`

\`\`\`yaml check=increment
title: Make the increment safe
defines: [increment]
starter_fails: both_counted
memory: sc
max_states: 100000
hints:
  - Another worker may run between the load of \`counter\` and the store.
  - Hold \`lock\` around both.
\`\`\`

\`\`\`c solution=increment
void increment(void) {
  pthread_mutex_lock(&lock);
  int v = counter;
  counter = v + 1;
  pthread_mutex_unlock(&lock);
}
\`\`\`

\`\`\`c wrong=increment breaks=both_counted label="lock only the load"
void increment(void) {
  pthread_mutex_lock(&lock);
  int v = counter;
  pthread_mutex_unlock(&lock);
  counter = v + 1;
}
\`\`\`
`;
}
