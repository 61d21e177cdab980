// Lamport's bakery, 2 threads, each enters once (tickets bounded by 2).
int choosing[2]; int number[2]; int inside;
int maxn(void) { int a = number[0]; int b = number[1]; return a > b ? a : b; }
void lock(int i) {
  int j = 1 - i;
  choosing[i] = 1;
  FENCE
  number[i] = 1 + maxn();
  choosing[i] = 0;
  FENCE
  while (choosing[j]) { }
  while (number[j] != 0 && (number[j] < number[i] || (number[j] == number[i] && j < i))) { }
}
void *worker(void *arg) {
  int i = (int)arg;
  lock(i);
  inside = inside + 1;
  assert(inside == 1);
  inside = inside - 1;
  FENCE
  number[i] = 0;
  return 0;
}
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, worker, (void *)0);
  pthread_create(&b, 0, worker, (void *)1);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
