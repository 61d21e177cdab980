// main returns while a thread spins forever: exit ends it; under weak fairness main runs.
int flag;
void *w(void *arg) { while (flag == 0) { } return 0; }
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, w, 0);
  return 0;
}
