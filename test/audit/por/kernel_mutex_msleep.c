// expect: fail assertion
// msleep gives the mutex up: w gets in while main sleeps on the channel.
struct mutex m; int x; int ready;
void *w(void *arg) { mutex_lock(&m); x = 1; ready = 1; wakeup(&ready); mutex_unlock(&m); return 0; }
int main(void) {
  pthread_t h; pthread_create(&h, 0, w, 0);
  mutex_lock(&m);
  int r = x;
  if (ready == 0) msleep(&ready, &m);
  int s = x; assert(s == r);
  mutex_unlock(&m);
  pthread_join(h, 0); return 0;
}
