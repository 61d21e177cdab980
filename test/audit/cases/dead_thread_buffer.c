// A finished (unjoined) thread's buffered store still reaches memory eventually.
int flag;
void *w(void *arg) { flag = 1; return 0; }
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, w, 0);
  while (flag == 0) { }
  return 0;
}
