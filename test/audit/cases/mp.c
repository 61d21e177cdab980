// Message passing: data then flag; the reader spins on the flag then reads data.
int data; int flag;
void *writer(void *arg) {
  data = 42;
  FENCE
  flag = 1;
  return 0;
}
void *reader(void *arg) {
  while (flag == 0) { }
  assert(data == 42);
  return 0;
}
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, writer, 0);
  pthread_create(&b, 0, reader, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
