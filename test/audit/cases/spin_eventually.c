int flag;
void *waiter(void *arg) { while (flag == 0) { } return 0; }
void *setter(void *arg) { flag = 1; return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, waiter, 0);
  pthread_create(&b, 0, setter, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
