// Wrong: prepare keeps the lock, but only the parent handler releases it.
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
}
