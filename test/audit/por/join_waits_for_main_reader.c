// expect: pass
// u joins a thread that joins main's reader: nothing moves before main reads; a pass.
int x; int done; pthread_t ha;
void *a(void *arg) { int r = x; assert(r == 0); return 0; }
void *u(void *arg) { pthread_join(ha, 0); x = 1; return 0; }
int main(void) {
  pthread_create(&ha, 0, a, 0);
  pthread_t hu; pthread_create(&hu, 0, u, 0);
  pthread_join(hu, 0);
  return 0;
}
