// What the browser keeps for a student: the text of each exercise and whether it
// passed, per lesson, in localStorage. Every access is guarded: private modes and
// full quotas must not break the page, only forget.

const PREFIX = 'racecourse:';

function get(key: string): string | null {
  try { return localStorage.getItem(PREFIX + key); } catch { return null; }
}

function set(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, value);
  } catch { /* storage unavailable: the page works, it just cannot remember */ }
}

export function savedText(lesson: string, exercise: string): string | null {
  return get(`${lesson}:${exercise}:text`);
}

export function saveText(lesson: string, exercise: string, text: string | null): void {
  set(`${lesson}:${exercise}:text`, text);
}

export function hasPassed(lesson: string, exercise: string): boolean {
  return get(`${lesson}:${exercise}:passed`) === '1';
}

export function setPassed(lesson: string, exercise: string, passed: boolean): void {
  set(`${lesson}:${exercise}:passed`, passed ? '1' : null);
}

export function savedTheme(): string | null {
  return get('theme');
}

export function saveTheme(theme: string): void {
  set('theme', theme);
}
