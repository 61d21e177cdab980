// Exercise 4a's model: PlashGlibc's libc, cut down to what the deadlock needs.
// The fix under test defines plash_fork(); everything else is here.
//
// Plash's libc does not make file-system calls itself: it sends each request
// to a server over one socket (comm_sock) and waits for the reply. One lock
// serialises the use of that socket, so that a reply always goes back to the
// thread that sent the request.

// How many other threads use libc while main forks (the lesson's sampling
// cell raises it; the checker needs only one to find the bug).
#define OTHER_THREADS 1

pthread_mutex_t plash_libc_lock = PTHREAD_MUTEX_INITIALIZER;
int comm_sock;

// The socket's traffic: what plash_libc_lock protects.
struct connection { int requests; int replies; };
struct connection conn;

// Whenever nobody holds the lock, every request has had its reply.
#pragma invariant calls_paired
int calls_paired(void) {
  return plash_libc_lock.__lock != 0 || conn.requests == conn.replies;
}

// One request and its reply (sendmsg, then recvmsg). Caller holds the lock.
void server_call(void) {
  conn.requests = conn.requests + 1;
  conn.replies = conn.replies + 1;
}

// A libc call the server answers: open(), stat(), getcwd()...
void plash_open(void) {
  pthread_mutex_lock(&plash_libc_lock);
  server_call();
  pthread_mutex_unlock(&plash_libc_lock);
}

// Ask the server for a second connection, for the child to use. The reply
// carries a new descriptor (SCM_RIGHTS). Caller holds the lock.
int plash_libc_duplicate_connection(void) {
  server_call();
  return open("plash-server", O_RDWR);
}

pid_t kernel_fork(void) {
  return fork();
}

pid_t plash_fork(void);

// Another thread of the program, using libc while main forks.
void *other_thread(void *arg) {
  plash_open();
  return NULL;
}

int main(void) {
  pthread_t t[OTHER_THREADS];
  int status;
  comm_sock = open("plash-server", O_RDWR);
  for (int i = 0; i < OTHER_THREADS; i++)
    pthread_create(&t[i], NULL, other_thread, NULL);
  pid_t pid = plash_fork();
  if (pid == 0) {
    plash_open();           // the child's first call into libc
    _exit(3);
  }
  waitpid(pid, &status, 0);
  for (int i = 0; i < OTHER_THREADS; i++)
    pthread_join(t[i], NULL);
  return 0;
}
