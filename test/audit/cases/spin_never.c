int flag;
void *waiter(void *arg) { while (flag == 0) { } return 0; }
int main(void) {
  pthread_t a;
  pthread_create(&a, 0, waiter, 0);
  pthread_join(a, 0);
  return 0;
}
