// glibc malloc's protocol: prepare holds the lock across the fork, so in the
// child no thread can be half-way through a call, and re-initialising the
// lock is as good as unlocking it.
void plash_atfork_prepare(void) {
  pthread_mutex_lock(&plash_libc_lock);
  child_sock = plash_libc_duplicate_connection();
}

void plash_atfork_parent(void) {
  close(child_sock);
  pthread_mutex_unlock(&plash_libc_lock);
}

void plash_atfork_child(void) {
  close(comm_sock);
  dup2(child_sock, comm_sock);
  close(child_sock);
  pthread_mutex_init(&plash_libc_lock, NULL);
}
