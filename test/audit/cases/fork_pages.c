// A writer updates a (page 1) then b (page 2) while main forks. Atomic fork: the child's
// copy is a snapshot, so b == 1 implies a == 1. Per-page fork can copy a's page first.
#pragma page_size 8
int a;
#pragma new_page
int b;
void *writer(void *arg) { a = 1; b = 1; return 0; }
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  int pid = fork();
  if (pid == 0) { assert(!(b == 1 && a == 0)); exit(0); }
  pthread_join(t, 0);
  waitpid(pid, 0, 0);
  return 0;
}
