// assume in a thread, directly followed by an assert on the same local.
int done;
void *w(void *arg) { int x = nondet(0, 1); assume(x == 0); assert(x == 0); done = 1; return 0; }
int main(void) {
  pthread_t t; pthread_create(&t, 0, w, 0); pthread_join(t, 0);
  return 0;
}
