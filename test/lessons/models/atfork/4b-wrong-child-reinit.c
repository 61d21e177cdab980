// Wrong: prepare still drops the lock, and the child handler re-initialises
// it. The deadlock is gone; the half-finished request is not.
void plash_atfork_prepare(void) {
  pthread_mutex_lock(&plash_libc_lock);
  child_sock = plash_libc_duplicate_connection();
  pthread_mutex_unlock(&plash_libc_lock);
}

void plash_atfork_parent(void) {
  close(child_sock);
}

void plash_atfork_child(void) {
  pthread_mutex_init(&plash_libc_lock, NULL);
  close(comm_sock);
  dup2(child_sock, comm_sock);
  close(child_sock);
}
