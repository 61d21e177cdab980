// Bakery without choosing[]: two threads can take the same ticket and both enter (SC).
int number[2]; int inside;
void *worker(void *arg) {
  int i = (int)arg; int j = 1 - i;
  int a = number[0]; int b = number[1];
  number[i] = 1 + (a > b ? a : b);
  while (number[j] != 0 && (number[j] < number[i] || (number[j] == number[i] && j < i))) { }
  inside = inside + 1; assert(inside == 1); inside = inside - 1;
  number[i] = 0;
  return 0;
}
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, worker, (void *)0); pthread_create(&b, 0, worker, (void *)1);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
