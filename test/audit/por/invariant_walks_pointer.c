// expect: fail not_both
// an always-invariant reads x and y through pointers; each store alone keeps it.
#pragma invariant not_both
int x; int y; int *px = &x; int *py = &y;
int not_both(void) { return !(*px == 1 && *py == 1); }
void *w(void *arg) { x = 1; x = 0; return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); y = 1; y = 0; pthread_join(h, 0); return 0; }
