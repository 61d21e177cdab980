// Dining philosophers: each takes the fork on its left, then the one on its
// right. With every philosopher holding its left fork, nobody can go on: a
// deadlock. The bench sets N by rewriting the #define line.
#define N 3

pthread_mutex_t forks[N];
int ids[N];

void *philosopher(void *arg) {
  int i = *(int *)arg;
  pthread_mutex_lock(&forks[i]);
  pthread_mutex_lock(&forks[(i + 1) % N]);
  pthread_mutex_unlock(&forks[(i + 1) % N]);
  pthread_mutex_unlock(&forks[i]);
  return 0;
}

int main(void) {
  pthread_t t[N];
  for (int i = 0; i < N; i++) {
    ids[i] = i;
    pthread_create(&t[i], 0, philosopher, &ids[i]);
  }
  for (int i = 0; i < N; i++) pthread_join(t[i], 0);
  return 0;
}
