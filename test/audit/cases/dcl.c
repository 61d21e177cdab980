// Double-checked initialisation: the object's fields, then the pointer that publishes it.
struct obj { int a; int b; };
struct obj storage;
struct obj *instance;
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
struct obj *get(void) {
  struct obj *p = instance;
  if (p == 0) {
    pthread_mutex_lock(&m);
    p = instance;
    if (p == 0) {
      storage.a = 1; storage.b = 2;
      FENCE
      instance = &storage;
      p = &storage;
    }
    pthread_mutex_unlock(&m);
  }
  return p;
}
void *user(void *arg) { struct obj *p = get(); assert(p->a == 1 && p->b == 2); return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, user, 0); pthread_create(&b, 0, user, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
