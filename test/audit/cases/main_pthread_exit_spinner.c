// main leaves with pthread_exit: the process lives on with the spinner alone.
int flag;
void *w(void *arg) { while (flag == 0) { } return 0; }
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, w, 0);
  pthread_exit(0);
  return 0;
}
