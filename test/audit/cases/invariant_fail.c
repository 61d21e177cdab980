// A transfer that is not atomic breaks the sum invariant between its two stores.
#pragma invariant conserved
int a = 10; int b = 0;
int conserved(void) { return a + b == 10; }
void *move(void *arg) { a = a - 1; b = b + 1; return 0; }
int main(void) {
  pthread_t t; pthread_create(&t, 0, move, 0); pthread_join(t, 0);
  return 0;
}
