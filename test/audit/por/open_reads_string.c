// expect: pass
// open reads its path string from memory main writes meanwhile: a read of anything; nothing can fail.
// options: {"properties": ["assertion"]}
char path[2] = "a";
int fdw;
void *w(void *arg) { fdw = open(path, 0); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); path[0] = 'b'; pthread_join(h, 0); int fa = open("a", 0); int fb = fdw; assert(fa != 3 || fb != 4); return 0; }
